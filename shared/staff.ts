import { z } from 'zod';
import { staffRoles } from './domain.ts';

export const staffRoleSchema = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** A staff account as the exam office sees it; never the password hash. */
export const staffAccountSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  createdAt: z.number(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

export const staffQuerySchema = z.object({ role: staffRoleSchema.optional() });
export type StaffQuery = z.infer<typeof staffQuerySchema>;

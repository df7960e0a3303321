import { z } from 'zod';
import { staffRoles } from './domain.ts';
import { newPasswordSchema } from './password.ts';

export const staffRoleSchema = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** A staff account as the exam office sees it; never the password hash. */
export const staffAccountSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  createdAt: z.number(),
  /** null while the account may log in; when it was disabled otherwise. */
  disabledAt: z.number().nullable(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

export const staffQuerySchema = z.object({ role: staffRoleSchema.optional() });
export type StaffQuery = z.infer<typeof staffQuerySchema>;

export const STAFF_LOGIN_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;

/**
 * 3-32 letters, digits, `.`, `_`, `-`, with at least one letter: all-digit logins are admission
 * ticket numbers, and a staff account must never take a number a ticket will be issued under.
 */
export const staffLoginSchema = z
  .string()
  .trim()
  .regex(STAFF_LOGIN_PATTERN, '3-32 letters, digits and . _ - only')
  .regex(/[A-Za-z]/, 'must contain a letter (all-digit logins are reserved for admission tickets)');

const displayNameSchema = z.string().trim().min(1).max(40);

export const staffCreateBodySchema = z.strictObject({
  login: staffLoginSchema,
  displayName: displayNameSchema,
  role: staffRoleSchema,
  password: newPasswordSchema,
});
export type StaffCreateBody = z.infer<typeof staffCreateBodySchema>;

export const staffUpdateBodySchema = z
  .strictObject({ displayName: displayNameSchema.optional(), role: staffRoleSchema.optional() })
  .refine((b) => b.displayName !== undefined || b.role !== undefined, { message: 'give displayName, role or both', params: { key: 'staff.nothingToChange' } });
export type StaffUpdateBody = z.infer<typeof staffUpdateBodySchema>;

export const staffStatusSchema = z.enum(['active', 'disabled']);
export type StaffStatus = z.infer<typeof staffStatusSchema>;
export const staffStatusBodySchema = z.strictObject({ status: staffStatusSchema });
export type StaffStatusBody = z.infer<typeof staffStatusBodySchema>;

/** The admin types (or has the page generate) the new password: the server never sends one back. */
export const staffPasswordBodySchema = z.strictObject({ password: newPasswordSchema });
export type StaffPasswordBody = z.infer<typeof staffPasswordBodySchema>;

import { z } from 'zod';

/**
 * The rule for a password someone chooses (an applicant registering, an admin setting a staff
 * password): long enough to resist guessing, short enough for scrypt. Login forms accept any
 * non-empty password up to 128 so an older, shorter one still works.
 */
export const NEW_PASSWORD_MIN = 8;
export const NEW_PASSWORD_MAX = 128;
export const newPasswordSchema = z.string().min(NEW_PASSWORD_MIN).max(NEW_PASSWORD_MAX);

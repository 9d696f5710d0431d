/** Staff sign-in and password change inputs, shared by the consoles (which check a new password's length before sending) and the API. */
import { z } from 'zod';

/** At least this long; no other rule (length is what makes a password hard to guess). */
export const MIN_PASSWORD_LENGTH = 10;

export const loginInput = z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) });

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(200),
});

import { z } from 'zod';

/** An email address as every service takes it: trimmed, lower-cased, at most 254 characters. */
export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be a valid email address').max(254, 'must be at most 254 characters'));

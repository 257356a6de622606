import { z } from 'zod';
import { badUserInput } from './errors.js';

/**
 * Validates and normalises client input with a zod schema; every failing field is reported
 * at once in `extensions.fields` (BAD_USER_INPUT), and nothing has been touched yet.
 */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || 'input';
    fields[path] ??= issue.message;
  }
  throw badUserInput(fields);
}

/** Validates one scalar argument, reported under its own name in `extensions.fields`. */
export function parseArgument<T extends z.ZodTypeAny>(name: string, schema: T, value: unknown): z.infer<T> {
  return (parseInput(z.object({ [name]: schema }), { [name]: value }) as Record<string, z.infer<T>>)[name] as z.infer<T>;
}

import { v7 as uuidv7, validate, version } from 'uuid';
import { badUserInput } from './errors.js';

/** Time-ordered ids keep primary-key indexes append-mostly and make id order creation order. */
export const newId = (): string => uuidv7();

export function isId(value: string): boolean {
  return validate(value) && version(value) === 7;
}

/** Checks a client-supplied id; a malformed one is the client's mistake, not a missing thing. */
export function parseId(value: string, field = 'id'): string {
  if (!isId(value)) throw badUserInput({ [field]: 'is not a valid id' });
  return value.toLowerCase();
}

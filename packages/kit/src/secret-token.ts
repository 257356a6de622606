import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** What is stored of a secret token: its SHA-256, so a leaked table gives no usable token. */
export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new unguessable token (256 random bits, base64url) and the hash to keep of it. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

/** How a bad, used or expired link token is reported, under `fields.token`: one message for all, so none tells which. */
export const invalidToken = { token: 'is invalid, used or expired' };

/** What a link's token argument may be; anything longer is no token of ours. */
export const tokenArgument = z.string().min(1, invalidToken.token).max(200, invalidToken.token);

import { createHash, randomBytes } from 'node:crypto';

/** What is stored of a secret token: its SHA-256, so a leaked table gives no usable token. */
export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new unguessable token (256 random bits, base64url) and the hash to keep of it. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

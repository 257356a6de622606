/**
 * Access tokens made by the tests themselves: signed with the run's real key (to check that
 * only the claims are wrong), with a key of their own, or not signed at all.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Env } from '@taskgraph/kit';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

/** The key the run's accounts service signs with, read from `<DATA_DIR>/accounts/signing-keys.json`. */
export async function realSigningKey(env: Env): Promise<SigningKey> {
  const file = path.join(env.DATA_DIR!, 'accounts', 'signing-keys.json');
  const [jwk] = JSON.parse(await readFile(file, 'utf8')) as (JWK & { kid: string })[];
  if (!jwk) throw new Error(`no signing key in ${file}`);
  return { kid: jwk.kid, key: (await importJWK(jwk, 'EdDSA')) as CryptoKey };
}

/** A fresh Ed25519 key that the services have never seen, under the given kid. */
export async function foreignSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  // Round-trip through JWK so the key is the same kind of object as the real one.
  return { kid, key: (await importJWK(await exportJWK(privateKey), 'EdDSA')) as CryptoKey };
}

export interface Claims {
  sub?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  iat?: number;
  exp?: number;
  jti?: string;
  /** The session (refresh token family) the token belongs to. */
  sid?: string;
}

const now = () => Math.floor(Date.now() / 1000);

/** Claims as the accounts service issues them, for `sub`, valid for five minutes; override any. */
export function claimsFor(sub: string, overrides: Claims = {}): Claims {
  return { sub, iss: 'taskgraph', aud: 'taskgraph', iat: now(), exp: now() + 300, jti: randomUUID(), sid: randomUUID(), ...overrides };
}

/** Signs `claims` (those left undefined are left out) as an EdDSA JWT with `kid` in the header. */
export function signToken({ kid, key }: SigningKey, claims: Claims): Promise<string> {
  const payload = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' }).sign(key);
}

/** An unsigned `alg: none` JWT: header and payload, empty signature. */
export function unsignedToken(claims: Claims, kid?: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT', ...(kid ? { kid } : {}) })}.${part(claims)}.`;
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ACCESS_TOKEN_ALGORITHM, type Logger, newId, SettingsError } from '@taskgraph/kit';
import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';

export interface SigningKeys {
  /** The key new tokens are signed with. */
  active: { kid: string; key: CryptoKey };
  /** The public halves of every live key, as served at /.well-known/jwks.json. */
  jwks: JSONWebKeySet;
  verificationKeys: JWTVerifyGetKey;
}

const privateJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), d: z.string(), kid: z.string().min(1) });
const privateJwks = z.array(privateJwk).min(1);

async function generateDevelopmentKey(file: string, logger: Logger): Promise<JWK[]> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: newId() };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify([jwk], null, 2), { mode: 0o600 });
  logger.info({ file }, 'generated a development signing key');
  return [jwk];
}

/**
 * Keys come from AUTH_SIGNING_KEYS; without it (by default outside production) one is
 * generated once and kept under DATA_DIR so tokens survive restarts.
 */
export async function loadSigningKeys(
  settings: { AUTH_SIGNING_KEYS?: string | undefined; AUTH_GENERATE_SIGNING_KEY?: boolean | undefined; DATA_DIR: string; NODE_ENV: string },
  logger: Logger,
): Promise<SigningKeys> {
  let raw: unknown;
  if (settings.AUTH_SIGNING_KEYS) {
    raw = JSON.parse(settings.AUTH_SIGNING_KEYS);
  } else if (!(settings.AUTH_GENERATE_SIGNING_KEY ?? settings.NODE_ENV !== 'production')) {
    throw new SettingsError(
      'AUTH_SIGNING_KEYS must be set (a JSON array of Ed25519 private JWKs with kid), or AUTH_GENERATE_SIGNING_KEY=true',
    );
  } else {
    const file = path.resolve(settings.DATA_DIR, 'accounts', 'signing-keys.json');
    raw = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as unknown,
      () => generateDevelopmentKey(file, logger),
    );
  }
  const parsed = privateJwks.safeParse(raw);
  if (!parsed.success)
    throw new SettingsError(`AUTH_SIGNING_KEYS: not a JSON array of Ed25519 private JWKs with kid (${parsed.error.message})`);
  const [first] = parsed.data;
  const jwks: JSONWebKeySet = {
    keys: parsed.data.map(({ d: _private, ...publicJwk }) => ({ ...publicJwk, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' })),
  };
  const key = (await importJWK(first!, ACCESS_TOKEN_ALGORITHM)) as CryptoKey;
  return { active: { kid: first!.kid, key }, jwks, verificationKeys: createLocalJWKSet(jwks) };
}

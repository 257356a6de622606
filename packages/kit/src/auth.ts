import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { unauthenticatedRequest } from './errors.js';

/** Who is calling, as proven by a verified access token. */
export interface Viewer {
  userId: string;
  /** The login the token belongs to (its `sid`): what logging out or a password change ends. */
  sessionId: string;
  tokenId: string;
  expiresAt: Date;
}

export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Where the signing keys come from: a JWKS URL, or a key getter (the accounts service uses its own keys). */
  keys: URL | JWTVerifyGetKey;
  /** Sessions ended before their tokens expire, checked on every request. */
  revoked: { has(sessionId: string): boolean };
}

export type TokenVerifier = (token: string) => Promise<Viewer>;

/**
 * Verifying a signature is most of what authenticating a request costs, and a client sends the
 * same token with every request until it expires: a token verified in the last minute is taken
 * as verified. That minute is less than the JWKS is cached for, so a withdrawn key is honoured
 * no longer than it already is.
 */
const VERIFIED_TOKENS = { max: 10_000, ttl: 60_000 };

export function createTokenVerifier({ issuer, audience, keys, revoked }: TokenVerifierOptions): TokenVerifier {
  const getKey = keys instanceof URL ? createRemoteJWKSet(keys, { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : keys;
  const verified = new LRUCache<string, Viewer>(VERIFIED_TOKENS);
  const verifySignature = async (token: string): Promise<Viewer> => {
    const known = verified.get(token);
    if (known && known.expiresAt.getTime() > Date.now()) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        issuer,
        audience,
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        requiredClaims: ['sub', 'sid', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      throw error instanceof errors.JWTExpired
        ? unauthenticatedRequest('TOKEN_EXPIRED', 'Access token expired')
        : unauthenticatedRequest('TOKEN_INVALID', 'Invalid access token');
    }
    if (typeof payload.sid !== 'string') throw unauthenticatedRequest('TOKEN_INVALID', 'Invalid access token');
    const viewer = { userId: payload.sub!, sessionId: payload.sid, tokenId: payload.jti!, expiresAt: new Date(payload.exp! * 1000) };
    verified.set(token, viewer);
    return viewer;
  };
  // Past the cache: a session ended a moment ago is refused at its very next request.
  return async (token) => {
    const viewer = await verifySignature(token);
    if (revoked.has(viewer.sessionId)) throw unauthenticatedRequest('SESSION_REVOKED', 'This session has been signed out');
    return viewer;
  };
}

/** Reads a `Bearer` token; anything else in the header is rejected, never treated as anonymous. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)$/.exec(header.trim());
  if (!match) throw unauthenticatedRequest('TOKEN_INVALID', 'Malformed authorization header');
  return match[1]!;
}

/** Verifies the request's bearer token, if any: no token is anonymous, a bad token is an error. */
export async function authenticate(header: string | undefined, verify: TokenVerifier): Promise<Viewer | null> {
  const token = bearerToken(header);
  return token === null ? null : verify(token);
}

/**
 * As `authenticate`, except that an operation that serves anyone (signing up, logging in,
 * refreshing) is served anonymously whatever the header holds: a client's auth link attaches
 * the token it has, and an expired one must not stop the refresh that replaces it.
 */
export async function authenticateUnlessPublic(
  header: string | undefined,
  verify: TokenVerifier,
  isPublic: () => boolean,
): Promise<Viewer | null> {
  try {
    return await authenticate(header, verify);
  } catch (error) {
    if (isPublic()) return null;
    throw error;
  }
}

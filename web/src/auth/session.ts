/**
 * The signed-in session: tokens kept in localStorage (so a reload stays signed in), and a store React reads with
 * useSyncExternalStore. The refresh goes straight to the gateway with fetch, outside Apollo's link chain, so that a
 * refresh can never itself be retried by the link that asked for it.
 */
import { useSyncExternalStore } from 'react';
import { documentHash } from '../apollo/persisted';
import { gatewayUrl } from '../config';
import { graphql } from '../gql';
import type { RefreshMutation } from '../gql/graphql';

export interface Session {
  accessToken: string;
  /** ISO-8601: when the gateway starts refusing the access token. */
  accessTokenExpiresAt: string;
  refreshToken: string;
  userId: string;
  displayName: string;
}

const storageKey = 'taskgraph.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  const stored = localStorage.getItem(storageKey);
  if (!stored) return null;
  try {
    return asSession(JSON.parse(stored));
  } catch {
    return null;
  }
}

/** What an older version of the app (or someone's hand) left in storage is checked before it is trusted. */
function asSession(value: unknown): Session | null {
  if (typeof value !== 'object' || value === null) return null;
  const { accessToken, accessTokenExpiresAt, refreshToken, userId, displayName } = value as Record<string, unknown>;
  return typeof accessToken === 'string' &&
    typeof accessTokenExpiresAt === 'string' &&
    typeof refreshToken === 'string' &&
    typeof userId === 'string' &&
    typeof displayName === 'string'
    ? { accessToken, accessTokenExpiresAt, refreshToken, userId, displayName }
    : null;
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(storageKey, JSON.stringify(session));
  else localStorage.removeItem(storageKey);
  for (const listener of listeners) listener();
}

export function useSession(): Session | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, getSession);
}

/** What signing in gives, by registering, logging in or refreshing: the session's tokens and who it is. */
graphql(`
  fragment SignedIn on AuthPayload {
    accessToken
    accessTokenExpiresAt
    refreshToken
    user {
      id
      displayName
    }
  }
`);

const RefreshDocument = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      ...SignedIn
    }
  }
`);

let refreshing: Promise<Session | null> | null = null;

/**
 * Trades the refresh token for new tokens; null (and signed out) when the session cannot go on. Concurrent callers
 * share one refresh: refresh tokens rotate, and presenting one twice would revoke the whole session.
 */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= doRefresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function doRefresh(): Promise<Session | null> {
  const session = current;
  if (!session) return null;
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // By its trusted document's hash, as every operation of the app goes.
    body: JSON.stringify({
      extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(RefreshDocument) } },
      variables: { refreshToken: session.refreshToken },
    }),
  }).catch(() => undefined);
  const payload = response ? ((await response.json().catch(() => ({}))) as { data?: RefreshMutation | null }) : {};
  const tokens = payload.data?.refreshToken;
  if (!tokens) {
    // Only a definite refusal ends the session; a network failure leaves it for the next attempt.
    if (response) setSession(null);
    return null;
  }
  const next = {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshToken: tokens.refreshToken,
    userId: tokens.user.id,
    displayName: tokens.user.displayName,
  };
  setSession(next);
  return next;
}

/**
 * How long a token must have left to be sent on a (re)connection: the time the socket's handshake may take on a
 * loaded machine, with room to spare.
 */
const renewAheadMs = 2000;

/**
 * When the gateway starts refusing the token: its `exp` claim is in whole seconds, rounded down from
 * `accessTokenExpiresAt`, so up to a second before it.
 */
const refusedFrom = (session: Session) => Math.floor(Date.parse(session.accessTokenExpiresAt) / 1000) * 1000;

/**
 * An access token the gateway will take for a little while yet, renewed first when it is about to expire: what the
 * live socket sends at each (re)connection. An expired token there would close the socket with 4401, which graphql-ws
 * does not retry.
 */
export async function freshAccessToken(): Promise<string | null> {
  const session = current;
  if (!session) return null;
  if (refusedFrom(session) - Date.now() > renewAheadMs) return session.accessToken;
  return (await refreshSession())?.accessToken ?? null;
}

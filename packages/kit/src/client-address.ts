import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/** How the gateway tells a subgraph the client's address; subgraphs never read X-Forwarded-For. */
export const CLIENT_ADDRESS_HEADER = 'x-client-address';

/**
 * How the gateway tells a subgraph the client's User-Agent (empty when it sent none): the
 * gateway's own requests carry a User-Agent of their own.
 */
export const CLIENT_USER_AGENT_HEADER = 'x-client-user-agent';

/** Whether the address at `hop` (0: the peer of the socket, 1: the last X-Forwarded-For entry, …) is a proxy we trust. */
export type TrustedProxies = (address: string, hop: number) => boolean;

const compileList = (value: string): TrustedProxies =>
  proxyAddr.compile(
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const trustSetting = z
  .string()
  .trim()
  .refine((value) => {
    if (value === 'none' || /^\d+$/.test(value)) return true;
    try {
      compileList(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be none, a number of proxy hops, or a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal');

/**
 * Whose X-Forwarded-For the gateway believes. Unset, it trusts none in production (a client can
 * write the header itself) and loopback outside it (a local proxy in development).
 */
export const clientAddressSettings = {
  TRUST_PROXY: trustSetting.optional(),
};

export function trustedProxies(setting: string | undefined, production: boolean): TrustedProxies {
  const value = setting ?? (production ? 'none' : 'loopback');
  if (value === 'none') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return compileList(value);
}

/**
 * A request's client address as the gateway determines it: the socket's peer, or, through the
 * trusted proxies only, the nearest X-Forwarded-For entry they did not write themselves. For
 * HTTP and WebSocket upgrade requests alike.
 */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  return proxyAddr(req, trusted);
}

/**
 * A subgraph's view of the client address: what the gateway sent (only the gateway reaches a
 * subgraph in a deployment), else the socket's peer, for a call made to the subgraph directly.
 */
export function forwardedClientAddress(req: IncomingMessage): string {
  const forwarded = req.headers[CLIENT_ADDRESS_HEADER];
  if (typeof forwarded === 'string' && isIP(forwarded)) return forwarded;
  return req.socket.remoteAddress ?? '';
}

/** Stored as sent, up to this many characters: enough to tell browsers and devices apart. */
const USER_AGENT_MAX_LENGTH = 512;

/**
 * A subgraph's view of the client's User-Agent: what the gateway sent, else the request's own
 * (a call made to the subgraph directly); null when there is none.
 */
export function forwardedUserAgent(req: IncomingMessage): string | null {
  const forwarded = req.headers[CLIENT_USER_AGENT_HEADER];
  const value = typeof forwarded === 'string' ? forwarded : req.headers['user-agent'];
  return value ? value.slice(0, USER_AGENT_MAX_LENGTH) : null;
}

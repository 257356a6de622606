/**
 * Noticing a live socket that is gone before TCP does, and coming back as soon as the network does. A browser that
 * loses its network often leaves its WebSocket open, silently carrying nothing, for minutes: so the socket is given
 * up at once when the browser says it is offline, and when a ping gets no pong in time; graphql-ws then reconnects
 * (a terminated socket is one it retries), waiting between attempts as below, but no longer once the browser is
 * online again. The subscriptions resume from their last cursor (resume.ts), so nothing is missed meanwhile.
 */
import type { Client } from 'graphql-ws';

/** How often the app pings the gateway over an idle socket. */
export const keepAliveMs = 10_000;
/** How long a pong may take before the socket is taken for dead. */
const pongTimeoutMs = 5_000;
const firstRetryMs = 500;
const maxRetryMs = 10_000;

/** graphql-ws's `retryWait`: a growing, jittered wait, cut short when the browser comes online. */
export function retryWait(retries: number): Promise<void> {
  const wait = Math.min(maxRetryMs, firstRetryMs * 2 ** retries) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, wait);
    window.addEventListener('online', done);
  });
}

/** Hooks for graphql-ws's `on.ping` and `on.pong`, and the offline listener, for the client once it exists. */
export function watchLiveness(client: () => Client) {
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('offline', () => client().terminate());
  return {
    ping: (received: boolean) => {
      if (received) return;
      clearTimeout(pongTimer);
      pongTimer = setTimeout(() => client().terminate(), pongTimeoutMs);
    },
    pong: (received: boolean) => {
      if (received) clearTimeout(pongTimer);
    },
    closed: () => clearTimeout(pongTimer),
  };
}

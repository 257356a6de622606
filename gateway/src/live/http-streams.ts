import type { ServerResponse } from 'node:http';
import type { LiveContext, LiveTransport } from './admit.js';
import type { LiveSessions } from './sessions.js';

/** How one HTTP stream is ended, in its transport's terms, for each reason the gateway ends one. */
export interface StreamEnds {
  /** The access token expired: ended so that the client comes back with a fresh token. */
  expired(): void;
  /** The session was revoked: ended so that the client does not come back. */
  revoked(): void;
  /** The gateway is stopping: ended so that the client resumes elsewhere. */
  closing(): void;
}

/**
 * The open subscription streams of the HTTP transports (SSE, multipart): each is ended when its
 * token expires, when its session is revoked and when the gateway stops, and forgotten when its
 * response closes, however that happens.
 */
export class HttpStreams {
  private readonly open = new Map<LiveTransport, Set<StreamEnds>>();

  constructor(private readonly sessions: LiveSessions) {}

  count(transport: LiveTransport): number {
    return this.open.get(transport)?.size ?? 0;
  }

  track(transport: LiveTransport, context: LiveContext, res: ServerResponse, ends: StreamEnds): void {
    const streams = this.open.get(transport) ?? new Set();
    this.open.set(transport, streams);
    streams.add(ends);
    const expiry = setTimeout(() => ends.expired(), context.viewer.expiresAt.getTime() - Date.now());
    const forget = this.sessions.add(context.viewer.sessionId, () => ends.revoked());
    const untrack = () => {
      clearTimeout(expiry);
      forget();
      streams.delete(ends);
    };
    if (res.destroyed || res.writableFinished) untrack();
    else res.once('close', untrack);
  }

  close(): void {
    for (const streams of this.open.values()) for (const ends of [...streams]) ends.closing();
  }
}

/** Resolves once the response can take more without buffering, or has closed: a stream is written at its client's pace. */
export function drained(res: ServerResponse): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

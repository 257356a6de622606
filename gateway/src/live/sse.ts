import type { ServerResponse } from 'node:http';
import { sessionRevoked } from '@taskgraph/kit';
import type { Request, Response } from 'express';
import type { ExecutionResult } from 'graphql';
import { createHandler } from 'graphql-sse';
import type { LiveAdmission, LiveContext } from './admit.js';
import { EndableResults } from './endable-results.js';
import { drained, type HttpStreams } from './http-streams.js';

interface SseRequestContext {
  live: LiveContext;
  res: ServerResponse;
  /** What the client last received on a stream of this subscription (a browser's EventSource sends it on reconnecting). */
  lastEventId: string | undefined;
}

/**
 * Subscriptions over Server-Sent Events, graphql-sse's "distinct connections mode": one stream
 * per subscription, the token in the Authorization header. graphql-sse runs the protocol (the
 * `next` and `complete` events, keep-alive comments every 12 s); the gateway's admission decides,
 * and every `next` event gets its cursor as SSE `id`, which a browser's EventSource sends back as
 * Last-Event-ID when it reconnects. A refusal, as the protocol asks, comes on the accepted stream
 * (one `next` with the errors, then `complete`): an EventSource cannot read an error response.
 */
export function sseTransport(admission: LiveAdmission, streams: HttpStreams) {
  const handler = createHandler<Request, SseRequestContext>({
    // Distinct connections only: no stream is reserved for several operations.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      const { live, res, lastEventId } = req.context;
      const admitted = await admission.admit(live, params, 'sse', { resumeCursor: lastEventId });
      if ('errors' in admitted) return once({ errors: admitted.errors });
      const results = new EndableResults(admission.start(admitted.accepted), () => drained(res));
      streams.track('sse', live, res, {
        // A stream that ends without `complete` is one every SSE client opens again, with the headers (and Last-Event-ID) it has then.
        expired: () => res.end(),
        closing: () => res.end(),
        revoked: () => results.fail(sessionRevoked('This session has been signed out')),
      });
      return results;
    },
  });

  return async (req: Request, res: Response, live: LiveContext): Promise<void> => {
    const [body, init] = await handler({
      method: req.method,
      url: req.originalUrl,
      headers: {
        // Whatever else it lists, the request was routed here for text/event-stream.
        get: (key) => (key === 'accept' ? 'text/event-stream' : req.header(key)),
      },
      body: req.body ?? null,
      raw: req,
      context: { live, res, lastEventId: req.header('last-event-id') || undefined },
    });
    res.writeHead(init.status, init.statusText, { ...init.headers, 'x-accel-buffering': 'no' });
    if (body === null || typeof body === 'string') {
      res.end(body ?? undefined);
      return;
    }
    res.once('close', () => void body.return());
    for await (const message of body) {
      if (!res.writable) break;
      res.write(withEventId(message));
    }
    res.end();
  };
}

/** A result, once. */
async function* once(result: ExecutionResult): AsyncGenerator<ExecutionResult> {
  yield result;
}

/** A `next` event with the cursor of its result as the event's `id` (a cursor is base64url and a dot: no line break). */
function withEventId(message: string): string {
  if (!message.startsWith('event: next\n')) return message;
  const data = message.slice(message.indexOf('data:') + 'data:'.length).trim();
  const result: unknown = data ? JSON.parse(data) : null;
  const cursor = typeof result === 'object' && result !== null && 'extensions' in result ? cursorOf(result.extensions) : undefined;
  return cursor ? `id: ${cursor}\n${message}` : message;
}

const cursorOf = (extensions: unknown): string | undefined =>
  typeof extensions === 'object' && extensions !== null && 'cursor' in extensions && typeof extensions.cursor === 'string'
    ? extensions.cursor
    : undefined;

import { AppError, sessionRevoked, unauthenticated } from '@taskgraph/kit';
import type { Response } from 'express';
import type { GraphQLError } from 'graphql';
import type { LiveAdmission, LiveContext, SubscribeRequest } from './admit.js';
import { EndableResults } from './endable-results.js';
import { drained, type HttpStreams } from './http-streams.js';

/** Apollo's multipart subscription protocol asks for a heartbeat this often, so that neither side takes the stream for dead. */
const HEARTBEAT_MS = 5000;
const BOUNDARY = 'graphql';

const goingAway = () =>
  new AppError('INTERNAL_SERVER_ERROR', 'The gateway is shutting down: subscribe again with the last cursor', { reason: 'GOING_AWAY' });

/**
 * Subscriptions over multipart HTTP, Apollo's protocol (`accept: multipart/mixed;subscriptionSpec="1.0"`),
 * what Apollo Client's HttpLink sends: one `application/json` part per result,
 * `{"payload": <result>}`, a heartbeat part `{}` every 5 seconds, and the final boundary. What
 * ends the subscription otherwise (a refusal, FORBIDDEN, a revoked session, an expired token) is a
 * last part `{"payload": null, "errors": [...]}`, a transport-level error in that protocol.
 */
export function multipartTransport(admission: LiveAdmission, streams: HttpStreams) {
  return async (request: SubscribeRequest, res: Response, live: LiveContext): Promise<void> => {
    const admitted = await admission.admit(live, request, 'multipart');
    if (res.destroyed) {
      if ('accepted' in admitted) admitted.accepted.release();
      return;
    }
    res.writeHead(200, {
      'content-type': `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"`,
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    // Each part is followed by its boundary at once: a client hands a part on when it sees the boundary after it.
    const part = (json: string) => {
      if (res.writable) res.write(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${json}\r\n--${BOUNDARY}`);
    };
    const fail = (errors: readonly GraphQLError[]) => part(JSON.stringify({ payload: null, errors }));
    const finish = () => res.end('--\r\n');
    res.write(`\r\n--${BOUNDARY}`);
    part('{}');
    if ('errors' in admitted) {
      fail(admitted.errors);
      finish();
      return;
    }
    // Started in the same turn as the head is written: the subscription hears every event that follows the client's seeing it.
    const results = new EndableResults(admission.start(admitted.accepted), () => drained(res));
    streams.track('multipart', live, res, {
      expired: () => results.fail(unauthenticated('Access token expired', 'TOKEN_EXPIRED')),
      revoked: () => results.fail(sessionRevoked('This session has been signed out')),
      closing: () => results.fail(goingAway()),
    });
    res.once('close', () => void results.return());
    const heartbeat = setInterval(() => part('{}'), HEARTBEAT_MS);
    try {
      for await (const result of results) {
        if (!res.writable) break;
        if (results.endedWith) fail([results.endedWith]);
        else part(JSON.stringify({ payload: result }));
      }
    } finally {
      clearInterval(heartbeat);
    }
    if (res.writable) finish();
  };
}

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Tracer } from '@opentelemetry/api';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { newId } from './ids.js';
import type { Logger } from './logger.js';
import { pathOf } from './request-path.js';
import { traceRequests } from './tracing.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
  /**
   * A failure the service still serves through, with less (one subgraph behind the gateway):
   * reported as `degraded`, and the service stays in rotation, since taking it out would turn
   * a partial outage into a total one.
   */
  degradesOnly?: boolean;
}

/** A route served by node:http itself. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What a service's HTTP server is: Express for most routes, node:http alone for the hot ones. */
export interface HttpFront {
  /** Health endpoints are served already; a service adds its routes. */
  app: Express;
  server: http.Server;
  /**
   * Serves `path` (the whole path, any query string aside) ahead of Express, with the request id,
   * the stopping signal and the span every request gets: for the route every request takes,
   * where Express's router and request and response wrappers were a measured share of its cost.
   */
  serve(path: string, handler: NodeHandler): void;
}

/** An HTTP server with the health endpoints every service has, request ids on every response, and a span for every request. */
export function createHttpFront(tracer: Tracer, readiness: ReadinessCheck[], isStopping: () => boolean): HttpFront {
  const stamp = (req: IncomingMessage, res: ServerResponse) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : newId();
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    // While stopping, a client is told not to send its next request on this connection.
    if (isStopping()) res.setHeader('connection', 'close');
  };
  const traced = traceRequests(tracer);
  const app = express();
  app.disable('x-powered-by');
  // GraphQL responses are `no-store` (service.ts) and health answers change: an ETag, a hash of each body, would never be used.
  app.disable('etag');
  app.use((req, res, next) => {
    stamp(req, res);
    next();
  });
  app.use(traced);
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const results = await Promise.all(
      readiness.map(async (readinessCheck) => ({
        ...readinessCheck,
        ok: await Promise.resolve(readinessCheck.check()).catch(() => false),
      })),
    );
    const ready = !isStopping() && results.every(({ ok, degradesOnly }) => ok || degradesOnly);
    const status = !ready ? 'unavailable' : results.every(({ ok }) => ok) ? 'ready' : 'degraded';
    res
      .status(ready ? 200 : 503)
      .json({ status, stopping: isStopping(), checks: Object.fromEntries(results.map(({ name, ok }) => [name, ok])) });
  });

  const direct = new Map<string, NodeHandler>();
  const server = http.createServer((req, res) => {
    const handler = direct.get(pathOf(req));
    if (!handler) {
      app(req, res);
      return;
    }
    stamp(req, res);
    traced(req, res, () => handler(req, res));
  });
  return { app, server, serve: (path, handler) => direct.set(path, handler) };
}

/** Answers with a GraphQL-over-HTTP error object alone. */
export function answerError(res: ServerResponse, status: number, message: string, code: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

/**
 * Answers a body that cannot be read (not JSON, too large) as GraphQL-over-HTTP does, with a
 * 4xx and an error object, instead of Express's HTML page and a stack trace in the logs. False
 * for any other failure (a 5xx), which is the caller's to handle.
 */
export function answerUnreadableBody(error: unknown, res: ServerResponse): boolean {
  if (res.headersSent || !(error instanceof Error) || !('status' in error) || typeof error.status !== 'number' || error.status >= 500)
    return false;
  const tooLarge = 'type' in error && error.type === 'entity.too.large';
  answerError(res, error.status, tooLarge ? 'Request body is too large' : 'Request body is not valid JSON', 'BAD_REQUEST');
  return true;
}

/** `answerUnreadableBody` as Express's last error handler. */
export const requestErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (!answerUnreadableBody(error, res)) next(error);
};

/**
 * Keeps idle connections open longer than the gateway's pooled clients do, so a request is
 * never sent on a connection the server is just closing ("socket hang up").
 */
const KEEP_ALIVE_MS = 65_000;

export async function listen(server: http.Server, port: number, host: string): Promise<number> {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

const DRAIN_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 50;

/**
 * Stops accepting connections and lets the requests in flight finish (for at most 10 seconds).
 * A kept-alive connection is closed as soon as it is idle, and closed outright rather than
 * half-closed: a request a client sends on it at that very moment is refused whole, never read
 * and served with no way left to answer. (Apollo's drain plugin half-closes, and Node alone
 * keeps idle connections open until their keep-alive timeout.)
 */
export async function drain(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => server.closeAllConnections(), DRAIN_GRACE_MS);
  await closed;
  clearInterval(sweep);
  clearTimeout(deadline);
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

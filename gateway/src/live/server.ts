import type http from 'node:http';
import { AppError, authenticate, clientAddress, type Logger, type TokenVerifier, type TrustedProxies } from '@taskgraph/kit';
import type { RequestHandler } from 'express';
import type { ValidationRule } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { GatewayContext } from '../context.js';
import type { RateLimits } from '../rate-limits.js';
import type { TrustedDocuments } from '../trusted-documents.js';
import { type Accepted, LiveAdmission, type LiveContext, type LiveTransport } from './admit.js';
import type { LiveExecutor } from './executor.js';
import { liveHttp } from './http.js';
import { HttpStreams } from './http-streams.js';
import type { ResumeOptions } from './resume.js';
import { LiveSessions } from './sessions.js';
import type { LiveStream } from './stream.js';
import { UnauthenticatedSockets } from './unauthenticated-sockets.js';

/**
 * Close codes of graphql-transport-ws and of this gateway. An expired token is not 4401, which
 * graphql-ws clients never retry: 4419 is one they do, so a client whose connectionParams
 * callback gives a fresh token comes back at once (and, subscribing with `after`, misses nothing).
 */
export const CloseCode = { Unauthorized: 4401, TokenExpired: 4419, GoingAway: 1001 } as const;

export interface LiveServerOptions {
  httpServer: http.Server;
  executor: LiveExecutor;
  stream: LiveStream;
  /** Cursors, and how far back a subscription may resume. */
  resume: ResumeOptions;
  verify: TokenVerifier;
  /** Throws the error to send when the viewer may not follow the project. */
  authorizeProject(context: GatewayContext, projectId: string): Promise<void>;
  /** Which operations may be run, as over HTTP; a subscribe may name a document of the manifest by its hash. */
  trustedDocuments: TrustedDocuments;
  /** The gateway's operation limits (depth, aliases, cost…), applied to subscriptions too. */
  validationRules: ValidationRule[];
  maxTokens: number;
  /** The per-user and per-address operation budgets of HTTP, which subscribes spend too. */
  rateLimits: RateLimits;
  /** Largest message a client may send; the socket is closed with 1009 beyond it. */
  maxMessageBytes: number;
  connectionInitTimeoutMs: number;
  maxUnauthenticatedPerAddress: number;
  maxSubscriptionsPerConnection: number;
  /** Across all of a user's subscriptions on this replica, whatever their transports. */
  maxSubscriptionsPerUser: number;
  /** What one event may cost in fetches, for one user's subscriptions of one feed. */
  maxEventFetchesPerUser: number;
  queueLimit: number;
  /** Whose X-Forwarded-For to believe, as for HTTP requests. */
  trusted: TrustedProxies;
  logger: Logger;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage };

/**
 * GraphQL subscriptions on the gateway's own /graphql URL, over graphql-ws (graphql-transport-ws)
 * and, through `http` (mounted before Apollo Server), over SSE and multipart HTTP. Over
 * WebSocket the access token comes in `connectionParams.authorization`; without a valid one the
 * socket closes with 4401 before any data; it closes with 4419 when the token expires.
 */
export interface LiveServer {
  connections(transport: LiveTransport): number;
  subscriptions(transport: LiveTransport): number;
  /** Serves subscriptions sent over HTTP with a streaming accept header; passes on every other request. */
  http: RequestHandler;
  /** Ends the connections of sessions just revoked (over WebSocket 4401: the client must sign in again). */
  closeSessions(sessionIds: readonly string[]): void;
  close(): Promise<void>;
}

export function startLiveServer(options: LiveServerOptions): LiveServer {
  const { executor, logger } = options;
  const clientAddressOf = (request: http.IncomingMessage): string => clientAddress(request, options.trusted);
  const unauthenticated = new UnauthenticatedSockets(options.maxUnauthenticatedPerAddress);
  const admission = new LiveAdmission(options);
  const sessions = new LiveSessions();
  const streams = new HttpStreams(sessions);
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    // ws refuses a frame (or the fragments of a message) whose length passes this as soon as it reads its header, before buffering it.
    maxPayload: options.maxMessageBytes,
    // Refused at the upgrade: nothing is allocated for the socket, and no close handshake is left to linger.
    verifyClient: ({ req }, accept) =>
      unauthenticated.hasRoom(clientAddressOf(req))
        ? accept(true)
        : accept(false, 429, 'Too many unauthenticated connections from this address', { 'retry-after': '1' }),
  });
  // The upgrade is completed synchronously after verifyClient accepts, so no socket slips between the check and the count.
  wss.on('connection', (socket, request) => unauthenticated.add(socket, clientAddressOf(request)));
  const connections = new WeakMap<Context, LiveContext>();
  /**
   * Checks in flight per connection and project: a client that opens many subscriptions to one
   * project at once waits for one check. Nothing is remembered once it is answered, so a member
   * removed a moment later is asked again.
   */
  const checking = new WeakMap<Context, Map<string, Promise<void>>>();
  const authorize = (ctx: Context, context: LiveContext, projectId: string): Promise<void> => {
    const inFlight = checking.get(ctx) ?? new Map<string, Promise<void>>();
    checking.set(ctx, inFlight);
    let check = inFlight.get(projectId);
    if (!check) {
      check = options.authorizeProject(context, projectId).finally(() => inFlight.delete(projectId));
      inFlight.set(projectId, check);
    }
    return check;
  };

  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema: executor.schema,
      // Short: until then the socket is nobody's, and counts against its address.
      connectionInitWaitTimeout: options.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const viewer = typeof header === 'string' ? await authenticate(header, options.verify).catch(() => null) : null;
        if (!viewer) {
          ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
          return false;
        }
        const expiry = setTimeout(
          () => ctx.extra.socket.close(CloseCode.TokenExpired, 'Access token expired'),
          viewer.expiresAt.getTime() - Date.now(),
        );
        const forget = sessions.add(viewer.sessionId, () => ctx.extra.socket.close(CloseCode.Unauthorized, 'Session revoked'));
        ctx.extra.socket.once('close', () => {
          clearTimeout(expiry);
          forget();
        });
        connections.set(ctx, {
          viewer,
          authorization: header as string,
          requestId: '',
          clientAddress: clientAddressOf(ctx.extra.request),
          userAgent: ctx.extra.request.headers['user-agent'] ?? null,
        });
        unauthenticated.authenticated(ctx.extra.socket);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const context = connections.get(ctx)!;
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new AppError('RATE_LIMITED', `At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`, {
              retryAfterSeconds: 1,
              limit: options.maxSubscriptionsPerConnection,
            }),
          ];
        }
        const admitted = await admission.admit(context, payload, 'websocket', {
          authorize: (projectId) => authorize(ctx, context, projectId),
        });
        if ('errors' in admitted) return [...admitted.errors];
        const { document, variables } = admitted.accepted;
        return { schema: executor.schema, document, variableValues: variables, contextValue: admitted.accepted };
      },
      subscribe: (args) => admission.start(args.contextValue as Accepted),
    },
    wss,
  );
  // An error on a socket is the client's (a message over maxPayload, a bad frame) and ws has already
  // closed it with the code that says so: it is not the internal error graphql-ws would print.
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error) => logger.debug({ err: error }, 'WebSocket closed on a protocol error'));
  });

  return {
    connections: (transport) => (transport === 'websocket' ? wss.clients.size : streams.count(transport)),
    subscriptions: (transport) => admission.subscriptions(transport),
    http: liveHttp({
      admission,
      streams,
      verify: options.verify,
      trusted: options.trusted,
      trustedDocuments: options.trustedDocuments,
      maxTokens: options.maxTokens,
    }),
    closeSessions: (sessionIds) => sessions.revoke(sessionIds),
    async close() {
      // HTTP streams are ended so that their clients resume elsewhere, as WebSocket clients are told to (1001).
      streams.close();
      await server.dispose();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

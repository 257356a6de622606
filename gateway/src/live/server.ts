import type http from 'node:http';
import { AppError, authenticate, clientAddress, type Logger, type TokenVerifier, type TrustedProxies } from '@taskgraph/kit';
import {
  type DocumentNode,
  GraphQLError,
  getOperationAST,
  type OperationDefinitionNode,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { GatewayContext } from '../context.js';
import type { RateLimits } from '../rate-limits.js';
import type { TrustedDocuments } from '../trusted-documents.js';
import { ParsedDocuments } from './documents.js';
import { executionKey, type LiveExecutor } from './executor.js';
import { feeds, isLiveField } from './feeds.js';
import { type ResumeOptions, resumeAfter } from './resume.js';
import { SessionSockets } from './session-sockets.js';
import type { LiveStream } from './stream.js';
import { type LiveSubscriptionOptions, liveSubscription } from './subscriptions.js';
import { UnauthenticatedSockets } from './unauthenticated-sockets.js';
import { UserLimits } from './user-limits.js';

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
  /** Across all of a user's sockets on this replica. */
  maxSubscriptionsPerUser: number;
  /** What one event may cost in fetches, for one user's subscriptions of one feed. */
  maxEventFetchesPerUser: number;
  queueLimit: number;
  /** Whose X-Forwarded-For to believe, as for HTTP requests. */
  trusted: TrustedProxies;
  logger: Logger;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage };

/** A subscription accepted by onSubscribe, with its share of the user's limits to give back when it ends. */
type Accepted = Omit<LiveSubscriptionOptions, 'onOverflow' | 'onEnd'> & { release: () => void };

/**
 * GraphQL subscriptions over graphql-ws (graphql-transport-ws), on the gateway's own /graphql
 * URL. The access token comes in `connectionParams.authorization`; without a valid one the
 * socket closes with 4401 before any data; it closes with 4419 when the token expires.
 */
export interface LiveServer {
  connections(): number;
  subscriptions(): number;
  /** Ends the connections of sessions just revoked (4401: the client must sign in again). */
  closeSessions(sessionIds: readonly string[]): void;
  close(): Promise<void>;
}

export function startLiveServer(options: LiveServerOptions): LiveServer {
  const { executor, stream, logger } = options;
  const clientAddressOf = (request: http.IncomingMessage): string => clientAddress(request, options.trusted);
  const unauthenticated = new UnauthenticatedSockets(options.maxUnauthenticatedPerAddress);
  const documents = new ParsedDocuments(options.maxTokens);
  const userLimits = new UserLimits({ subscriptions: options.maxSubscriptionsPerUser, fetchesPerEvent: options.maxEventFetchesPerUser });
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
  const connections = new WeakMap<Context, GatewayContext>();
  const sessions = new SessionSockets();
  let open = 0;
  /**
   * Checks in flight per connection and project: a client that opens many subscriptions to one
   * project at once waits for one check. Nothing is remembered once it is answered, so a member
   * removed a moment later is asked again.
   */
  const checking = new WeakMap<Context, Map<string, Promise<void>>>();
  const authorize = (ctx: Context, context: GatewayContext, projectId: string): Promise<void> => {
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
        ctx.extra.socket.once('close', () => clearTimeout(expiry));
        sessions.add(viewer.sessionId, ctx.extra.socket);
        connections.set(ctx, {
          viewer,
          authorization: header as string,
          requestId: '',
          clientAddress: clientAddressOf(ctx.extra.request),
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
        try {
          await options.rateLimits.consume(context.viewer, context.clientAddress);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          // Without the HTTP status and headers the error carries for HTTP responses.
          return [new AppError('RATE_LIMITED', error.message, { retryAfterSeconds: error.extensions.retryAfterSeconds })];
        }
        // graphql-ws requires a `query` string: a client naming its document by hash sends it empty.
        const admitted = options.trustedDocuments.admit({ query: payload.query || undefined, extensions: payload.extensions }, 'websocket');
        if ('error' in admitted) return [admitted.error];
        let document: DocumentNode;
        try {
          document = documents.parse(admitted.document ?? payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const invalid = validate(executor.schema, document, [...specifiedRules, ...options.validationRules]);
        if (invalid.length)
          return invalid.map(
            (error) => new GraphQLError(error.message, { nodes: error.nodes ?? [], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [new AppError('BAD_USER_INPUT', 'Send queries and mutations over HTTP; this socket serves subscriptions')];
        }
        try {
          const variables = payload.variables ?? {};
          const { field, args } = rootField(operation, variables);
          if (!isLiveField(field)) return [new AppError('BAD_USER_INPUT', `${field} is not a subscription field`)];
          const feed = feeds[field](args, context.viewer!.userId);
          const after = await resumeAfter(args.after, feed, options.resume);
          // Without NATS for a moment, the feed's own position is the best there is.
          const liveFrom =
            after === null
              ? await stream.bounds().then(
                  ({ last }) => last,
                  () => 0,
                )
              : 0;
          if (feed.membersOf) await authorize(ctx, context, feed.membersOf);
          const planned = executor.plan(document, payload.operationName ?? undefined, variables);
          const release = userLimits.admit(context.viewer!.userId, {
            feed: feed.key,
            execution: executionKey(planned, context),
            fetches: planned.fetches,
          });
          if (release instanceof AppError) return [release];
          const subscription: Accepted = {
            planned,
            feed,
            context,
            stream,
            executor,
            cursors: options.resume.cursors,
            after,
            liveFrom,
            queueLimit: options.queueLimit,
            release,
          };
          return { schema: executor.schema, document, variableValues: variables, contextValue: subscription };
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
      },
      subscribe: (args) => {
        open += 1;
        const { release, ...subscription } = args.contextValue as Accepted;
        return liveSubscription({
          ...subscription,
          onOverflow: () => logger.warn('cutting off a subscriber that fell too far behind'),
          onEnd: () => {
            open -= 1;
            release();
          },
        });
      },
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
    connections: () => wss.clients.size,
    subscriptions: () => open,
    closeSessions: (sessionIds) => sessions.close(sessionIds, CloseCode.Unauthorized),
    async close() {
      // Clients are told to come back (1001), to this gateway's successor or another replica.
      await server.dispose();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

/** The subscription's single root field and its argument values. */
function rootField(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): { field: string; args: Record<string, unknown> } {
  const selection = operation.selectionSet.selections.find((node) => node.kind === 'Field');
  if (selection?.kind !== 'Field') throw new AppError('BAD_USER_INPUT', 'A subscription selects one field');
  const args = Object.fromEntries(
    (selection.arguments ?? []).map((argument) => [
      argument.name.value,
      argument.value.kind === 'Variable'
        ? variables[argument.value.name.value]
        : 'value' in argument.value
          ? argument.value.value
          : undefined,
    ]),
  );
  return { field: selection.name.value, args };
}

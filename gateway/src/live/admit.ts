import { AppError, type Logger, type Viewer } from '@taskgraph/kit';
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  type OperationDefinitionNode,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import type { GatewayContext } from '../context.js';
import type { RateLimits } from '../rate-limits.js';
import type { TrustedDocuments } from '../trusted-documents.js';
import { ParsedDocuments } from './documents.js';
import { executionKey, type LiveExecutor } from './executor.js';
import { feeds, isLiveField } from './feeds.js';
import { type ResumeOptions, resumeAfter } from './resume.js';
import type { LiveStream } from './stream.js';
import { type LiveSubscriptionOptions, liveSubscription } from './subscriptions.js';
import { UserLimits } from './user-limits.js';

/** The ways a client can hold a live subscription, all on the gateway's /graphql URL. */
export const liveTransports = ['websocket', 'sse', 'multipart'] as const;
export type LiveTransport = (typeof liveTransports)[number];

/** What names the operation and its inputs, as every transport receives it. */
export interface SubscribeRequest {
  query?: unknown;
  extensions?: unknown;
  documentId?: unknown;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A subscription admitted, with its share of the user's limits, ready to be started once. */
export interface Accepted {
  options: Omit<LiveSubscriptionOptions, 'onOverflow' | 'onEnd'>;
  document: DocumentNode;
  variables: Record<string, unknown>;
  transport: LiveTransport;
  release: () => void;
}

export type Admission = { accepted: Accepted } | { errors: readonly GraphQLError[] };

export interface AdmitOptions {
  /** The cursor a transport carries itself (SSE's Last-Event-ID): it stands for the `after` argument. */
  resumeCursor?: string | undefined;
  /** Checks the viewer may follow the project; a transport may share checks in flight between its subscriptions. */
  authorize?: (projectId: string) => Promise<void>;
}

export interface LiveAdmissionOptions {
  executor: LiveExecutor;
  stream: LiveStream;
  resume: ResumeOptions;
  /** Throws the error to send when the viewer may not follow the project. */
  authorizeProject(context: GatewayContext, projectId: string): Promise<void>;
  /** Which operations may be run, as over HTTP; a subscribe may name a document of the manifest by its hash. */
  trustedDocuments: TrustedDocuments;
  /** The gateway's operation limits (depth, aliases, cost…), applied to subscriptions too. */
  validationRules: ValidationRule[];
  maxTokens: number;
  /** The per-user and per-address operation budgets of HTTP, which subscribes spend too. */
  rateLimits: RateLimits;
  /** Across all of a user's subscriptions on this replica, whatever their transports. */
  maxSubscriptionsPerUser: number;
  /** What one event may cost in fetches, for one user's subscriptions of one feed. */
  maxEventFetchesPerUser: number;
  queueLimit: number;
  logger: Logger;
}

/** A signed-in caller: live subscriptions serve nobody anonymous. */
export type LiveContext = GatewayContext & { viewer: Viewer };

/**
 * Everything that decides whether a subscription is served, whatever carries it: budgets,
 * trusted documents, parsing and validation, the root field's feed and cursor, the project's
 * members, the user's limits. Each transport authenticates in its own way, then asks here, then
 * starts what was accepted and writes its results in its own framing.
 */
export class LiveAdmission {
  private readonly userLimits: UserLimits;
  private readonly documents: ParsedDocuments;
  private readonly open = new Map<LiveTransport, number>(liveTransports.map((transport) => [transport, 0]));

  constructor(private readonly options: LiveAdmissionOptions) {
    this.userLimits = new UserLimits({ subscriptions: options.maxSubscriptionsPerUser, fetchesPerEvent: options.maxEventFetchesPerUser });
    this.documents = new ParsedDocuments(options.maxTokens);
  }

  /** Open subscriptions of one transport. */
  subscriptions(transport: LiveTransport): number {
    return this.open.get(transport) ?? 0;
  }

  async admit(
    context: LiveContext,
    request: SubscribeRequest,
    transport: LiveTransport,
    admitOptions: AdmitOptions = {},
  ): Promise<Admission> {
    const { executor, stream } = this.options;
    try {
      await this.options.rateLimits.consume(context.viewer, context.clientAddress);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Without the HTTP status and headers the error carries for HTTP responses.
      return { errors: [new AppError('RATE_LIMITED', error.message, { retryAfterSeconds: error.extensions.retryAfterSeconds })] };
    }
    // A client naming its document by hash may send `query` empty (graphql-ws requires the string).
    const source = { query: request.query || undefined, extensions: request.extensions, documentId: request.documentId };
    const admitted = this.options.trustedDocuments.admit(source, transport);
    if ('error' in admitted) return { errors: [admitted.error] };
    const query = admitted.document ?? source.query;
    if (typeof query !== 'string')
      return { errors: [new AppError('BAD_USER_INPUT', 'Send the operation in `query`, or name a trusted document')] };
    let document: DocumentNode;
    try {
      document = this.documents.parse(query);
    } catch (error) {
      // As Apollo Server says it over HTTP.
      const extensions = { code: 'GRAPHQL_PARSE_FAILED' };
      return {
        errors: [
          error instanceof GraphQLError
            ? new GraphQLError(error.message, {
                ...(error.source ? { source: error.source } : {}),
                positions: error.positions ?? [],
                extensions,
              })
            : new GraphQLError(String(error), { extensions }),
        ],
      };
    }
    const invalid = validate(executor.schema, document, [...specifiedRules, ...this.options.validationRules]);
    if (invalid.length)
      return {
        errors: invalid.map(
          (error) => new GraphQLError(error.message, { nodes: error.nodes ?? [], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
        ),
      };
    const operationName = request.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'subscription') {
      return {
        errors: [new AppError('BAD_USER_INPUT', 'Send queries and mutations over HTTP as application/json; this serves subscriptions')],
      };
    }
    try {
      const variables = request.variables ?? {};
      const { field, args } = rootField(operation, variables);
      if (!isLiveField(field)) return { errors: [new AppError('BAD_USER_INPUT', `${field} is not a subscription field`)] };
      const feed = feeds[field](args, context.viewer.userId);
      const after = await resumeAfter(admitOptions.resumeCursor ?? args.after, feed, this.options.resume);
      // Without NATS for a moment, the feed's own position is the best there is.
      const liveFrom =
        after === null
          ? await stream.bounds().then(
              ({ last }) => last,
              () => 0,
            )
          : 0;
      if (feed.membersOf) await (admitOptions.authorize ?? ((id) => this.options.authorizeProject(context, id)))(feed.membersOf);
      const planned = executor.plan(document, operationName, variables);
      const release = this.userLimits.admit(context.viewer.userId, {
        feed: feed.key,
        execution: executionKey(planned, context),
        fetches: planned.fetches,
      });
      if (release instanceof AppError) return { errors: [release] };
      const options = {
        planned,
        feed,
        context,
        stream,
        executor,
        cursors: this.options.resume.cursors,
        after,
        liveFrom,
        queueLimit: this.options.queueLimit,
      };
      return { accepted: { options, document, variables, transport, release } };
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      throw error;
    }
  }

  /** Starts an accepted subscription: its results, each with its cursor, until it ends or is returned. */
  start({ options, transport, release }: Accepted): AsyncIterableIterator<ExecutionResult> {
    this.open.set(transport, this.subscriptions(transport) + 1);
    return liveSubscription({
      ...options,
      onOverflow: () => this.options.logger.warn({ transport }, 'cutting off a subscriber that fell too far behind'),
      onEnd: () => {
        this.open.set(transport, this.subscriptions(transport) - 1);
        release();
      },
    });
  }
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

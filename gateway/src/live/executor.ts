import { operationFromDocument } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { AnyEvent } from '@taskgraph/contracts';
import { AppError, type Logger } from '@taskgraph/kit';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../context.js';
import { planFetches } from './plan-fetches.js';
import { LIVE_SUBGRAPH, type LiveRoot } from './schema.js';
import { SharedFetches, shareableFetches } from './shared-fetches.js';
import { LiveSupergraph } from './supergraph.js';

/** A subscription operation, planned when the client subscribes and again when the supergraph is reloaded. */
export interface PlannedSubscription {
  /** Identifies the operation with its variables: subscribers with equal keys and identity get equal results. */
  key: string;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** The supergraph it was planned on, and is executed with. */
  supergraph: LiveSupergraph;
  plan: QueryPlan;
  /** Fetches one execution makes, the primary one (answered here from the event) included. */
  fetches: number;
  operationContext: ReturnType<typeof buildOperationContext>;
  /** The fetches subscribers of one feed share for an event (shared-fetches.ts). */
  shareable: ReadonlySet<string>;
}

/** What planning an operation gives, the same for every subscriber that sends it: made once, shared by all. */
type OperationPlan = Pick<PlannedSubscription, 'plan' | 'fetches' | 'operationContext' | 'shareable'>;

/** Distinct operations whose plans are kept; one used again after being dropped is planned again. */
const PLANS_KEPT = 500;

/** Subscriptions with equal keys share one execution per event: the same operation, variables and identity. */
export const executionKey = (planned: PlannedSubscription, context: GatewayContext): string =>
  `${context.authorization ?? ''}\n${planned.key}`;

/** An open subscription's plan, which follows the supergraph the gateway serves. */
export interface TrackedPlan {
  /** The plan on the supergraph served now (or the last one the subscription was valid on, once it has ended). */
  readonly current: PlannedSubscription;
  /** Stops following reloads (the subscription has ended). */
  release(): void;
}

interface Tracked {
  current: PlannedSubscription;
  end(error: GraphQLError): void;
}

/** What a reload did to the open subscriptions. */
export interface Replanned {
  kept: number;
  ended: number;
}

/** The error that ends a subscription the reloaded supergraph makes invalid (and refuses one planned across a reload). */
const schemaChanged = (errors: readonly GraphQLError[]): GraphQLError =>
  new GraphQLError(
    `The supergraph was reloaded and this subscription is not valid against it any more: ${errors.map((error) => error.message).join(' ')}`,
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'SCHEMA_CHANGED' } },
  );

/**
 * Turns an event into the full result of a subscription with the federation query planner: the
 * plan's primary fetch (to the `live` pseudo-subgraph) is answered here from the event, and the
 * rest of the plan fetches every other selected field from the subgraphs that own them, as the
 * subscriber. When the supergraph is reloaded, every open subscription is validated and planned
 * again on the new one, or ended.
 */
export class LiveExecutor {
  private supergraph: LiveSupergraph;
  private readonly tracked = new Set<Tracked>();
  /** Results per event, kept while the event is: every subscriber gets the same envelope object. */
  private readonly shared = new WeakMap<AnyEvent, Map<string, Promise<ExecutionResult>>>();
  /** Fetches per event and feed that the feed's subscribers share, kept while the event is. */
  private readonly sharedFetches = new WeakMap<AnyEvent, Map<string, SharedFetches>>();
  private readonly plans = new LRUCache<string, OperationPlan>({ max: PLANS_KEPT });

  constructor(
    supergraphSdl: string,
    private readonly liveSchema: GraphQLSchema,
    private readonly dataSources: Record<string, GraphQLDataSource>,
    private readonly logger: Logger,
  ) {
    this.supergraph = new LiveSupergraph(supergraphSdl, liveSchema, { validate: false });
  }

  /** The public schema, which subscriptions are validated against. */
  get schema(): GraphQLSchema {
    return this.supergraph.apiSchema;
  }

  /** Parses and validates a new supergraph without serving it yet; throws when it or its subscriptions could not be served. */
  prepare(supergraphSdl: string): LiveSupergraph {
    return new LiveSupergraph(supergraphSdl, this.liveSchema, { validate: true });
  }

  /**
   * Serves subscriptions on `supergraph` from now on: new ones are validated against it, and each
   * open one is planned again on it, at once (what it has queued is executed with the new plan,
   * so it goes on at the same stream position), or ended with GRAPHQL_VALIDATION_FAILED (reason
   * SCHEMA_CHANGED) when its document is not valid against it.
   */
  reload(supergraph: LiveSupergraph): Replanned {
    this.supergraph = supergraph;
    const replanned = { kept: 0, ended: 0 };
    for (const tracked of this.tracked) {
      if (this.replan(tracked)) replanned.kept += 1;
      else replanned.ended += 1;
    }
    return replanned;
  }

  /** Throws GRAPHQL_VALIDATION_FAILED (reason SCHEMA_CHANGED) when the document is not valid against the supergraph served now. */
  plan(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): PlannedSubscription {
    const { supergraph } = this;
    // Many subscribers send the same operation: it is validated and planned once per supergraph
    // (a plan does not depend on variables' values).
    const cacheKey = JSON.stringify([supergraph.id, print(document), operationName ?? null]);
    let planned = this.plans.get(cacheKey);
    if (!planned) {
      // Validated already when subscribing, but maybe against the supergraph before a reload.
      const invalid = validate(supergraph.apiSchema, document, specifiedRules);
      if (invalid.length) throw schemaChanged(invalid);
      planned = this.planOperation(supergraph, document, operationName);
      this.plans.set(cacheKey, planned);
    }
    return { key: sharingKey(document, operationName, variables), document, operationName, variables, supergraph, ...planned };
  }

  private planOperation(supergraph: LiveSupergraph, document: DocumentNode, operationName: string | undefined): OperationPlan {
    const operation = operationFromDocument(supergraph.api, document, { ...(operationName ? { operationName } : {}) });
    const { node } = supergraph.planner.buildQueryPlan(operation);
    if (node?.kind !== 'Subscription') throw new Error('not a subscription');
    // executeQueryPlan runs queries and mutations only: a subscription's plan is its primary fetch, then the rest.
    const sequence: PlanNode = node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : node.primary;
    return {
      plan: { kind: 'QueryPlan', node: sequence },
      fetches: planFetches(sequence),
      operationContext: buildOperationContext({ schema: supergraph.apiSchema, operationDocument: document, operationName }),
      shareable: shareableFetches(sequence, supergraph.supergraphSchema),
    };
  }

  /**
   * Follows reloads for an open subscription: its plan is made again on every new supergraph, or
   * `end` is called with the error to end it with. One planned on a supergraph replaced since is
   * planned again at once.
   */
  track(planned: PlannedSubscription, end: (error: GraphQLError) => void): TrackedPlan {
    const tracked: Tracked = { current: planned, end };
    const live = planned.supergraph === this.supergraph || this.replan(tracked);
    if (live) this.tracked.add(tracked);
    return {
      get current() {
        return tracked.current;
      },
      release: () => this.tracked.delete(tracked),
    };
  }

  /** Plans the subscription on the supergraph served now; false when it was ended instead. */
  private replan(tracked: Tracked): boolean {
    const { document, operationName, variables } = tracked.current;
    try {
      tracked.current = this.plan(document, operationName, variables);
      return true;
    } catch (error) {
      this.tracked.delete(tracked);
      if (error instanceof GraphQLError && error.extensions.reason === 'SCHEMA_CHANGED') tracked.end(error);
      else {
        this.logger.error({ err: error }, 'could not plan a subscription on the reloaded supergraph');
        tracked.end(new AppError('INTERNAL_SERVER_ERROR', 'The supergraph was reloaded and this subscription could not be planned on it'));
      }
      return false;
    }
  }

  /**
   * The result of one event for one subscriber. Subscribers of the same operation with the same
   * identity share one execution per event (a user with many tabs, many subscriptions of one
   * client), so an event costs the subgraphs one fetch per distinct subscriber, not per socket.
   */
  execute(planned: PlannedSubscription, feed: string, event: AnyEvent, root: LiveRoot, context: GatewayContext): Promise<ExecutionResult> {
    let results = this.shared.get(event);
    if (!results) {
      results = new Map();
      this.shared.set(event, results);
    }
    // A plan of another supergraph is another execution, even of the same operation.
    const key = `${planned.supergraph.id}\n${executionKey(planned, context)}`;
    let result = results.get(key);
    if (!result) {
      result = this.run(planned, this.fetchesOf(event, feed), root, context);
      results.set(key, result);
    }
    return result;
  }

  /**
   * What the subscribers of `feed` share of the event's fetches, whoever they are: the feed's
   * subscribers of other users (each with other executions) resolve its viewer-independent
   * fields with one fetch between them.
   */
  private fetchesOf(event: AnyEvent, feed: string): SharedFetches {
    let feeds = this.sharedFetches.get(event);
    if (!feeds) {
      feeds = new Map();
      this.sharedFetches.set(event, feeds);
    }
    let fetches = feeds.get(feed);
    if (!fetches) {
      fetches = new SharedFetches();
      feeds.set(feed, fetches);
    }
    return fetches;
  }

  private async run(
    planned: PlannedSubscription,
    shared: SharedFetches,
    root: LiveRoot,
    context: GatewayContext,
  ): Promise<ExecutionResult> {
    const live: GraphQLDataSource = {
      process: async ({ request }) =>
        execute({
          schema: this.liveSchema,
          document: parse(request.query ?? ''),
          variableValues: request.variables ?? {},
          rootValue: root,
        }) as never,
    };
    const serviceMap: ServiceMap = {};
    for (const [name, source] of Object.entries(this.dataSources))
      serviceMap[name] = planned.shareable.size ? shared.around(name, source, planned.shareable) : source;
    serviceMap[LIVE_SUBGRAPH] = live;
    const requestContext = {
      request: { variables: planned.variables, operationName: planned.operationName },
      context,
      logger: this.logger,
      metrics: {},
    } as unknown as GatewayGraphQLRequestContext;
    return executeQueryPlan(
      planned.plan,
      serviceMap,
      requestContext,
      planned.operationContext,
      planned.supergraph.supergraphSchema,
      planned.supergraph.api,
    ) as Promise<ExecutionResult>;
  }
}

/**
 * The operation and variables, but for the root field's `after`: it says where a subscriber's
 * feed starts, not what an event's result holds, so subscribers resuming from different cursors
 * still share one execution per event.
 */
function sharingKey(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): string {
  const cursorVariables = new Set<string>();
  // Only the operation's own root selections: an `after` in a fragment may be a connection's.
  let inOperation = false;
  let depth = 0;
  const withoutCursor = visit(document, {
    OperationDefinition: {
      enter() {
        inOperation = true;
      },
      leave() {
        inOperation = false;
      },
    },
    SelectionSet: {
      enter() {
        depth += 1;
      },
      leave() {
        depth -= 1;
      },
    },
    Argument(node) {
      if (!inOperation || depth !== 1 || node.name.value !== 'after') return undefined;
      if (node.value.kind === Kind.VARIABLE) cursorVariables.add(node.value.name.value);
      return null;
    },
  });
  const shared = Object.fromEntries(Object.entries(variables).filter(([name]) => !cursorVariables.has(name)));
  return JSON.stringify([print(withoutCursor), operationName ?? null, shared]);
}

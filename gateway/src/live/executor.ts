import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { type PlanNode, type QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { AnyEvent } from '@taskgraph/contracts';
import type { Logger } from '@taskgraph/kit';
import { type DocumentNode, type ExecutionResult, execute, type GraphQLSchema, Kind, parse, print, visit } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../context.js';
import { planFetches } from './plan-fetches.js';
import { LIVE_SUBGRAPH, type LiveRoot } from './schema.js';
import { SharedFetches, shareableFetches } from './shared-fetches.js';

/** A subscription operation, planned once when the client subscribes. */
export interface PlannedSubscription {
  /** Identifies the operation with its variables: subscribers with equal keys and identity get equal results. */
  key: string;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
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

/**
 * Turns an event into the full result of a subscription with the federation query planner: the
 * plan's primary fetch (to the `live` pseudo-subgraph) is answered here from the event, and the
 * rest of the plan fetches every other selected field from the subgraphs that own them, as the
 * subscriber.
 */
export class LiveExecutor {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: Schema;
  private readonly apiGraphQLSchema: GraphQLSchema;
  private readonly supergraphSchema: GraphQLSchema;
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
    const supergraph = Supergraph.build(supergraphSdl);
    this.planner = new QueryPlanner(supergraph);
    this.apiSchema = supergraph.apiSchema();
    this.apiGraphQLSchema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
  }

  /** The public schema, which subscriptions are validated against. */
  get schema(): GraphQLSchema {
    return this.apiGraphQLSchema;
  }

  plan(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): PlannedSubscription {
    // Many subscribers send the same operation: it is planned once (a plan does not depend on variables' values).
    const text = print(document);
    const cacheKey = JSON.stringify([text, operationName ?? null]);
    let planned = this.plans.get(cacheKey);
    if (!planned) {
      planned = this.planOperation(document, operationName);
      this.plans.set(cacheKey, planned);
    }
    return { key: sharingKey(document, operationName, variables), document, operationName, variables, ...planned };
  }

  private planOperation(document: DocumentNode, operationName: string | undefined): OperationPlan {
    const operation = operationFromDocument(this.apiSchema, document, { ...(operationName ? { operationName } : {}) });
    const { node } = this.planner.buildQueryPlan(operation);
    if (node?.kind !== 'Subscription') throw new Error('not a subscription');
    // executeQueryPlan runs queries and mutations only: a subscription's plan is its primary fetch, then the rest.
    const sequence: PlanNode = node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : node.primary;
    return {
      plan: { kind: 'QueryPlan', node: sequence },
      fetches: planFetches(sequence),
      operationContext: buildOperationContext({ schema: this.apiGraphQLSchema, operationDocument: document, operationName }),
      shareable: shareableFetches(sequence, this.supergraphSchema),
    };
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
    const key = executionKey(planned, context);
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
      this.supergraphSchema,
      this.apiSchema,
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

import { createHash } from 'node:crypto';
import { type Schema, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { LIVE_SUBGRAPH } from './schema.js';

/**
 * One supergraph as live subscriptions use it: what they are validated and planned against, and
 * executed with. A subscription keeps the one it was planned on, so that a plan never meets the
 * schemas of another supergraph.
 */
export class LiveSupergraph {
  /** As @apollo/gateway names a composition: the SHA-256 of its SDL. */
  readonly id: string;
  readonly planner: QueryPlanner;
  readonly api: Schema;
  /** The public schema, which subscriptions are validated against. */
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;

  /**
   * Throws when the SDL is no supergraph, or one whose subscriptions this gateway cannot serve:
   * each `Subscription` field must be one the in-process live schema answers. With `validate`,
   * the supergraph is validated in full as well (which @apollo/gateway does at start outside
   * production only).
   */
  constructor(sdl: string, liveSchema: GraphQLSchema, { validate }: { validate: boolean }) {
    const supergraph = Supergraph.build(sdl, { validateSupergraph: validate });
    if (!supergraph.subgraphsMetadata().some(({ name }) => name === LIVE_SUBGRAPH))
      throw new Error(`the supergraph has no \`${LIVE_SUBGRAPH}\` subgraph, which serves its subscriptions`);
    this.id = createHash('sha256').update(sdl).digest('hex');
    this.planner = new QueryPlanner(supergraph);
    this.api = supergraph.apiSchema();
    this.apiSchema = this.api.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    const served = liveSchema.getSubscriptionType()?.getFields() ?? {};
    const unknown = Object.keys(this.apiSchema.getSubscriptionType()?.getFields() ?? {}).filter((field) => !(field in served));
    if (unknown.length) throw new Error(`the supergraph has subscriptions this gateway does not serve: ${unknown.join(', ')}`);
  }
}

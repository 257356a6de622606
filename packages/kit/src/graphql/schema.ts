import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type ContainerType, type NonEmptyArray, type PubSub } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';
import type { RequestContext } from './context.js';
import { rejectUnstorableText } from './text-input.js';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@provides", "@requires", "@inaccessible"])`;

/** Resolves an entity from the representation the gateway sends (`{ __typename, id }` and any @requires fields). */
export type ReferenceResolver = (reference: { id: string } & Record<string, unknown>, ctx: RequestContext) => unknown;

export interface SchemaDefinition {
  // type-graphql takes resolver classes as plain functions.
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  /** Needed by type-graphql when the schema has subscriptions. */
  pubSub?: PubSub;
}

/** What only a running subgraph has: resolver instances and entity reference resolvers. */
export interface SchemaRuntime {
  container: ContainerType;
  references: Record<string, ReferenceResolver>;
}

/** Builds a Federation 2 subgraph schema from type-graphql classes; without a runtime it is only good for printing. */
export async function buildFederatedSchema(definition: SchemaDefinition, runtime?: SchemaRuntime): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes ?? [],
    ...(runtime ? { container: runtime.container } : {}),
    ...(definition.pubSub ? { pubSub: definition.pubSub } : {}),
    skipCheck: true,
    // Input is validated by each resolver with zod (`parseInput`), where it is also normalised.
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typename, resolveReference] of Object.entries(runtime?.references ?? {})) {
    const __resolveReference = (reference: Parameters<ReferenceResolver>[0], ctx: unknown) => resolveReference(reference, ctx as RequestContext);
    resolvers[typename] = { ...resolvers[typename], __resolveReference } as GraphQLResolverMap<unknown>[string];
  }
  return rejectUnstorableText(buildSubgraphSchema({ typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`), resolvers }));
}

import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray, type PubSub } from 'type-graphql';
import type { RequestContext } from './context.js';
import { type EntityReference, referenceResolversOf } from './references.js';
import { DateTimeScalar } from './scalars.js';
import { rejectUnstorableText } from './text-input.js';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@provides", "@requires", "@inaccessible"])`;

export interface SchemaDefinition {
  // type-graphql takes resolver classes as plain functions.
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  /** Needed by type-graphql when the schema has subscriptions. */
  pubSub?: PubSub;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes. A running subgraph passes one
 * instance of each resolver class, which serve its fields and, through `@ResolveReference`
 * methods, its entity references; without them the schema is only good for printing.
 */
export async function buildFederatedSchema(definition: SchemaDefinition, resolverInstances?: readonly object[]): Promise<GraphQLSchema> {
  const instances = new Map<Function, object>(resolverInstances?.map((resolver) => [resolver.constructor, resolver]));
  const schema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes ?? [],
    ...(resolverInstances ? { container: { get: (resolverClass: Function) => instances.get(resolverClass) } } : {}),
    ...(definition.pubSub ? { pubSub: definition.pubSub } : {}),
    skipCheck: true,
    // Input is validated by each resolver with zod (`parseInput`), where it is also normalised.
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typename, resolveReference] of referenceResolversOf(resolverInstances ?? [])) {
    const __resolveReference = (reference: EntityReference, ctx: unknown) => resolveReference(reference, ctx as RequestContext);
    resolvers[typename] = { ...resolvers[typename], __resolveReference } as GraphQLResolverMap<unknown>[string];
  }
  return rejectUnstorableText(
    buildSubgraphSchema({ typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`), resolvers }),
  );
}

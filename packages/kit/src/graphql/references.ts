import { getMetadataStorage } from 'type-graphql';
import type { RequestContext } from './context.js';

/** The representation of an entity the gateway sends: `{ __typename, id }` and any @requires fields. */
export type EntityReference = { id: string } & Record<string, unknown>;

/** Resolves an entity from the representation the gateway sends. */
export type ReferenceResolver = (reference: EntityReference, ctx: RequestContext) => unknown;

const referenceResolvers = new Map<Function, ReferenceResolver>();

/**
 * Marks the method of an entity's resolver class (`@Resolver(() => Entity)`) that resolves
 * references to the entity from other subgraphs (`__resolveReference`): an entity and how the
 * others reach it are read together. An entity this subgraph only extends (a stub with just its
 * id) needs none: Federation then hands its resolvers the reference itself.
 */
export function ResolveReference() {
  return <Entity>(
    prototype: object,
    _method: string | symbol,
    descriptor: TypedPropertyDescriptor<(reference: EntityReference, ctx: RequestContext) => Entity>,
  ): void => {
    if (descriptor.value) referenceResolvers.set(prototype.constructor, descriptor.value);
  };
}

/** The GraphQL name of the object type a resolver class resolves (`@Resolver(() => Task)` gives `Task`). */
function resolvedTypeName(resolverClass: Function): string {
  const metadata = getMetadataStorage();
  const objectType = metadata.resolverClasses.find((resolver) => resolver.target === resolverClass)?.getObjectType();
  const name = metadata.objectTypes.find((type) => type.target === objectType)?.name;
  if (!name) throw new Error(`${resolverClass.name} has @ResolveReference but resolves no object type`);
  return name;
}

/** `__resolveReference` per entity type, from the marked methods of these resolver instances. */
export function referenceResolversOf(resolvers: readonly object[]): Map<string, ReferenceResolver> {
  const found = new Map<string, ReferenceResolver>();
  for (const resolver of resolvers) {
    const resolve = referenceResolvers.get(resolver.constructor);
    if (resolve) found.set(resolvedTypeName(resolver.constructor), (reference, ctx) => resolve.call(resolver, reference, ctx));
  }
  return found;
}

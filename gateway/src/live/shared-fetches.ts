import type { GraphQLDataSource } from '@apollo/gateway';
import type { PlanNode } from '@apollo/query-planner';
import { type GraphQLSchema, getNamedType, isObjectType, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';

/**
 * Fields whose value is the same for every viewer who may see the entity at all: no viewer's
 * role, own data or filtered list in them. Whether a viewer may see the entity is the
 * subgraph's rule (a task, a project and its comments: members of the project; a user's public
 * profile: anyone signed in). A field added to a type is not shared until it is listed here.
 */
const viewerIndependent: Readonly<Record<string, ReadonlySet<string>>> = {
  Task: new Set([
    'id',
    'title',
    'description',
    'status',
    'priority',
    'dueAt',
    'createdAt',
    'updatedAt',
    'completedAt',
    'labels',
    'project',
    'assignee',
    'reporter',
  ]),
  Label: new Set(['id', 'name', 'color']),
  Comment: new Set(['id', 'body', 'createdAt', 'updatedAt', 'editedAt', 'task', 'author']),
  Project: new Set(['id', 'name', 'description', 'archivedAt', 'createdAt', 'updatedAt', 'owner']),
  User: new Set(['id', 'displayName', 'avatarUrl']),
};

/**
 * The fetches of a plan that subscribers of one feed may share for one event: entity fetches
 * (`_entities`) that select viewer-independent fields only, however deep. Every subscriber of a
 * feed passed the same check when subscribing (a project's feeds: member of the project) and
 * loses the feed at the same point of the stream, so the entities an event of the feed names
 * are visible to all of them alike, and such a selection resolves the same for each.
 */
export function shareableFetches(node: PlanNode, schema: GraphQLSchema): Set<string> {
  const shareable = new Set<string>();
  const visit = (plan: PlanNode): void => {
    switch (plan.kind) {
      case 'Fetch':
        if (viewerIndependentFetch(plan.operation, schema)) shareable.add(plan.operation);
        break;
      case 'Flatten':
        visit(plan.node);
        break;
      case 'Sequence':
      case 'Parallel':
        for (const child of plan.nodes) visit(child);
        break;
      case 'Condition':
        if (plan.ifClause) visit(plan.ifClause);
        if (plan.elseClause) visit(plan.elseClause);
        break;
      case 'Defer':
        if (plan.primary.node) visit(plan.primary.node);
        for (const deferred of plan.deferred) if (deferred.node) visit(deferred.node);
    }
  };
  visit(node);
  return shareable;
}

function viewerIndependentFetch(operation: string, schema: GraphQLSchema): boolean {
  const [definition, ...more] = parse(operation).definitions;
  if (more.length || definition?.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'query') return false;
  const [root, ...others] = (definition as OperationDefinitionNode).selectionSet.selections;
  if (others.length || root?.kind !== Kind.FIELD || root.name.value !== '_entities' || !root.selectionSet) return false;
  return root.selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename';
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition) return false;
    return independentSelection(selection.typeCondition.name.value, selection.selectionSet, schema);
  });
}

/** Every field selected on `typeName`, and on the types it leads to, is viewer-independent (fragment spreads are not followed: not shared). */
function independentSelection(typeName: string, selectionSet: SelectionSetNode, schema: GraphQLSchema): boolean {
  const type = schema.getType(typeName);
  const allowed = viewerIndependent[typeName];
  if (!isObjectType(type) || !allowed) return false;
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return independentSelection(selection.typeCondition?.name.value ?? typeName, selection.selectionSet, schema);
    if (selection.kind !== Kind.FIELD) return false;
    const name = selection.name.value;
    if (name === '__typename') return true;
    const field = type.getFields()[name];
    if (!field || !allowed.has(name) || selection.arguments?.length) return false;
    return !selection.selectionSet || independentSelection(getNamedType(field.type).name, selection.selectionSet, schema);
  });
}

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * The shareable fetches of one event for one feed: the first subscriber to need one makes it,
 * as themself, and the others with the same request (query and variables, so the same
 * entities) take its answer. Each gets a copy, since executing a plan merges later fetches into
 * the objects of earlier ones. An answer with errors is not taken: each subscriber then asks
 * for themself, and gets their own errors.
 */
export class SharedFetches {
  private readonly answers = new Map<string, Promise<Response>>();

  /** `source`, answering the `shareable` operations from the answers made for this event and feed. */
  around(subgraph: string, source: GraphQLDataSource, shareable: ReadonlySet<string>): GraphQLDataSource {
    return {
      process: async (options) => {
        const { query, variables } = options.request;
        if (!query || !shareable.has(query)) return source.process(options);
        const key = JSON.stringify([subgraph, query, variables ?? null]);
        const made = this.answers.get(key);
        if (made) {
          const answer = await made.catch(() => null);
          return answer && !answer.errors?.length ? structuredClone(answer) : source.process(options);
        }
        const answer = source.process(options);
        this.answers.set(key, answer);
        return structuredClone(await answer);
      },
    };
  }
}

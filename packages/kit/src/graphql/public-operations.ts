import { type DocumentNode, Kind, type OperationDefinitionNode, parse } from 'graphql';

/** The contract's mutations served whatever the Authorization header holds. */
const PUBLIC_MUTATIONS = new Set(['register', 'login', 'refreshToken', 'logout', 'requestPasswordReset', 'resetPassword', 'verifyEmail']);

const parsed = (query: string, maxTokens: number): DocumentNode | null => {
  try {
    return parse(query, { maxTokens, noLocation: true });
  } catch {
    return null;
  }
};

/**
 * Whether a GraphQL-over-HTTP body is a mutation whose every root field is a public one. Anything
 * else (a persisted query sent by hash, fragments at the root, several operations and no name)
 * is not: its token counts.
 */
export function isPublicOperation(body: unknown, maxTokens: number): boolean {
  if (typeof body !== 'object' || body === null || !('query' in body) || typeof body.query !== 'string') return false;
  const name = 'operationName' in body && typeof body.operationName === 'string' ? body.operationName : null;
  const document = parsed(body.query, maxTokens);
  const operations = (document?.definitions ?? []).filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    name === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((candidate) => candidate.name?.value === name);
  return (
    operation?.operation === 'mutation' &&
    operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && PUBLIC_MUTATIONS.has(selection.name.value))
  );
}

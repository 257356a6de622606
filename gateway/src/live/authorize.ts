import type { ApolloServer } from '@apollo/server';
import { forbidden } from '@taskgraph/kit';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';

const PROJECT_ACCESS = 'query LiveProjectAccess($id: ID!) { project(id: $id) { id } }';

/** Errors that say something about the request rather than about the project: passed on as they are. */
const passedOn = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR']);

/**
 * Asks the projects subgraph, as the subscriber, whether they may see the project: it owns
 * memberships, so a member added a moment ago is let in. Anyone else gets FORBIDDEN, whether
 * the project exists or not.
 */
export function projectAuthorizer(apollo: ApolloServer<GatewayContext>) {
  return async (context: GatewayContext, projectId: string): Promise<void> => {
    const response = await apollo.executeOperation({ query: PROJECT_ACCESS, variables: { id: projectId } }, { contextValue: context });
    const result = response.body.kind === 'single' ? response.body.singleResult : null;
    const error = result?.errors?.[0];
    if (!error && result?.data?.project) return;
    if (error && passedOn.has(String(error.extensions?.code)))
      throw new GraphQLError(error.message, { extensions: error.extensions ?? {} });
    throw forbidden('Only members of the project can follow its tasks');
  };
}

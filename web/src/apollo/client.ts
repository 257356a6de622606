/**
 * The Apollo Client of the app: queries and mutations over HTTP, subscriptions over graphql-ws, both with the
 * session's access token and by the hash of their trusted document; a silent refresh when the token has expired; and
 * the cache's paging rules.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, relayStylePagination } from '@apollo/client/utilities';
import { type Client, createClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import { freshAccessToken, getSession, refreshSession, setSession } from '../auth/session';
import { gatewayUrl, gatewayWsUrl } from '../config';
import { setConnectionStatus } from './connection-status';
import { graphQLErrors } from './errors';
import { keepAliveMs, retryWait, watchLiveness } from './liveness';
import { persistedDocumentsLink } from './persisted';
import { onMessage, replacer } from './resume';

const bearer = (): Record<string, string> => {
  const token = getSession()?.accessToken;
  return token ? { authorization: `Bearer ${token}` } : {};
};

const authLink = new ApolloLink((operation, forward) => {
  operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, ...bearer() } }));
  return forward(operation);
});

/** UNAUTHENTICATED with TOKEN_EXPIRED: refresh, then send the operation once more; SESSION_REVOKED: signed out. */
const refreshLink = new ErrorLink(({ error, operation, forward }) => {
  const reasons = graphQLErrors(error).map((graphQLError) => graphQLError.extensions?.reason);
  if (reasons.includes('SESSION_REVOKED')) {
    setSession(null);
    return;
  }
  if (!reasons.includes('TOKEN_EXPIRED') || operation.getContext().retriedAfterRefresh) return;
  return new Observable((observer) => {
    let inner: { unsubscribe(): void } | undefined;
    refreshSession().then(
      (session) => {
        if (!session) return observer.error(error);
        operation.setContext({ retriedAfterRefresh: true });
        inner = forward(operation).subscribe(observer);
      },
      (refreshError: unknown) => observer.error(refreshError),
    );
    return () => inner?.unsubscribe();
  });
});

let wasConnected = false;
const liveness = watchLiveness(() => wsClient);
export const wsClient: Client = createClient({
  url: gatewayWsUrl,
  lazy: true,
  // Every (re)connection sends a token good for a while yet, renewed first if need be: the gateway closes a socket
  // with 4419 when its token expires, graphql-ws retries, and the retry comes with the renewed one.
  connectionParams: async () => {
    const token = await freshAccessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: () => true,
  retryWait,
  keepAlive: keepAliveMs,
  jsonMessageReplacer: replacer,
  on: {
    message: onMessage,
    ping: liveness.ping,
    pong: liveness.pong,
    connected: () => {
      wasConnected = true;
      setConnectionStatus('connected');
    },
    closed: () => {
      liveness.closed();
      setConnectionStatus(wasConnected ? 'reconnecting' : 'connecting');
    },
  },
});

const transport = ApolloLink.split(
  ({ query }) => {
    const definition = getMainDefinition(query);
    return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
  },
  new GraphQLWsLink(wsClient),
  new HttpLink({ uri: gatewayUrl }),
);

export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([refreshLink, authLink, persistedDocumentsLink, transport]),
    cache: new InMemoryCache({
      typePolicies: {
        Task: { fields: { comments: relayStylePagination(['direction']) } },
        // One preference per kind: the answer of updateNotificationPreferences replaces the ones shown.
        NotificationPreference: { keyFields: ['kind'] },
        Project: {
          fields: {
            // One list per filter (a board column is the filter on its status and the board's filters); pages of it are merged.
            tasks: relayStylePagination(['filter', 'orderBy']),
            activity: relayStylePagination(),
          },
        },
        Query: {
          fields: {
            projects: relayStylePagination(['includeArchived']),
            notifications: relayStylePagination(['unreadOnly']),
          },
        },
      },
    }),
  });
}

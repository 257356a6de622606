import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';

const TRANSPORTS =
  'over WebSocket (graphql-transport-ws), Server-Sent Events (accept: text/event-stream) or multipart HTTP (accept: multipart/mixed;subscriptionSpec="1.0")';

/** HTTP 406: what the client accepts cannot carry this operation. */
export const wrongTransport = (message: string) =>
  new GraphQLError(message, { extensions: { code: ApolloServerErrorCode.BAD_REQUEST, http: { status: 406 } } });

export const subscriptionNeedsStream = () => wrongTransport(`Subscriptions are served at this URL ${TRANSPORTS}`);

export const streamServesSubscriptions = () =>
  wrongTransport('text/event-stream serves subscriptions only: send queries and mutations with accept: application/json');

/**
 * A subscription that reaches Apollo Server came without a streaming accept header (a plain JSON
 * POST, a GET without text/event-stream): refused with the transports that serve it, before the
 * gateway's executor would fail on it.
 */
export function refuseSubscriptionsWithoutStream(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'subscription') throw subscriptionNeedsStream();
      },
    }),
  };
}

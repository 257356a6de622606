/** What the live hooks share: a subscription that ended in a way that can be repaired starts over. */
import type { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { refreshSession } from '../auth/session';
import { errorInfo } from './errors';

/**
 * Repairs what can be repaired of a subscription's end, and says whether it did; anything else (FORBIDDEN, NOT_FOUND)
 * ends the subscription, for the caller to show.
 *
 * - CURSOR_EXPIRED: the app was away longer than the gateway keeps events, so what it shows may be missing some. The
 *   queries on screen are loaded again and the subscription starts afresh (without a cursor: the one it had ended
 *   with the error).
 * - The socket closed in a way graphql-ws does not retry (its token refused, 4401): once the session is renewed the
 *   subscription starts again, resuming after its last cursor; a session that is over signs the user out instead.
 */
export function resumeAfterError(client: ApolloClient, error: unknown, restart: () => void): boolean {
  if (!CombinedGraphQLErrors.is(error)) {
    void refreshSession().then((session) => session && restart());
    return true;
  }
  if (errorInfo(error).code !== 'CURSOR_EXPIRED') return false;
  void client.refetchQueries({ include: 'active' });
  restart();
  return true;
}

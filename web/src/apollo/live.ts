/** What the live hooks share: a subscription that can no longer resume starts over. */
import type { ApolloClient } from '@apollo/client';
import { errorInfo } from './errors';

/**
 * CURSOR_EXPIRED: the app was away longer than the gateway keeps events, so what it shows may be missing some. The
 * queries on screen are loaded again and the subscription starts afresh (without a cursor: the one it had ended with
 * the error). Says whether the error was that one; any other ends the subscription, for the caller to show.
 */
export function restartIfExpired(client: ApolloClient, error: unknown, restart: () => void): boolean {
  if (errorInfo(error).code !== 'CURSOR_EXPIRED') return false;
  void client.refetchQueries({ include: 'active' });
  restart();
  return true;
}

import { useMutation, useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../components/ErrorMessage';
import { graphql } from '../gql';

const SessionsDocument = graphql(`
  query Sessions {
    sessions {
      id
      userAgent
      createdAt
      lastUsedAt
      current
    }
  }
`);

const RevokeSessionDocument = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

const LogoutOtherSessionsDocument = graphql(`
  mutation LogoutOtherSessions {
    logoutOtherSessions
  }
`);

const when = (iso: string) => new Date(iso).toLocaleString();

/** The viewer's open sessions, newest first; revoking one signs that browser out at once (its socket too). */
export function Sessions() {
  const { data, error } = useQuery(SessionsDocument, { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' });
  const refresh = { refetchQueries: [SessionsDocument] };
  const [revoke, revoking] = useMutation(RevokeSessionDocument, refresh);
  const [logoutOthers, loggingOut] = useMutation(LogoutOtherSessionsDocument, refresh);
  const sessions = data?.sessions ?? [];
  const others = sessions.filter((session) => !session.current).length;

  return (
    <section aria-labelledby="sessions-title" className="account-section">
      <h2 id="sessions-title">Where you are signed in</h2>
      <ErrorMessage error={error ?? revoking.error ?? loggingOut.error} />
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id} className="session">
            <span className="session-agent">{session.userAgent ?? 'An unknown browser'}</span>
            {session.current ? <span className="badge">this browser</span> : null}
            <span className="muted">
              signed in {when(session.createdAt)}, last active {when(session.lastUsedAt)}
            </span>
            {session.current ? null : (
              <button
                type="button"
                className="secondary session-revoke"
                aria-label={`Revoke the session signed in ${when(session.createdAt)}`}
                disabled={revoking.loading}
                onClick={() => void revoke({ variables: { id: session.id } }).catch(() => undefined)}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="secondary"
        disabled={!others || loggingOut.loading}
        onClick={() => void logoutOthers().catch(() => undefined)}
      >
        Log out other sessions
      </button>
      <span role="status" className="muted">
        {loggingOut.data ? `Logged out of ${loggingOut.data.logoutOtherSessions} other session(s).` : ''}
      </span>
    </section>
  );
}

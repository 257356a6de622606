import { useMutation } from '@apollo/client/react';
import { ResendVerification } from '../account/ResendVerification';
import { useRunOnce } from '../account/run-once';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import { navigate, paths } from '../router';

const AcceptInvitationDocument = graphql(`
  mutation AcceptInvitation($token: String!) {
    acceptInvitation(token: $token) {
      id
      name
      viewerRole
    }
  }
`);

/**
 * The page the invitation email links to (signed in: the app sends a signed-out visitor to sign in first, and back).
 * It accepts at once and opens the project; an unconfirmed address is told to confirm it first, then try again.
 */
export function AcceptInvitationScreen({ token }: { token: string }) {
  const [accept, { loading, error }] = useMutation(AcceptInvitationDocument);
  const join = async () => {
    const result = await accept({ variables: { token } }).catch(() => undefined);
    if (result?.data) navigate(paths.board(result.data.acceptInvitation.id), { replace: true });
  };
  useRunOnce(() => void join());
  const info = error ? errorInfo(error) : undefined;
  const unverified = info?.code === 'FORBIDDEN' && info.reason === 'EMAIL_NOT_VERIFIED';

  return (
    <main className="page">
      <h1>Invitation</h1>
      {loading ? <p role="status">Joining the project…</p> : null}
      {unverified ? (
        <div className="notice">
          <p role="alert">Confirm your email address first: open the link we sent you, then come back and try again.</p>
          <div className="actions">
            <button type="button" onClick={() => void join()}>
              Try again
            </button>
            <ResendVerification />
          </div>
        </div>
      ) : info?.code === 'FORBIDDEN' ? (
        <p className="error" role="alert">
          This invitation was sent to another email address: sign in with that one to accept it.
        </p>
      ) : info?.fields.token ? (
        <p className="error" role="alert">
          This invitation {info.fields.token}: ask for a new one.
        </p>
      ) : (
        <ErrorMessage error={error} />
      )}
      {error ? <Link href={paths.projects()}>Go to your projects</Link> : null}
    </main>
  );
}

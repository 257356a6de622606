import { useMutation } from '@apollo/client/react';
import { useRunOnce } from '../account/run-once';
import { errorInfo } from '../apollo/errors';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import { paths } from '../router';

const VerifyEmailDocument = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token)
  }
`);

/**
 * The page the confirmation email links to: it confirms the address at once, signed in or not (the link opens
 * anywhere). The screens that show whether the address is confirmed ask again when they open.
 */
export function VerifyEmailScreen({ token }: { token: string }) {
  const session = useSession();
  const [verify, { data, error }] = useMutation(VerifyEmailDocument);
  useRunOnce(() => void verify({ variables: { token } }).catch(() => undefined));
  const tokenError = error ? errorInfo(error).fields.token : undefined;

  return (
    <main className="auth">
      <h1>taskgraph</h1>
      <section className="panel" aria-labelledby="verify-title">
        <h2 id="verify-title">Confirming your email address</h2>
        {data?.verifyEmail ? <p role="status">Your email address is confirmed.</p> : null}
        {!data && !error ? <p role="status">One moment…</p> : null}
        {tokenError ? (
          <p className="error" role="alert">
            This link {tokenError}.
          </p>
        ) : (
          <ErrorMessage error={error} />
        )}
        {tokenError && session ? <p>The notice at the top of your projects sends a new link.</p> : null}
        <p>{session ? <Link href={paths.projects()}>Go to your projects</Link> : <Link href={paths.login()}>Sign in</Link>}</p>
      </section>
    </main>
  );
}

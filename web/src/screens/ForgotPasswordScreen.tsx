import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import { paths } from '../router';

const RequestPasswordResetDocument = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

/** Asks for a reset link. The answer is the same whether the address is registered or not, and so is what is shown. */
export function ForgotPasswordScreen() {
  const [request, { data, loading, error }] = useMutation(RequestPasswordResetDocument);
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await request({ variables: { email } }).catch(() => undefined);
    if (result?.data) setSentTo(email);
  };

  return (
    <main className="auth">
      <h1>taskgraph</h1>
      <form onSubmit={submit} aria-labelledby="forgot-title" noValidate>
        <h2 id="forgot-title">Forgot your password?</h2>
        {data && sentTo ? (
          <p role="status">
            If an account uses <strong>{sentTo}</strong>, we have emailed it a link to choose a new password. The link works for 30 minutes.
          </p>
        ) : (
          <p className="muted">Give your account’s email address: we will send you a link to choose a new password.</p>
        )}
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          required
        />
        <ErrorMessage error={error} />
        <button type="submit" disabled={loading || !email.trim()}>
          Send the link
        </button>
        <p>
          <Link href={paths.login()}>Back to sign in</Link>
        </p>
      </form>
    </main>
  );
}

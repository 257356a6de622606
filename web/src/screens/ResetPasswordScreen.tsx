import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { getSession, setSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import { paths } from '../router';

const ResetPasswordDocument = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

/** The page the reset email links to: a new password for the link's token. A bad, used or expired link says so. */
export function ResetPasswordScreen({ token }: { token: string }) {
  const [reset, { data, loading, error }] = useMutation(ResetPasswordDocument);
  const [newPassword, setNewPassword] = useState('');
  const fields = error ? errorInfo(error).fields : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await reset({ variables: { token, newPassword } }).catch(() => undefined);
    // Every session of the account has ended, this browser's too if it was signed in.
    if (result?.data && getSession()) setSession(null);
  };

  return (
    <main className="auth">
      <h1>taskgraph</h1>
      {data?.resetPassword ? (
        <section className="panel" aria-labelledby="reset-title">
          <h2 id="reset-title">Your password is changed</h2>
          <p role="status">Every session of your account has ended: sign in with the new password.</p>
          <Link href={paths.login()}>Sign in</Link>
        </section>
      ) : (
        <form onSubmit={submit} aria-labelledby="reset-title" noValidate>
          <h2 id="reset-title">Choose a new password</h2>
          {fields.token ? (
            <p className="field-error" role="alert">
              This link {fields.token}. <Link href={paths.forgotPassword()}>Ask for a new link</Link>
            </p>
          ) : null}
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
            error={fields.newPassword}
            required
          />
          <ErrorMessage error={error} fieldsShown />
          <button type="submit" disabled={loading || !newPassword}>
            Set the new password
          </button>
        </form>
      )}
    </main>
  );
}

import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { setSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { graphql } from '../gql';
import { paths } from '../router';

const DeleteAccountDocument = graphql(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`);

/** Deleting the account takes the password again, after a second step that says what goes with it. */
export function DeleteAccount() {
  const [remove, { loading, error }] = useMutation(DeleteAccountDocument);
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const fields = error ? errorInfo(error).fields : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await remove({ variables: { password } }).catch(() => undefined);
    if (!result?.data) return;
    // Signed out everywhere already: start the page afresh, as signing out does.
    setSession(null);
    window.location.assign(paths.login());
  };

  return (
    <section aria-labelledby="delete-title" className="account-section">
      <h2 id="delete-title">Delete your account</h2>
      {confirming ? (
        <form onSubmit={submit} aria-label="Delete your account" noValidate>
          <p>
            Your profile, notifications and memberships go; projects you own pass to their longest-standing admin, or are deleted with their
            tasks. Your comments stay, as “Deleted user”. This cannot be undone.
          </p>
          <Field
            label="Your password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fields.password}
            required
          />
          <ErrorMessage error={error} fieldsShown />
          <div className="actions">
            <button type="submit" className="danger" disabled={loading || !password}>
              Delete my account for good
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete my account
        </button>
      )}
    </section>
  );
}

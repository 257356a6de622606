import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { setSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import type { SignedInFragment } from '../gql/graphql';
import { navigate, paths } from '../router';

const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...SignedIn
    }
  }
`);

const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...SignedIn
    }
  }
`);

function signIn({ accessToken, accessTokenExpiresAt, refreshToken, user }: SignedInFragment, next: string | null): void {
  setSession({ accessToken, accessTokenExpiresAt, refreshToken, userId: user.id, displayName: user.displayName });
  navigate(next ?? paths.projects(), { replace: true });
}

export function AuthScreen({ mode, next }: { mode: 'login' | 'register'; next: string | null }) {
  const [register, registering] = useMutation(RegisterDocument);
  const [login, loggingIn] = useMutation(LoginDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const error = mode === 'register' ? registering.error : loggingIn.error;
  const fields = error ? errorInfo(error).fields : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A failure is shown from the mutation's state; nothing else to do with it here.
    if (mode === 'register') {
      const result = await register({ variables: { input: { email, password, displayName } } }).catch(() => undefined);
      if (result?.data) signIn(result.data.register, next);
    } else {
      const result = await login({ variables: { input: { email, password } } }).catch(() => undefined);
      if (result?.data) signIn(result.data.login, next);
    }
  };

  return (
    <main className="auth">
      <h1>taskgraph</h1>
      <form onSubmit={submit} aria-labelledby="auth-title" noValidate>
        <h2 id="auth-title">{mode === 'register' ? 'Create an account' : 'Sign in'}</h2>
        {mode === 'register' && (
          <Field
            label="Display name"
            name="displayName"
            autoComplete="name"
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            error={fields.displayName}
            required
          />
        )}
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fields.email}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fields.password}
          required
        />
        <ErrorMessage error={error} fieldsShown />
        <button type="submit" disabled={registering.loading || loggingIn.loading}>
          {mode === 'register' ? 'Create account' : 'Sign in'}
        </button>
        <p>
          {mode === 'register' ? (
            <Link href={paths.login(next)}>I have an account: sign in</Link>
          ) : (
            <Link href={paths.register(next)}>New here? Create an account</Link>
          )}
        </p>
        {mode === 'login' ? (
          <p>
            <Link href={paths.forgotPassword()}>Forgot password?</Link>
          </p>
        ) : null}
      </form>
    </main>
  );
}

import { useQuery } from '@apollo/client/react';
import { DeleteAccount } from '../account/DeleteAccount';
import { ViewerDocument } from '../account/documents';
import { NotificationPreferences } from '../account/NotificationPreferences';
import { Sessions } from '../account/Sessions';

/** The viewer's own account: who they are, where they are signed in, how they are notified, and its deletion. */
export function AccountScreen() {
  const { data } = useQuery(ViewerDocument, { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' });
  const me = data?.me;
  return (
    <main className="page">
      <h1>Account</h1>
      {me ? (
        <section aria-labelledby="profile-title" className="account-section">
          <h2 id="profile-title">{me.displayName}</h2>
          <p>
            {me.email} <span className="badge">{me.emailVerified ? 'confirmed' : 'not confirmed yet'}</span>
          </p>
        </section>
      ) : null}
      <Sessions />
      <NotificationPreferences />
      <DeleteAccount />
    </main>
  );
}

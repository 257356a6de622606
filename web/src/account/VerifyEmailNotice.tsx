import { useQuery } from '@apollo/client/react';
import { ViewerDocument } from './documents';
import { ResendVerification } from './ResendVerification';

/**
 * Under the header while the viewer's address is unconfirmed (an invitation needs it confirmed). Asked afresh on every
 * page load: the address may have been confirmed from the link in another tab or browser.
 */
export function VerifyEmailNotice() {
  const { data } = useQuery(ViewerDocument, { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' });
  const me = data?.me;
  if (me?.emailVerified !== false) return null;
  return (
    <section className="notice verify-notice" aria-label="Email confirmation">
      <span>
        Please confirm your email address: open the link we sent to <strong>{me.email}</strong>.
      </span>
      <ResendVerification />
    </section>
  );
}

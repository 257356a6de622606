import { useMutation } from '@apollo/client/react';
import { ErrorMessage } from '../components/ErrorMessage';
import { ResendVerificationDocument, ViewerDocument } from './documents';

/** Sends the confirmation link again; `false` means the address is confirmed already, which the viewer query then shows. */
export function ResendVerification() {
  const [resend, { data, loading, error }] = useMutation(ResendVerificationDocument, { refetchQueries: [ViewerDocument] });
  return (
    <>
      <button type="button" className="secondary" disabled={loading} onClick={() => void resend().catch(() => undefined)}>
        Send the link again
      </button>
      <span role="status" className="muted">
        {data?.resendVerificationEmail ? 'Sent: check your inbox.' : ''}
      </span>
      <ErrorMessage error={error} />
    </>
  );
}

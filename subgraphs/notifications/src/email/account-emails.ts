import type { EventCatalog } from '@taskgraph/contracts';
import { composeEmail, tokenLink, validUntil } from './layout.js';
import type { EmailRequest } from './request.js';

type AccountEmail = EventCatalog['account.password_reset_requested'];

/** The link to choose a new password, asked for with requestPasswordReset. */
export function passwordResetEmail({ email, token, expiresAt }: AccountEmail, appUrl: string): EmailRequest {
  return composeEmail(email, {
    subject: 'Reset your taskgraph password',
    heading: 'Reset your password',
    paragraphs: [
      `Someone asked to reset the password of the taskgraph account ${email}. The link below works once, until ${validUntil(expiresAt)}; using it signs every device out.`,
    ],
    action: { label: 'Choose a new password', url: tokenLink(appUrl, '/reset-password', token) },
    footer: { text: 'If it was not you, ignore this email: your password stays as it is.' },
  });
}

/** The link that proves the address is the user's, sent at registration and by resendVerificationEmail. */
export function verificationEmail(
  { email, token, expiresAt }: EventCatalog['account.verification_requested'],
  appUrl: string,
): EmailRequest {
  return composeEmail(email, {
    subject: 'Confirm your email address',
    heading: 'Confirm your email address',
    paragraphs: [
      `Confirm that ${email} is yours, so that you can accept invitations to projects. The link works once, until ${validUntil(expiresAt)}.`,
    ],
    action: { label: 'Confirm my address', url: tokenLink(appUrl, '/verify-email', token) },
    footer: { text: 'If you did not sign up for taskgraph, ignore this email.' },
  });
}

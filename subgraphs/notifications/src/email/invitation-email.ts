import type { EventCatalog } from '@taskgraph/contracts';
import { composeEmail, tokenLink, validUntil } from './layout.js';
import type { EmailRequest } from './request.js';

/** What the email of an invitation names: who invited, to which project. */
export interface InvitationNames {
  inviter: string;
  project: string;
}

/** The link that makes the address's owner a member, sent whether or not the address belongs to a user. */
export function invitationEmail(
  { email, token, role, expiresAt }: EventCatalog['project.invited'],
  { inviter, project }: InvitationNames,
  appUrl: string,
): EmailRequest {
  return composeEmail(email, {
    subject: `${inviter} invited you to “${project}”`,
    heading: 'An invitation',
    paragraphs: [
      `${inviter} invited you to join “${project}” on taskgraph as ${role.toLowerCase()}.`,
      `Sign in (or sign up) with ${email}, confirm the address, and accept. The link works once, until ${validUntil(expiresAt)}.`,
    ],
    action: { label: 'Accept the invitation', url: tokenLink(appUrl, '/invitations/accept', token) },
    footer: { text: 'If you do not know them, ignore this email.' },
  });
}

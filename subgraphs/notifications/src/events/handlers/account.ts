import type { EventHandlers } from '@taskgraph/kit';
import { passwordResetEmail, verificationEmail } from '../../email/account-emails.js';
import { queueEmail } from '../../email/queue.js';

/** The emails accounts asks for: they go out through the same sender as notifications, with links into the web app. */
export const accountEventHandlers = (appUrl: string): EventHandlers => ({
  'account.password_reset_requested': async (em, event) => queueEmail(em, event, passwordResetEmail(event.data, appUrl)),
  'account.verification_requested': async (em, event) => queueEmail(em, event, verificationEmail(event.data, appUrl)),
});

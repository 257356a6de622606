import nodemailer from 'nodemailer';
import type { EmailRequest } from './request.js';

/** Hands one message to the mail server; resolves with the Message-ID once the server accepted it. */
export type SendEmail = (request: EmailRequest) => Promise<string>;

/** SMTP through nodemailer, one connection per message, with deadlines so that a silent server cannot hold the sender. */
export function smtpTransport(url: string, from: string): SendEmail {
  const transport = nodemailer.createTransport(
    { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
    { from },
  );
  return async ({ to, subject, text, html }) => (await transport.sendMail({ to, subject, text, html })).messageId;
}

/**
 * Whether the server refused the message for good (a 5xx reply): trying again would be refused
 * again. Anything else (a 4xx reply, no connection, a connection lost) is tried again.
 */
export function refusedForGood(error: unknown): boolean {
  const { responseCode } = (error ?? {}) as { responseCode?: unknown };
  return typeof responseCode === 'number' && responseCode >= 500;
}

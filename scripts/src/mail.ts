import { MailDev } from 'maildev';
import { say } from './output.js';
import { acceptsConnections } from './probes.js';

const smtpPort = 1025;
const webPort = 1080;

export interface DevelopmentMail {
  /** What the notifications service sends to. */
  smtpUrl: string;
  /** Where a person reads what was sent, when it is ours to show. */
  inboxUrl: string | null;
  stop(): Promise<void>;
}

/**
 * The mail server the services send to: SMTP_URL when set; else a MailDev started here that
 * catches every email (SMTP on 1025, web inbox on 1080), or one already listening there.
 */
export async function provideMail(): Promise<DevelopmentMail> {
  const configured = process.env.SMTP_URL;
  if (configured) {
    say('Mail: sending to SMTP_URL.');
    return { smtpUrl: configured, inboxUrl: null, stop: async () => {} };
  }
  const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  const inboxUrl = `http://localhost:${webPort}`;
  if (await acceptsConnections('127.0.0.1', smtpPort)) {
    say(`Mail: something already listens on port ${smtpPort}; sending to it (a MailDev would show its inbox at ${inboxUrl}).`);
    return { smtpUrl, inboxUrl, stop: async () => {} };
  }
  const maildev = new MailDev({ smtp: smtpPort, ip: '127.0.0.1', web: webPort, webIp: '127.0.0.1', silent: true });
  await maildev.start();
  say(`Mail: MailDev catches every email, inbox at ${inboxUrl}.`);
  return { smtpUrl, inboxUrl, stop: () => maildev.stop() };
}

/**
 * A mail server for tests: smtp-server in this process, on a port of its own, keeping every
 * message it accepts (raw and parsed). It can be stopped and started again on the same port,
 * as a mail server that goes down and comes back.
 */
import type { AddressInfo } from 'node:net';
import { eventually } from '@taskgraph/kit/testing';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  /** The addresses of the SMTP envelope (RCPT TO): where the message really went. */
  envelopeTo: string[];
  /** The message as it arrived, headers included. */
  raw: string;
  parsed: ParsedMail;
}

export class SmtpCatcher {
  readonly messages: CaughtMail[] = [];
  private server: SMTPServer | null = null;
  private port = 0;

  /** Listens: on a free port the first time, on the same port after a stop. */
  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A stop ends open sessions at once, as a server that goes down does.
      closeTimeout: 200,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              this.messages.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, parsed });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stops listening and closes its connections: senders get refused until the next start. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The messages that went to an address. */
  to(address: string): CaughtMail[] {
    return this.messages.filter((message) => message.envelopeTo.includes(address));
  }
}

/** The messages to an address whose subject has `subject`, once there are `count` of them. */
export function mailsTo(smtp: SmtpCatcher, address: string, subject: string, count = 1): Promise<CaughtMail[]> {
  return eventually(
    async () => {
      const found = smtp.to(address).filter((mail) => mail.parsed.subject?.includes(subject));
      return found.length >= count ? found : undefined;
    },
    20_000,
    `${count} email(s) “${subject}” to ${address}`,
  );
}

/**
 * The token of the mail's link to `page` of the app: read from the text part, and the HTML part
 * must link to the same address.
 */
export function linkToken(mail: CaughtMail, page: string): string {
  const url = (mail.parsed.text ?? '')
    .match(/https?:\/\/\S+/g)
    ?.map((href) => new URL(href))
    .find((href) => href.href.startsWith(page));
  const token = url?.searchParams.get('token');
  if (!url || !token) throw new Error(`no link to ${page} in ${mail.parsed.text}`);
  if (typeof mail.parsed.html !== 'string' || !mail.parsed.html.includes(`href="${url.href}"`)) {
    throw new Error(`the HTML part does not link to ${url.href}`);
  }
  return token;
}

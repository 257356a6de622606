import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger, Metrics } from '@taskgraph/kit';
import { Counter } from 'prom-client';
import { EmailDelivery, EmailStatus } from '../entities/email-delivery.js';
import { Notification } from '../entities/notification.js';
import { UserName } from '../entities/user-name.js';
import type { MailSettings } from '../settings.js';
import { notificationEmail } from './notification-email.js';
import type { EmailRequest } from './request.js';
import { refusedForGood, type SendEmail } from './transport.js';

const BATCH = 20;

type SenderSettings = Pick<MailSettings, 'APP_URL' | 'EMAIL_RETRY_BACKOFF_MS' | 'EMAIL_MAX_ATTEMPTS'>;

/** The emails waiting to be sent: watched whether or not a sender runs (without SMTP_URL, it only grows). */
export function observeEmailBacklog(orm: MikroORM, metrics: Metrics): void {
  metrics.gauge('email_deliveries_backlog', 'Emails waiting to be sent (pending)', () =>
    orm.em.fork().count(EmailDelivery, { status: EmailStatus.PENDING }),
  );
}

/**
 * Sends the emails of `email_deliveries`, at most once each. A delivery is claimed (SKIP LOCKED,
 * so replicas share the work) and marked `sending` in a transaction committed before the mail
 * server is called: a crash mid-send leaves it `sending`, and it is never sent again. The
 * outcome is recorded afterwards: `sent` with the server's Message-ID; a refusal or an outage
 * before the server accepted it makes it `pending` again after a backoff; a 5xx refusal, or the
 * last attempt failing, makes it `dead`.
 */
export class EmailSender {
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly orm: MikroORM,
    private readonly send: SendEmail,
    private readonly settings: SenderSettings,
    metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.outcomes = new Counter({
      name: 'email_deliveries_total',
      help: 'Email attempts by outcome (sent, retry, dead)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  /** Sends every email that is due, batch by batch, until none is left. */
  async sendDue(): Promise<void> {
    for (;;) {
      const claimed = await this.claim();
      if (!claimed.length) return;
      for (const { id, request } of claimed) await this.deliver(id, request);
    }
  }

  /** Claims due deliveries, composing those made from a notification, and marks them `sending` (committed on return). */
  private claim(): Promise<{ id: string; request: EmailRequest }[]> {
    return this.orm.em.fork().transactional(async (em) => {
      const due = await em.find(
        EmailDelivery,
        { status: EmailStatus.PENDING, nextAttemptAt: { $lte: new Date() } },
        { orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit: BATCH, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      const claimed: { id: string; request: EmailRequest }[] = [];
      for (const delivery of due) {
        const request = await this.requestOf(em, delivery);
        delivery.attempts += 1;
        if (typeof request === 'string') {
          this.failed(delivery, request, false);
          continue;
        }
        Object.assign(delivery, {
          status: EmailStatus.SENDING,
          toAddress: request.to,
          subject: request.subject,
          textBody: request.text,
          htmlBody: request.html,
        });
        claimed.push({ id: delivery.id, request });
      }
      return claimed;
    });
  }

  /** The message to send, or why there is none yet. */
  private async requestOf(em: EntityManager, delivery: EmailDelivery): Promise<EmailRequest | string> {
    const { toAddress: to, subject, textBody: text, htmlBody: html } = delivery;
    if (to !== null && subject !== null && text !== null && html !== null) return { to, subject, text, html };
    if (!delivery.notificationId) return 'incomplete email request';
    const notification = await em.findOne(Notification, { id: delivery.notificationId });
    if (!notification) return 'its notification is gone';
    // The address arrives with `user.registered`, on a consumer of its own: it may lag behind.
    const recipient = await em.findOne(UserName, { id: notification.recipientId });
    if (!recipient?.email) return 'the recipient’s email address is not known';
    return notificationEmail(notification, recipient.email, this.settings.APP_URL);
  }

  private async deliver(id: string, request: EmailRequest): Promise<void> {
    const em = this.orm.em.fork();
    try {
      const messageId = await this.send(request);
      await em.nativeUpdate(EmailDelivery, { id }, { status: EmailStatus.SENT, messageId, sentAt: new Date(), lastError: null });
      this.outcomes.inc({ outcome: 'sent' });
    } catch (error) {
      const delivery = await em.findOneOrFail(EmailDelivery, { id });
      this.failed(delivery, error instanceof Error ? error.message : String(error), refusedForGood(error));
      await em.flush();
    }
  }

  /** Schedules the next attempt with backoff, or dead-letters the email after its last one (or a refusal for good). */
  private failed(delivery: EmailDelivery, reason: string, permanent: boolean): void {
    const { EMAIL_RETRY_BACKOFF_MS: delays, EMAIL_MAX_ATTEMPTS: maxAttempts } = this.settings;
    delivery.lastError = reason.slice(0, 1000);
    if (permanent || delivery.attempts >= maxAttempts) {
      delivery.status = EmailStatus.DEAD;
      this.outcomes.inc({ outcome: 'dead' });
      this.logger.error({ emailId: delivery.id, attempts: delivery.attempts, reason }, 'email dead-lettered');
      return;
    }
    const delay = delays[Math.min(delivery.attempts, delays.length) - 1] ?? 0;
    Object.assign(delivery, { status: EmailStatus.PENDING, nextAttemptAt: new Date(Date.now() + delay) });
    this.outcomes.inc({ outcome: 'retry' });
    this.logger.warn({ emailId: delivery.id, attempts: delivery.attempts, retryInMs: delay, reason }, 'email not sent, will retry');
  }
}

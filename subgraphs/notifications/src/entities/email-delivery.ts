import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';

export enum EmailStatus {
  /** Waiting for its next attempt (`nextAttemptAt`). */
  PENDING = 'pending',
  /** Claimed and handed to the mail server; left so by a crash mid-send, and then never sent again. */
  SENDING = 'sending',
  SENT = 'sent',
  /** Given up on: refused for good by the mail server, or every attempt failed. */
  DEAD = 'dead',
}

/**
 * One email to send: a generic request (to, subject, text, html) that the sender sends once.
 * A notification's email is created with the notification, in its transaction, and composed
 * from it when first claimed (so the recipient's address, which arrives by its own events, is
 * the latest known); a request made complete by someone else is sent as it is.
 */
@Entity({ tableName: 'email_deliveries' })
@Index({
  name: 'email_deliveries_due',
  expression: `create index "email_deliveries_due" on "email_deliveries" ("next_attempt_at") where "status" = 'pending'`,
})
export class EmailDelivery {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** The notification it tells of, if any: one email per notification. */
  @Unique()
  @Property({ type: 'uuid', nullable: true })
  notificationId: string | null = null;

  /** The event that asked for it, for an email another service requested: one email per event. */
  @Unique()
  @Property({ type: 'uuid', nullable: true })
  sourceEventId: string | null = null;

  @Property({ type: 'text', nullable: true })
  toAddress: string | null = null;

  @Property({ type: 'text', nullable: true })
  subject: string | null = null;

  @Property({ type: 'text', nullable: true })
  textBody: string | null = null;

  @Property({ type: 'text', nullable: true })
  htmlBody: string | null = null;

  @Enum({ items: () => EmailStatus, nativeEnumName: 'email_status' })
  status: EmailStatus = EmailStatus.PENDING;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** What the mail server called it on accepting it. */
  @Property({ type: 'text', nullable: true })
  messageId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;
}

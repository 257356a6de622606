import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { EmailDelivery } from '../entities/email-delivery.js';
import type { EmailRequest } from './request.js';

/**
 * Queues the email an event asks for, complete, in the handler's transaction: the sender sends
 * it as it is, once (one per event, whatever the redeliveries).
 */
export function queueEmail(em: EntityManager, event: EventEnvelope, { to, subject, text, html }: EmailRequest): void {
  em.persist(Object.assign(new EmailDelivery(), { sourceEventId: event.id, toAddress: to, subject, textBody: text, htmlBody: html }));
}

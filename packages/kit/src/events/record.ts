import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventCatalog, EventEnvelope, EventType } from '@taskgraph/contracts';
import { createEvent } from './envelope.js';
import { OutboxEvent } from './outbox-event.js';

/**
 * Records an event in the outbox, in the transaction of the change it describes; the relay
 * publishes it once that transaction commits (see `wakeRelayOnCommit`). Returns it, for a
 * mutation that waits for it to be in force (`RequestContext.inForce`).
 */
export function recordEvent<T extends EventType>(
  em: EntityManager,
  type: T,
  data: EventCatalog[T],
  actorId: string | null,
): EventEnvelope<T> {
  const event = createEvent(type, data, actorId);
  em.persist(new OutboxEvent(event));
  return event;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventCatalog, EventType } from '@taskgraph/contracts';
import { createEvent } from './envelope.js';
import { OutboxEvent } from './outbox-event.js';

/**
 * Records an event in the outbox, in the transaction of the change it describes; the relay
 * publishes it once that transaction commits (see `wakeRelayOnCommit`).
 */
export function recordEvent<T extends EventType>(em: EntityManager, type: T, data: EventCatalog[T], actorId: string | null): void {
  em.persist(new OutboxEvent(createEvent(type, data, actorId)));
}

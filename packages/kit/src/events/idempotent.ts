import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { EventEnvelope, EventType } from './catalog.js';
import type { ConsumerDefinition } from './bus.js';
import { ProcessedEvent } from './processed-event.js';

/** One handler per event type the consumer cares about; other types under its filter are skipped. */
export type EventHandlers = { [T in EventType]?: (em: EntityManager, event: EventEnvelope<T>) => Promise<void> };

/**
 * A consumer whose handler runs in one transaction with the record that the event was
 * handled, so a redelivered event changes nothing the second time.
 */
export function idempotentConsumer(
  orm: MikroORM,
  durable: string,
  filter: string,
  handlers: EventHandlers,
  options: Pick<ConsumerDefinition, 'ordered'> = {},
): ConsumerDefinition {
  return {
    durable,
    filter,
    ...options,
    available: () => orm.isConnected(),
    async handle(event) {
      const handler = handlers[event.type] as ((em: EntityManager, event: EventEnvelope) => Promise<void>) | undefined;
      if (!handler) return;
      await orm.em.fork().transactional(async (em) => {
        const inserted = await em
          .createQueryBuilder(ProcessedEvent)
          .insert({ consumer: durable, eventId: event.id, processedAt: new Date() })
          .onConflict(['consumer', 'event_id'])
          .ignore()
          .execute('run');
        if (inserted.affectedRows === 0) return;
        await handler(em, event);
      });
    },
  };
}

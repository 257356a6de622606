import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type EventHandlerMap, type EventPattern, handlerFor } from '@taskgraph/contracts';
import type { ConsumerDefinition } from './bus.js';
import { ProcessedEvent } from './processed-event.js';

/** One handler per event type the consumer cares about; other types under its filter are skipped. */
export type EventHandlers = EventHandlerMap<EntityManager, Promise<void>>;

/**
 * A consumer whose handler runs in one transaction with the record that the event was
 * handled, so a redelivered event changes nothing the second time.
 */
export function idempotentConsumer(
  orm: MikroORM,
  durable: string,
  filter: EventPattern,
  handlers: EventHandlers,
  options: Pick<ConsumerDefinition, 'ordered' | 'enforces'> = {},
): ConsumerDefinition {
  return {
    durable,
    filter,
    ...options,
    available: () => orm.isConnected(),
    async handle(event) {
      const handle = handlerFor(handlers, event);
      if (!handle) return;
      await orm.em.fork().transactional(async (em) => {
        const inserted = await em
          .createQueryBuilder(ProcessedEvent)
          .insert({ consumer: durable, eventId: event.id, processedAt: new Date() })
          .onConflict(['consumer', 'event_id'])
          .ignore()
          .execute('run');
        if (inserted.affectedRows === 0) return;
        await handle(em);
      });
    },
  };
}

import type { MikroORM } from '@mikro-orm/postgresql';
import type { EventBus } from './events/bus.js';
import type { OutboxRelay } from './events/relay.js';
import type { Metrics } from './metrics.js';

/** What operators watch of a subgraph besides requests: the outbox backlog, consumer lag, the connection pool. */
export function observeSubgraph(metrics: Metrics, orm: MikroORM, bus: EventBus, relay: OutboxRelay): void {
  metrics.gauge('outbox_backlog', 'Events written but not yet published', async () => (await relay.backlog()).count);
  metrics.gauge(
    'outbox_oldest_age_seconds',
    'Age of the oldest event not yet published',
    async () => (await relay.backlog()).oldestAgeSeconds,
  );
  metrics.labelledGauge('consumer_pending_events', 'Events a durable consumer has not handled yet', ['consumer'], async () =>
    (await bus.consumerLag()).map(({ consumer, pending }) => [{ consumer }, pending]),
  );
  const pool = (orm.em.getKnex().client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
  metrics.gauge('db_pool_connections_used', 'Database connections in use', () => pool?.numUsed() ?? 0);
  metrics.gauge('db_pool_connections_free', 'Idle database connections', () => pool?.numFree() ?? 0);
  metrics.gauge('db_pool_acquires_pending', 'Requests waiting for a database connection', () => pool?.numPendingAcquires() ?? 0);
}

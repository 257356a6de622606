/**
 * Waits until what seeding set in motion has finished: every outbox row published and every
 * durable consumer of the run's stream caught up. A copy of the databases taken after it holds
 * the same projections (memberships, notifications) as the original will.
 */
import type { Env, SubgraphName } from '@taskgraph/kit';
import { subgraphs } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { connect } from 'nats';

async function unpublished(env: Env, subgraph: SubgraphName): Promise<number> {
  const [row] = await queryDatabase<{ count: string }>(
    env,
    subgraph,
    'select count(*) as count from outbox_events where published_at is null',
  );
  return Number(row?.count ?? 0);
}

export async function settle(env: Env, timeoutMs = 120_000): Promise<void> {
  const nc = await connect({ servers: env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  try {
    const jsm = await nc.jetstreamManager();
    await eventually(
      async () => {
        const outboxes = await Promise.all(subgraphs.map(({ name }) => unpublished(env, name)));
        if (outboxes.some((count) => count > 0)) return undefined;
        const consumers = await jsm.consumers.list(env.EVENTS_STREAM!).next();
        const behind = consumers.filter((info) => info.config.durable_name && (info.num_pending > 0 || info.num_ack_pending > 0));
        return behind.length ? undefined : true;
      },
      timeoutMs,
      'the outboxes to be published and the consumers to catch up',
    );
  } finally {
    await nc.close();
  }
}

/**
 * NATS crashes (SIGKILL) and restarts on its own storage while a user keeps changing a task
 * through the gateway: no mutation fails for it, every event written goes out once and is
 * handled once, and the member notified of the changes ends with exactly one notification per
 * change, stored and delivered live: the gateway's JetStream feed loses nothing across the restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sleep } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { assertEveryTaskEventOnce, comment, grouped, outboxBacklog, startTeam, type Team } from './faults.js';
import { gatewayLive, Subscription } from './live.js';
import { PrivateNatsServer } from './nats-server.js';

const MUTATIONS = 60;
/** NATS is killed once this many mutations have succeeded, and started again OUTAGE_MS later. */
const KILL_AFTER = 15;
const OUTAGE_MS = 3_000;
/** Between mutations, so that the stream spans the outage. */
const PACE_MS = 40;
const CONSUMERS = ['notifications-users', 'notifications-projects', 'notifications-tasks'];

describe('NATS crashes and restarts during a stream of mutations', () => {
  let nats: PrivateNatsServer;
  let stack: Stack;
  let team: Team;
  let live: Client;
  let nc: NatsConnection | undefined;
  before(async () => {
    nats = await PrivateNatsServer.start();
    stack = await startStack({ NATS_URL: nats.url });
    team = await startTeam(stack);
    live = gatewayLive(stack, team.bob.accessToken);
  });
  after(async () => {
    await live?.dispose();
    await nc?.close();
    try {
      // The stack deletes its stream on stop, which needs the server up even if a test failed while it was down.
      await nats?.resume();
      await stack?.stop();
    } finally {
      await nats?.stop();
    }
  });

  /** Returns once every event written has been published and every notifications consumer has acknowledged all it was sent. */
  async function settle(jsm: JetStreamManager): Promise<void> {
    await eventually(
      async () => {
        if ((await outboxBacklog(stack)) > 0) return undefined;
        for (const durable of CONSUMERS) {
          const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return undefined;
        }
        return true;
      },
      30_000,
      'every outbox drained and every notifications consumer caught up',
    );
  }

  it('loses no mutation, publishes and handles every event once, and notifies once per change', async () => {
    const { ada, bob, taskId } = team;
    const bobs = new Subscription<{ notificationAdded: { id: string; kind: string } }>(
      live,
      `subscription { notificationAdded { id kind } }`,
    );
    // The two notifications of joining the project and being assigned: the subscription is live once one arrives after them.
    await eventually(
      async () => {
        const [row] = await queryDatabase<{ n: number }>(
          stack.env,
          'notifications',
          'select count(*)::int as n from notifications where recipient_id = $1',
          [bob.id],
        );
        return row!.n === 2 ? true : undefined;
      },
      10_000,
      'the member and assignment notifications',
    );
    await comment(ada.client, taskId, 'warm-up');
    await bobs.nth(0);

    let succeeded = 0;
    let duringOutage = 0;
    let down = false;
    const fault = (async () => {
      await eventually(async () => (succeeded >= KILL_AFTER ? true : undefined), 30_000, `${KILL_AFTER} mutations`);
      await nats.pause();
      down = true;
      await sleep(OUTAGE_MS);
      const waiting = await outboxBacklog(stack);
      down = false;
      await nats.resume();
      return waiting;
    })();
    const failures: string[] = [];
    for (let i = 0; i < MUTATIONS; i++) {
      const change = [
        () =>
          ada.client.request(`mutation($t: ID!, $b: String!) { addComment(taskId: $t, body: $b) { id } }`, {
            t: taskId,
            b: `comment ${i}`,
          }),
        () =>
          ada.client.request(`mutation($t: ID!, $s: TaskStatus!) { changeTaskStatus(id: $t, status: $s) { id } }`, {
            t: taskId,
            s: i % 2 ? 'IN_PROGRESS' : 'TODO',
          }),
        () =>
          ada.client.request(`mutation($t: ID!, $d: String) { updateTask(id: $t, input: { description: $d }) { id } }`, {
            t: taskId,
            d: `revision ${i}`,
          }),
      ][i % 3]!;
      const result = await change();
      if (result.errors?.length || !result.data) failures.push(`${i}: ${JSON.stringify(result.errors)}`);
      else succeeded += 1;
      if (down) duringOutage += 1;
      await sleep(PACE_MS);
    }
    assert.ok((await fault) > 0, 'events waited in the outbox while NATS was down');
    assert.deepEqual(failures, [], 'no mutation fails while NATS is down');
    assert.equal(succeeded, MUTATIONS);
    assert.ok(duringOutage >= 10, `mutations made while NATS was down: ${duringOutage}`);

    nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    await settle(jsm);

    // Every task event written is in the stream once: re-publishing after the crash was de-duplicated.
    const { inStream } = await assertEveryTaskEventOnce(stack, jsm, {
      'task.created': 1,
      'task.commented': 21,
      'task.status_changed': 20,
      'task.updated': 20,
    });
    assert.deepEqual(
      await grouped(
        stack,
        'notifications',
        'select kind::text as key, count(*)::int as n from activity_items where task_id = $1 group by kind',
        [taskId],
      ),
      { CREATED: 1, COMMENTED: 21, STATUS_CHANGED: 20, UPDATED: 20 },
    );

    // Bob: one notification per comment and status change, and per event at most one.
    assert.deepEqual(
      await grouped(
        stack,
        'notifications',
        'select kind::text as key, count(*)::int as n from notifications where recipient_id = $1 group by kind',
        [bob.id],
      ),
      { PROJECT_MEMBER_ADDED: 1, TASK_ASSIGNED: 1, TASK_COMMENTED: 21, TASK_STATUS_CHANGED: 20 },
    );
    const [distinct] = await queryDatabase<{ n: number; sources: number }>(
      stack.env,
      'notifications',
      'select count(*)::int as n, count(distinct source_event_id)::int as sources from notifications',
    );
    assert.deepEqual(distinct, { n: 43, sources: 43 });
    assert.equal(inStream('notification.created'), 43, 'one notification.created per notification');

    // Live: what the gateway delivered came once each and is stored; after the restart it delivers again.
    await comment(ada.client, taskId, 'after the restart');
    const [newest] = await eventually(
      async () => {
        const rows = await queryDatabase<{ id: string }>(
          stack.env,
          'notifications',
          'select id from notifications where recipient_id = $1 order by id desc',
          [bob.id],
        );
        return rows.length === 44 ? rows : undefined;
      },
      10_000,
      'the notification of a comment made after the restart',
    );
    await eventually(
      async () => (bobs.results.some((result) => result.data?.notificationAdded.id === newest!.id) ? true : undefined),
      10_000,
      'that notification, live',
    );
    // Live: the gateway reads the stream through JetStream, so it delivered every notification
    // made since Bob subscribed, the ones of the outage included, once each and in order.
    const liveIds = bobs.results.map((result) => result.data?.notificationAdded.id);
    const stored = await queryDatabase<{ id: string }>(
      stack.env,
      'notifications',
      'select id from notifications where recipient_id = $1 order by id',
      [bob.id],
    );
    // The first may be one of joining and being assigned, stored before Bob subscribed but announced after.
    const first = stored.findIndex((row) => row.id === liveIds[0]);
    assert.ok(first >= 0 && first <= 2, 'live from the first notification announced after subscribing');
    assert.deepEqual(
      liveIds,
      stored.slice(first).map((row) => row.id),
      'every notification after that, live: none lost while NATS was down, none twice',
    );
    bobs.close();
  });
});

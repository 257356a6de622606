/**
 * A three-node JetStream cluster keeps the stream on every node (EVENTS_STREAM_REPLICAS=3). The
 * node leading the stream is killed (SIGKILL) while a user keeps changing a task through the
 * gateway, and started again on its storage later: no mutation fails, the stream gets every
 * event once (a publish retried on the new leader is de-duplicated), the notifications consumer
 * handles each once, and the live subscriptions of a gateway connected to the killed node go on
 * over the same sockets, delivering every notification and every task event once and in order:
 * its connection moves to another node, and its feed to the new leader.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sleep } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { liveClient, type Stack, startStack } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { assertEveryTaskEventOnce, comment, grouped, outboxBacklog, startTeam, type Team } from './faults.js';
import { Subscription } from './live.js';
import { NatsCluster } from './nats-server.js';

/** The leader is killed once this many mutations have succeeded… */
const KILL_AFTER = 15;
/** …started again once this many more have succeeded while it was down (a new leader elected meanwhile)… */
const WHILE_DOWN = 15;
/** …and the mutations go on for this many after it is back. */
const AFTER_RESTART = 15;
/** Between mutations, so that the stream spans the failover. */
const PACE_MS = 40;
const CONSUMERS = ['notifications-users', 'notifications-projects', 'notifications-tasks'];

describe('the NATS node leading the stream crashes during a stream of mutations', () => {
  let cluster: NatsCluster;
  let stack: Stack;
  let team: Team;
  const clients: Client[] = [];
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  before(async () => {
    cluster = await NatsCluster.start(3);
    stack = await startStack({ NATS_URL: cluster.urls.join(','), EVENTS_STREAM_REPLICAS: '3' });
    nc = await connect({ servers: cluster.urls, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    jsm = await nc.jetstreamManager();
    team = await startTeam(stack);
  });
  after(async () => {
    for (const client of clients) await client.dispose();
    await nc?.close();
    try {
      // The stack deletes its stream on stop, which needs the cluster whole even if a test failed with a member down.
      await cluster?.resumeAll();
      await stack?.stop();
    } finally {
      await cluster?.stop();
    }
  });

  /** The stream's leader, once it has one and every other member is a current replica. */
  const settledLeader = () =>
    eventually(
      async () => {
        const info = await jsm.streams.info(stack.env.EVENTS_STREAM!).catch(() => null);
        const replicas = info?.cluster?.replicas ?? [];
        if (!info?.cluster?.leader || replicas.length !== 2 || !replicas.every((replica) => replica.current && !replica.offline))
          return undefined;
        return info.cluster.leader;
      },
      30_000,
      'the stream on three current replicas',
    );

  it('loses no mutation or event, handles and notifies once, and the live subscriptions go on', async () => {
    const { ada, bob, projectId, taskId } = team;
    const leader = await settledLeader();
    // A gateway given the leader alone is certainly connected to the node that is killed: its
    // connection and its live feed have to move to another node (it learns them from the cluster).
    const gateway = await stack.startGateway({ NATS_URL: cluster.member(leader).url });
    const live = (accessToken: string) => {
      const client = liveClient(gateway.url, accessToken);
      clients.push(client);
      return client;
    };
    const bobs = new Subscription<{ notificationAdded: { id: string; kind: string; message: string } }>(
      live(bob.accessToken),
      `subscription { notificationAdded { id kind message } }`,
    );
    const adas = new Subscription<{ taskChanged: { id: string; kind: string; task: { title: string } | null } }>(
      live(ada.accessToken),
      `subscription($p: ID!) { taskChanged(projectId: $p) { id kind task { title } } }`,
      { p: projectId },
    );
    // Both listen to the gateway's feed once it has their subjects.
    await eventually(
      async () =>
        ['notification.created', 'task.>'].every((subject) => gateway.live.stream.openSubjects.includes(subject)) ? true : undefined,
      10_000,
      'both subscriptions listening',
    );
    await comment(bob.client, taskId, 'warm-up');
    await comment(ada.client, taskId, 'warm-up');
    await bobs.nth(0);
    await eventually(
      async () => (adas.results.filter((result) => result.data?.taskChanged.kind === 'COMMENTED').length === 2 ? true : undefined),
      10_000,
      'both warm-up comments on the task feed',
    );

    let succeeded = 0;
    let done = false;
    const fault = (async () => {
      await eventually(async () => (succeeded >= KILL_AFTER ? true : undefined), 30_000, `${KILL_AFTER} mutations`);
      await cluster.member(leader).pause();
      const killedAt = succeeded;
      // The two left elect a new leader among themselves.
      const newLeader = await eventually(
        async () => {
          const info = await jsm.streams.info(stack.env.EVENTS_STREAM!).catch(() => null);
          const elected = info?.cluster?.leader;
          return elected && elected !== leader ? elected : undefined;
        },
        30_000,
        'a new leader',
      );
      await eventually(async () => (succeeded >= killedAt + WHILE_DOWN ? true : undefined), 60_000, 'mutations while it is down');
      await cluster.member(leader).resume();
      const restartedAt = succeeded;
      await eventually(async () => (succeeded >= restartedAt + AFTER_RESTART ? true : undefined), 60_000, 'mutations after the restart');
      done = true;
      return newLeader;
    })();
    const failures: string[] = [];
    const made = { comments: 0, statusChanges: 0, updates: 0 };
    for (let i = 0; !done; i++) {
      let result: { errors?: unknown[]; data?: unknown };
      if (i % 3 === 0) {
        made.comments += 1;
        result = await ada.client.request(`mutation($t: ID!, $b: String!) { addComment(taskId: $t, body: $b) { id } }`, {
          t: taskId,
          b: `comment ${i}`,
        });
      } else if (i % 3 === 1) {
        made.statusChanges += 1;
        result = await ada.client.request(`mutation($t: ID!, $s: TaskStatus!) { changeTaskStatus(id: $t, status: $s) { id } }`, {
          t: taskId,
          s: made.statusChanges % 2 ? 'IN_PROGRESS' : 'TODO',
        });
      } else {
        made.updates += 1;
        result = await ada.client.request(`mutation($t: ID!, $d: String) { updateTask(id: $t, input: { description: $d }) { id } }`, {
          t: taskId,
          d: `revision ${i}`,
        });
      }
      if (result.errors?.length || !result.data) failures.push(`${i}: ${JSON.stringify(result.errors)}`);
      else succeeded += 1;
      await sleep(PACE_MS);
    }
    const newLeader = await fault;
    assert.notEqual(newLeader, leader);
    assert.deepEqual(failures, [], 'no mutation fails while a NATS node is down');

    await settle();
    // The restarted node caught up: the stream is whole on three current replicas again.
    await settledLeader();

    // Every task event written is in the stream once: a publish retried across the failover was de-duplicated.
    const { inStream, sent } = await assertEveryTaskEventOnce(stack, jsm, {
      'task.created': 1,
      'task.commented': made.comments + 2,
      'task.status_changed': made.statusChanges,
      'task.updated': made.updates,
    });

    // Bob: one notification per comment of Ada's and per status change, none twice.
    const bobsKinds = await grouped(
      stack,
      'notifications',
      'select kind::text as key, count(*)::int as n from notifications where recipient_id = $1 group by kind',
      [bob.id],
    );
    assert.deepEqual(bobsKinds, {
      PROJECT_MEMBER_ADDED: 1,
      TASK_ASSIGNED: 1,
      TASK_COMMENTED: made.comments + 1,
      TASK_STATUS_CHANGED: made.statusChanges,
    });
    const [distinct] = await queryDatabase<{ n: number; sources: number }>(
      stack.env,
      'notifications',
      'select count(*)::int as n, count(distinct source_event_id)::int as sources from notifications',
    );
    assert.equal(distinct!.n, distinct!.sources, 'one notification per source event');
    assert.equal(inStream('notification.created'), distinct!.n, 'one notification.created per notification');

    // Live, over the sockets opened before the crash: Bob got every notification stored since
    // the first he heard (the warm-up), once each and in order…
    const stored = await queryDatabase<{ id: string }>(
      stack.env,
      'notifications',
      'select id from notifications where recipient_id = $1 order by id',
      [bob.id],
    );
    const lastNotification = stored.at(-1)!.id;
    await eventually(
      async () => (bobs.results.some((result) => result.data?.notificationAdded.id === lastNotification) ? true : undefined),
      15_000,
      'the last notification, live',
    );
    assert.equal(bobs.ended, null, 'the notification subscription is still open');
    const bobsLive = bobs.results.map((result) => result.data?.notificationAdded.id);
    const first = stored.findIndex((row) => row.id === bobsLive[0]);
    assert.ok(first >= 0 && first <= 2, 'live from a notification announced after subscribing');
    assert.deepEqual(
      bobsLive,
      stored.slice(first).map((row) => row.id),
      'every notification live: none lost, none twice',
    );

    // …and Ada every event of the task, each resolved with the task's title from the tasks subgraph.
    const lastEvent = sent.at(-1)!;
    await eventually(
      async () => (adas.results.some((result) => result.data?.taskChanged.id === lastEvent) ? true : undefined),
      15_000,
      'the last task event, live',
    );
    assert.equal(adas.ended, null, 'the task subscription is still open');
    const adasLive = adas.results.map((result) => result.data?.taskChanged.id);
    const start = sent.indexOf(adasLive[0]!);
    assert.ok(start >= 0, 'live from an event of the stream');
    assert.deepEqual(adasLive, sent.slice(start), 'every task event live: none lost, none twice');
    assert.deepEqual(
      adas.results.filter((result) => result.errors || result.data?.taskChanged.task?.title !== 'Survive'),
      [],
      'every task event resolved in full',
    );
    bobs.close();
    adas.close();
  });

  /** Returns once every event written has been published and every notifications consumer has acknowledged all it was sent. */
  async function settle(): Promise<void> {
    await eventually(
      async () => {
        if ((await outboxBacklog(stack)) > 0) return undefined;
        for (const durable of CONSUMERS) {
          const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, durable).catch(() => null);
          if (!info || info.num_pending > 0 || info.num_ack_pending > 0) return undefined;
        }
        return true;
      },
      60_000,
      'every outbox drained and every notifications consumer caught up',
    );
  }
});

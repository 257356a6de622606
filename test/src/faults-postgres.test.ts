/**
 * Postgres crashes under running services and comes back: while it is down, requests fail
 * quickly with a GraphQL error that shows nothing of the server, and readiness says so; once it
 * is back, the same service instances (nothing restarted) answer again, and the outbox relay
 * and the event consumers resume, also for an event that reached a consumer while the database
 * was away.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope } from '@taskgraph/contracts';
import { createEvent, newId, sleep } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { connect } from 'nats';
import type { GraphQLResult } from './client.js';
import { comment, outboxBacklog, startTeam, storedNotifications, type Team } from './faults.js';
import { PrivatePostgresServer } from './postgres-server.js';
import { type Stack, startStack } from './stack.js';

const SUBGRAPHS = ['accounts', 'users', 'projects', 'tasks', 'notifications'] as const;
/** How long an answer may take while the database is down: failing fast, not hanging. */
const OUTAGE_ANSWER_MS = 5_000;
/** Longer than the whole redelivery schedule of the test settings (50, 100, then 200 ms between deliveries). */
const OUTAGE_MS = 3_000;

describe('Postgres crashes and comes back under running services', () => {
  let postgres: PrivatePostgresServer;
  let stack: Stack;
  let team: Team;
  before(async () => {
    postgres = await PrivatePostgresServer.start();
    // Production mode: what clients see of an unexpected failure is part of what is tested.
    stack = await startStack({
      ...postgres.env,
      NODE_ENV: 'production',
      AUTH_GENERATE_SIGNING_KEY: 'true',
      DUE_SOON_SCAN_INTERVAL_MS: '250',
    });
    team = await startTeam(stack);
  });
  after(async () => {
    try {
      // The stack drops its databases on stop, which needs the server up even if a test failed while it was down.
      await postgres?.resume();
      await stack?.stop();
    } finally {
      await postgres?.stop();
    }
  });

  const readiness = async (subgraph: (typeof SUBGRAPHS)[number]) => {
    const response = await fetch(`http://127.0.0.1:${stack.subgraphs[subgraph].port}/health/ready`, {
      signal: AbortSignal.timeout(OUTAGE_ANSWER_MS),
    });
    return { status: response.status, checks: ((await response.json()) as { checks: Record<string, boolean> }).checks };
  };

  /** A request that must be answered within the bound; returns its result. */
  const bounded = async <T>(what: string, request: () => Promise<GraphQLResult<T>>): Promise<GraphQLResult<T>> => {
    const started = Date.now();
    const result = await request();
    assert.ok(Date.now() - started < OUTAGE_ANSWER_MS, `${what} answered within ${OUTAGE_ANSWER_MS} ms (took ${Date.now() - started} ms)`);
    return result;
  };

  /** The error names the service whose database is away, and nothing more: no stack, no driver message, no address. */
  const assertOpaque = (result: GraphQLResult<unknown>) => {
    assert.equal(result.status, 200);
    assert.deepEqual(
      result.errors?.map((error) => [error.message, error.extensions?.code]),
      [['The tasks service cannot reach its database; try again shortly', 'INTERNAL_SERVER_ERROR']],
    );
    const text = JSON.stringify(result);
    for (const leak of ['stacktrace', 'ECONNREFUSED', 'connect', 'postgres', String(postgres.port)]) {
      assert.ok(!text.toLowerCase().includes(leak.toLowerCase()), `the error shows nothing like "${leak}": ${text}`);
    }
  };

  const TASK = `query($t: ID!) { task(id: $t) { title } }`;
  const taskServed = () =>
    eventually(
      async () => {
        const result = await team.ada.client.request<{ task: { title: string } | null }>(TASK, { t: team.taskId });
        return result.data?.task ? result.data.task : undefined;
      },
      15_000,
      'the task served again',
    );
  const allReady = async () => {
    for (const subgraph of SUBGRAPHS)
      await eventually(async () => ((await readiness(subgraph)).status === 200 ? true : undefined), 15_000, `${subgraph} ready again`);
  };
  /** Bob's notifications once they number `count`, newest first; the kinds he has are in the error otherwise. */
  const bobsNotifications = (count: number, what: string) =>
    eventually(
      async () => {
        const notes = await storedNotifications(team.bob.client);
        return notes.totalCount === count ? notes.nodes : undefined;
      },
      15_000,
      what,
    ).catch(async (error: unknown) => {
      throw new Error(
        `${(error as Error).message}; Bob has ${JSON.stringify((await storedNotifications(team.bob.client)).nodes.map((node) => node.kind))}`,
      );
    });
  const commentedSources = async () =>
    (
      await queryDatabase<{ source_event_id: string }>(
        stack.env,
        'notifications',
        "select source_event_id from notifications where kind = 'TASK_COMMENTED' order by id",
      )
    ).map((row) => row.source_event_id);

  it('fails requests quickly and opaquely while it is down, then serves and delivers events again without a restart', async () => {
    const { ada, taskId } = team;
    await bobsNotifications(2, 'the member and assignment notifications');
    for (const subgraph of SUBGRAPHS)
      assert.deepEqual(
        await readiness(subgraph),
        { status: 200, checks: { sessions: true, database: true, nats: true } },
        `${subgraph} ready before the crash`,
      );

    await postgres.crash();
    const query = await bounded('a query', () => ada.client.request<{ task: { title: string } | null }>(TASK, { t: taskId }));
    assert.deepEqual(query.data, { task: null });
    assertOpaque(query);
    const mutation = await bounded('a mutation', () =>
      ada.client.request(`mutation($t: ID!) { addComment(taskId: $t, body: "lost") { id } }`, { t: taskId }),
    );
    assert.equal(mutation.data, null);
    assertOpaque(mutation);
    for (const subgraph of SUBGRAPHS) {
      assert.deepEqual(
        await readiness(subgraph),
        { status: 503, checks: { sessions: true, database: false, nats: true } },
        `${subgraph} not ready while its database is down`,
      );
    }
    await postgres.resume();

    await allReady();
    assert.equal((await taskServed()).title, 'Survive');
    // The comment refused during the outage left nothing behind; one made now is delivered, once.
    const [comments] = await queryDatabase<{ n: number }>(stack.env, 'tasks', 'select count(*)::int as n from comments');
    assert.equal(comments!.n, 0);
    const { addComment } = await comment(ada.client, taskId, 'after');
    // The reminder job failed on every scan during the outage; it still runs.
    await ada.client.data(`mutation($t: ID!, $d: DateTime) { updateTask(id: $t, input: { dueAt: $d }) { id } }`, {
      t: taskId,
      d: new Date(Date.now() + 3600_000).toISOString(),
    });
    const nodes = await bobsNotifications(4, 'the notifications of a comment and a reminder after recovery');
    assert.deepEqual(nodes.map((node) => [node.kind, node.message]).sort(), [
      ['PROJECT_MEMBER_ADDED', 'Ada added you to “Hardening”'],
      ['TASK_ASSIGNED', 'Ada assigned you “Survive”'],
      ['TASK_COMMENTED', 'Ada commented on “Survive”'],
      ['TASK_DUE_SOON', '“Survive” is due within 24 hours'],
    ]);
    const [commented] = await queryDatabase<{ id: string }>(
      stack.env,
      'tasks',
      "select id from outbox_events where type = 'task.commented' and envelope->'data'->>'commentId' = $1",
      [addComment.id],
    );
    assert.deepEqual(await commentedSources(), [commented!.id]);
    await eventually(async () => ((await outboxBacklog(stack)) === 0 ? true : undefined), 10_000, 'every outbox drained');
  });

  it('handles an event that reached a consumer while the database was down once it is back', async () => {
    const [created] = await queryDatabase<{ envelope: EventEnvelope<'task.created'> }>(
      stack.env,
      'tasks',
      "select envelope from outbox_events where type = 'task.created'",
    );
    assert.ok(created);
    const before = await commentedSources();

    await postgres.crash();
    const crashedAt = Date.now();
    // As if published just before the crash: it reaches the notifications consumer while the database is away.
    const late = createEvent('task.commented', { ...created.envelope.data, commentId: newId(), authorId: team.ada.id }, team.ada.id);
    const nc = await connect({ servers: stack.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      await nc.jetstream().publish(`${stack.env.EVENTS_SUBJECT_PREFIX}.task.commented`, JSON.stringify(late), { msgID: late.id });
      await sleep(OUTAGE_MS - (Date.now() - crashedAt));
      await postgres.resume();
      await allReady();

      const jsm = await nc.jetstreamManager();
      const deadLetter = `${stack.env.EVENTS_SUBJECT_PREFIX}.deadletter.notifications-tasks`;
      await eventually(
        async () => {
          if ((await commentedSources()).includes(late.id)) return true;
          const parked = await jsm.streams.getMessage(stack.env.EVENTS_STREAM!, { last_by_subj: deadLetter }).catch(() => null);
          if (parked?.json<{ id: string }>().id === late.id)
            throw new Error(`the event was parked on ${deadLetter}: ${parked.header.get('Error')}`);
          return undefined;
        },
        15_000,
        'the notification of the event that came during the outage',
      );
    } finally {
      await nc.close();
    }
    assert.deepEqual(await commentedSources(), [...before, late.id]);
  });
});

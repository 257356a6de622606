/**
 * What the fault tests share: a small team whose work notifies someone, and ways to see that
 * every event written has gone out.
 */
import assert from 'node:assert/strict';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import type { GraphQLClient, Stack } from '@taskgraph/stack';
import type { JetStreamManager } from 'nats';
import { signUp, type TestUser } from './users.js';

export interface Team {
  /** Owns the project and acts. */
  ada: TestUser;
  /** A member and the assignee of the task: what Ada does to it notifies Bob. */
  bob: TestUser;
  projectId: string;
  taskId: string;
}

export async function startTeam(stack: Stack): Promise<Team> {
  const [ada, bob] = await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob')]);
  // Messages name the actor: wait for the names, so that every message is written in full.
  await eventually(
    async () => {
      const [named] = await queryDatabase<{ n: number }>(
        stack.env,
        'notifications',
        'select count(*)::int as n from user_names where id = any($1::uuid[])',
        [[ada.id, bob.id]],
      );
      return named!.n === 2 ? true : undefined;
    },
    10_000,
    'both names known to notifications',
  );
  const { createProject } = await ada.client.data<{ createProject: { id: string } }>(
    `mutation { createProject(input: { name: "Hardening" }) { id } }`,
  );
  await ada.client.data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, {
    p: createProject.id,
    u: bob.id,
  });
  const { createTask } = await ada.client.data<{ createTask: { id: string } }>(
    `mutation($p: ID!, $a: ID) { createTask(input: { projectId: $p, title: "Survive", assigneeId: $a }) { id } }`,
    { p: createProject.id, a: bob.id },
  );
  return { ada, bob, projectId: createProject.id, taskId: createTask.id };
}

/** One comment by the client's user on the task: one TASK_COMMENTED notification for the other member. */
export const comment = (client: GraphQLClient, taskId: string, body: string) =>
  client.data<{ addComment: { id: string } }>(`mutation($t: ID!, $b: String!) { addComment(taskId: $t, body: $b) { id } }`, {
    t: taskId,
    b: body,
  });

export interface StoredNotification {
  id: string;
  kind: string;
  message: string;
}

/** The viewer's stored notifications, newest first (up to 100), and how many there are. */
export async function storedNotifications(client: GraphQLClient): Promise<{ totalCount: number; nodes: StoredNotification[] }> {
  const { notifications } = await client.data<{ notifications: { totalCount: number; edges: { node: StoredNotification }[] } }>(
    `{ notifications(first: 100) { totalCount edges { node { id kind message } } } }`,
  );
  return { totalCount: notifications.totalCount, nodes: notifications.edges.map((edge) => edge.node) };
}

const SUBGRAPHS = ['accounts', 'users', 'projects', 'tasks', 'notifications'] as const;

/** Events written but not yet published, over every subgraph's outbox. */
export async function outboxBacklog(stack: Stack): Promise<number> {
  const counts = await Promise.all(
    SUBGRAPHS.map(async (subgraph) => {
      const [row] = await queryDatabase<{ n: number }>(
        stack.env,
        subgraph,
        'select count(*)::int as n from outbox_events where published_at is null',
      );
      return row!.n;
    }),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

/** A query's `key` and `n` columns as an object: counts by kind, type, and the like. */
export const grouped = async (stack: Stack, subgraph: string, sql: string, params: unknown[] = []): Promise<Record<string, number>> =>
  Object.fromEntries((await queryDatabase<{ key: string; n: number }>(stack.env, subgraph, sql, params)).map(({ key, n }) => [key, n]));

/**
 * The task events written are `expected` by type; each is in the stream once (a re-publish after
 * a failure was de-duplicated) and was handled once by the notifications consumer, whose record
 * of handled events is the outbox's list. Gives the stream's count of a type's events, and the
 * task events' ids in the order they were written.
 */
export async function assertEveryTaskEventOnce(
  stack: Stack,
  jsm: JetStreamManager,
  expected: Record<string, number>,
): Promise<{ inStream: (type: string) => number; sent: string[] }> {
  const prefix = stack.env.EVENTS_SUBJECT_PREFIX!;
  const written = await grouped(
    stack,
    'tasks',
    "select type as key, count(*)::int as n from outbox_events where type like 'task.%' group by type",
  );
  assert.deepEqual(written, expected);
  const stream = await jsm.streams.info(stack.env.EVENTS_STREAM!, { subjects_filter: `${prefix}.>` });
  const inStream = (type: string) => stream.state.subjects?.[`${prefix}.${type}`] ?? 0;
  for (const [type, n] of Object.entries(written)) assert.equal(inStream(type), n, `${type} in the stream`);
  const handled = await queryDatabase<{ event_id: string }>(
    stack.env,
    'notifications',
    "select event_id from processed_events where consumer = 'notifications-tasks' order by event_id",
  );
  const sent = await queryDatabase<{ id: string }>(stack.env, 'tasks', "select id from outbox_events where type like 'task.%' order by id");
  assert.deepEqual(
    handled.map((row) => row.event_id),
    sent.map((row) => row.id),
  );
  return { inStream, sent: sent.map((row) => row.id) };
}

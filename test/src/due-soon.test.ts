/**
 * TASK_DUE_SOON reminders: the tasks subgraph's periodic job reminds the assignee of an open
 * task due within 24 hours, once per due date, however many replicas scan and however often the
 * subgraph restarts; a new due date re-arms the reminder.
 *
 * "Nothing more comes" is asserted after a fixed wait of several scan intervals, then `settle()`,
 * which sees every recorded event published and handled by the notifications subgraph.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningSubgraph, startSubgraph } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import { tasks } from '@taskgraph/tasks/subgraph';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { signUp, type TestUser } from './users.js';

interface NotificationNode {
  id: string;
  kind: string;
  message: string;
  readAt: string | null;
  task: { id: string; title: string } | null;
  project: { id: string; name: string } | null;
  actor: { id: string } | null;
}

interface NotificationPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: NotificationNode }[];
}

const SCAN_INTERVAL_MS = 200;
/** Long enough for several scans of every replica. */
const SEVERAL_SCANS_MS = 5 * SCAN_INTERVAL_MS;

const NOTIFICATIONS = /* GraphQL */ `
  query($after: String) {
    notifications(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id kind message readAt task { id title } project { id name } actor { id } } }
    }
  }
`;
const CREATE_PROJECT = /* GraphQL */ `mutation($n: String!) { createProject(input: { name: $n }) { id } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`;
const CREATE_TASK = /* GraphQL */ `
  mutation($p: ID!, $t: String!, $a: ID, $d: DateTime) { createTask(input: { projectId: $p, title: $t, assigneeId: $a, dueAt: $d }) { id dueAt } }
`;
const UPDATE_TASK = /* GraphQL */ `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id dueAt description } }`;
const ASSIGN_TASK = /* GraphQL */ `mutation($id: ID!, $a: ID) { assignTask(id: $id, assigneeId: $a) { id } }`;
const CHANGE_STATUS = /* GraphQL */ `mutation($id: ID!, $s: TaskStatus!) { changeTaskStatus(id: $id, status: $s) { id status } }`;

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TASK_DUE_SOON reminders', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  let projectId: string;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const replicas: RunningSubgraph[] = [];
  /** The reminders each task should have had so far, checked again after each step. */
  const expectedReminders = new Map<string, number>();

  before(async () => {
    stack = await startStack({ DUE_SOON_SCAN_INTERVAL_MS: String(SCAN_INTERVAL_MS) });
    [ada, bob] = (await Promise.all(['Ada', 'Bob'].map((name) => signUp(stack, name)))) as [TestUser, TestUser];
    const everyone = [ada.id, bob.id];
    await eventually(
      async () => {
        const [known] = await queryDatabase<{ n: number }>(
          stack.env,
          'projects',
          'select count(*)::int as n from known_users where id = any($1::uuid[])',
          [everyone],
        );
        return known!.n === everyone.length ? true : undefined;
      },
      10_000,
      'the users known to projects',
    );
    ({
      createProject: { id: projectId },
    } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: 'Deadlines' }));
    await ada.client.data(ADD_MEMBER, { p: projectId, u: bob.id });
    await eventually(
      async () => {
        const [replica] = await queryDatabase<{ n: number }>(
          stack.env,
          'tasks',
          'select count(*)::int as n from member_replicas where project_id = $1',
          [projectId],
        );
        return replica!.n === 2 ? true : undefined;
      },
      10_000,
      'the members known to tasks',
    );
    nc = await connect({ servers: stack.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    jsm = await nc.jetstreamManager();
  });
  after(async () => {
    for (const replica of replicas) await replica.stop();
    await nc?.close();
    await stack?.stop();
  });

  /** Returns once every event recorded so far has been published and handled by the notifications subgraph. */
  async function settle(): Promise<void> {
    await eventually(
      async () => {
        for (const subgraph of ['projects', 'tasks']) {
          const [waiting] = await queryDatabase<{ n: number }>(
            stack.env,
            subgraph,
            'select count(*)::int as n from outbox_events where published_at is null',
          );
          if (waiting!.n > 0) return undefined;
        }
        for (const durable of ['notifications-projects', 'notifications-tasks']) {
          const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return undefined;
        }
        return true;
      },
      15_000,
      'every event handled by the notifications subgraph',
    );
  }

  async function createTask(title: string, dueAt: string | null, assignee: TestUser | null = bob): Promise<string> {
    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, {
      p: projectId,
      t: title,
      a: assignee?.id ?? null,
      d: dueAt,
    });
    return createTask.id;
  }

  /** The user's TASK_DUE_SOON notifications, every page. */
  async function dueSoonOf(user: TestUser): Promise<NotificationNode[]> {
    const found: NotificationNode[] = [];
    let cursor: string | null = null;
    for (;;) {
      const { notifications }: { notifications: NotificationPage } = await user.client.data<{ notifications: NotificationPage }>(
        NOTIFICATIONS,
        { after: cursor },
      );
      found.push(...notifications.edges.map((edge) => edge.node).filter((node) => node.kind === 'TASK_DUE_SOON'));
      if (!notifications.pageInfo.hasNextPage) return found;
      cursor = notifications.pageInfo.endCursor;
    }
  }

  const remindersOf = async (user: TestUser, taskId: string) => (await dueSoonOf(user)).filter((node) => node.task?.id === taskId);

  const outboxCount = async (taskId: string) =>
    (
      await queryDatabase<{ n: number }>(
        stack.env,
        'tasks',
        "select count(*)::int n from outbox_events where type = 'task.due_soon' and envelope->'data'->>'taskId' = $1",
        [taskId],
      )
    )[0]!.n;

  /** Waits until the task's reminders reach `count` for Bob. */
  const awaitReminders = (taskId: string, count: number) =>
    eventually(
      async () => {
        const reminders = await remindersOf(bob, taskId);
        return reminders.length >= count ? reminders : undefined;
      },
      10_000,
      `${count} reminder(s) of task ${taskId}`,
    );

  /** After several more scans, every task has exactly its expected reminders: in the outbox and as Bob's notifications, none for Ada. */
  async function assertReminders(): Promise<void> {
    await pause(SEVERAL_SCANS_MS);
    await settle();
    const bobs = await dueSoonOf(bob);
    const perTask = new Map<string, number>();
    for (const node of bobs) perTask.set(node.task!.id, (perTask.get(node.task!.id) ?? 0) + 1);
    for (const [taskId, count] of expectedReminders) {
      assert.equal(await outboxCount(taskId), count, `task.due_soon events of ${taskId}`);
      assert.equal(perTask.get(taskId) ?? 0, count, `TASK_DUE_SOON notifications of ${taskId}`);
    }
    assert.equal(
      bobs.length,
      [...expectedReminders.values()].reduce((a, b) => a + b, 0),
      'no reminder of any other task',
    );
    assert.deepEqual(await dueSoonOf(ada), [], 'the reporter is not reminded');
  }

  let shipIt: string;

  it('reminds the assignee of an open task due within 24 hours, once, and of no other task', async () => {
    shipIt = await createTask('Ship it', hoursFromNow(2));
    const later = await createTask('Later', hoursFromNow(30));
    const unassigned = await createTask('Nobody’s', hoursFromNow(2), null);
    const past = await createTask('Overdue', hoursFromNow(-1));
    // Done or cancelled before their due date came within 24 hours, so no reminder could go out first.
    const done = await createTask('Finished', hoursFromNow(30));
    await ada.client.data(CHANGE_STATUS, { id: done, s: 'DONE' });
    await ada.client.data(UPDATE_TASK, { id: done, input: { dueAt: hoursFromNow(2) } });
    const cancelled = await createTask('Dropped', hoursFromNow(30));
    await ada.client.data(CHANGE_STATUS, { id: cancelled, s: 'CANCELLED' });
    await ada.client.data(UPDATE_TASK, { id: cancelled, input: { dueAt: hoursFromNow(2) } });
    // Reminded by a scan that began after all of the above were stored, which would have found them too.
    const sentinel = await createTask('Sentinel', hoursFromNow(3));

    const [reminder] = await awaitReminders(shipIt, 1);
    assert.deepEqual(
      { ...reminder!, id: undefined },
      {
        id: undefined,
        kind: 'TASK_DUE_SOON',
        message: '“Ship it” is due within 24 hours',
        readAt: null,
        task: { id: shipIt, title: 'Ship it' },
        project: { id: projectId, name: 'Deadlines' },
        actor: null,
      },
    );
    await awaitReminders(sentinel, 1);
    for (const [taskId, count] of [
      [shipIt, 1],
      [sentinel, 1],
      [later, 0],
      [unassigned, 0],
      [past, 0],
      [done, 0],
      [cancelled, 0],
    ] as const)
      expectedReminders.set(taskId, count);
    await assertReminders();

    // Only the missing assignee held that one back.
    await ada.client.data(ASSIGN_TASK, { id: unassigned, a: bob.id });
    await awaitReminders(unassigned, 1);
    expectedReminders.set(unassigned, 1);
    await assertReminders();
  });

  it('reminds again when the due date changes, not when it is set to the same value', async () => {
    const moved = await ada.client.data<{ updateTask: { dueAt: string } }>(UPDATE_TASK, { id: shipIt, input: { dueAt: hoursFromNow(5) } });
    const reminders = await awaitReminders(shipIt, 2);
    assert.ok(reminders.every((node) => node.message === '“Ship it” is due within 24 hours'));
    expectedReminders.set(shipIt, 2);

    const same = await ada.client.data<{ updateTask: { dueAt: string } }>(UPDATE_TASK, {
      id: shipIt,
      input: { dueAt: moved.updateTask.dueAt },
    });
    assert.equal(same.updateTask.dueAt, moved.updateTask.dueAt);
    await ada.client.data(UPDATE_TASK, { id: shipIt, input: { description: 'Another field changed' } });
    await assertReminders();
  });

  it('reminds once even with several replicas scanning at once', async () => {
    for (let i = 0; i < 2; i++) replicas.push(await startSubgraph(tasks, { ...stack.env, PORT: '0', DUE_SOON_SCAN_INTERVAL_MS: '50' }));
    try {
      // Some come due as they are created, while three replicas scan.
      const created = await Promise.all(Array.from({ length: 6 }, (_, i) => createTask(`Race ${i}`, hoursFromNow(2))));
      const batch = await Promise.all(Array.from({ length: 12 }, (_, i) => createTask(`Batch ${i}`, hoursFromNow(30))));
      await settle();

      // Others come due all at once while the outbox is held (inserts wait): the replica that claims
      // them cannot commit until another claim is seen waiting, and the other replicas scan again
      // and again meanwhile. Fails if no claim ever waits.
      const holding = queryDatabase(
        stack.env,
        'tasks',
        `
        do $$
        declare deadline timestamptz := clock_timestamp() + interval '10 seconds';
        begin
          lock table outbox_events in share mode;
          loop
            exit when exists (
              select 1 from pg_locks
              where database = (select oid from pg_database where datname = current_database())
                and relation = 'outbox_events'::regclass and not granted);
            if clock_timestamp() > deadline then raise exception 'no reminder claim waited for the outbox'; end if;
            perform pg_sleep(0.02);
          end loop;
          perform pg_sleep(0.5);
        end $$`,
      );
      await eventually(
        async () => {
          const [held] = await queryDatabase<{ n: number }>(
            stack.env,
            'tasks',
            `select count(*)::int as n from pg_locks
           where database = (select oid from pg_database where datname = current_database()) and relation = 'outbox_events'::regclass and mode = 'ShareLock' and granted`,
          );
          return held!.n > 0 ? true : undefined;
        },
        5_000,
        'the outbox to be held',
      );
      await queryDatabase(stack.env, 'tasks', "update tasks set due_at = now() + interval '2 hours' where id = any($1::uuid[])", [batch]);
      await holding;

      for (const taskId of [...created, ...batch]) {
        await eventually(async () => ((await outboxCount(taskId)) > 0 ? true : undefined), 10_000, `the reminder of ${taskId}`);
        expectedReminders.set(taskId, 1);
      }
      await assertReminders();
    } finally {
      for (const replica of replicas.splice(0)) await replica.stop();
    }
  });

  it('keeps the mark across a restart of the tasks subgraph', async () => {
    await stack.subgraphs.tasks.stop();
    await stack.restartSubgraph('tasks');
    // The restarted subgraph scans: a new task due soon is reminded ...
    const fresh = await createTask('After restart', hoursFromNow(4));
    await awaitReminders(fresh, 1);
    expectedReminders.set(fresh, 1);
    // ... and none of those reminded before is reminded again.
    await assertReminders();
  });
});

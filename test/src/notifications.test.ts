/**
 * Notifications and the project activity feed, through the gateway: who is notified of what
 * (and never the actor), reading, paging and marking notifications, the activity feed of a
 * project (members only), and a redelivered task event changing nothing.
 *
 * Notifications are built asynchronously from events: positive outcomes are awaited with
 * `eventually()`, and "nobody else got anything" is asserted once `settle()` has seen every
 * recorded event published and handled by the notifications subgraph's consumers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, type GraphQLResult, type Stack, startStack } from '@taskgraph/stack';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { signUp, type TestUser } from './users.js';

interface NotificationNode {
  id: string;
  kind: string;
  message: string;
  readAt: string | null;
  createdAt: string;
  task: { id: string; title: string } | null;
  project: { id: string; name: string } | null;
  actor: { id: string; displayName: string } | null;
}

interface NotificationPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: NotificationNode }[];
}

interface ActivityNode {
  id: string;
  kind: string;
  taskId: string;
  occurredAt: string;
  task: { id: string; title: string } | null;
  actor: { displayName: string } | null;
}

interface ActivityPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: ActivityNode }[];
}

interface Envelope {
  id: string;
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

const NOTIFICATION_FIELDS = /* GraphQL */ `id kind message readAt createdAt task { id title } project { id name } actor { id displayName }`;
const NOTIFICATIONS = /* GraphQL */ `
  query($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NOTIFICATION_FIELDS} } }
    }
  }
`;
const UNREAD_COUNT = /* GraphQL */ `{ unreadNotificationCount }`;
const MARK_READ = /* GraphQL */ `mutation($id: ID!) { markNotificationRead(id: $id) { id readAt kind } }`;
const MARK_ALL_READ = /* GraphQL */ `mutation { markAllNotificationsRead }`;
const ACTIVITY = /* GraphQL */ `
  query($p: ID!, $first: Int, $after: String) {
    project(id: $p) {
      id
      activity(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id kind taskId occurredAt task { id title } actor { displayName } } }
      }
    }
  }
`;
const CREATE_PROJECT = /* GraphQL */ `mutation($n: String!) { createProject(input: { name: $n }) { id } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!, $r: ProjectRole) { addProjectMember(projectId: $p, userId: $u, role: $r) { id } }`;
const REMOVE_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) { id } }`;
const CREATE_TASK = /* GraphQL */ `mutation($p: ID!, $t: String!, $a: ID) { createTask(input: { projectId: $p, title: $t, assigneeId: $a }) { id } }`;
const UPDATE_TASK = /* GraphQL */ `mutation($id: ID!, $d: String) { updateTask(id: $id, input: { description: $d }) { id } }`;
const ASSIGN_TASK = /* GraphQL */ `mutation($id: ID!, $a: ID) { assignTask(id: $id, assigneeId: $a) { id } }`;
const CHANGE_STATUS = /* GraphQL */ `mutation($id: ID!, $s: TaskStatus!) { changeTaskStatus(id: $id, status: $s) { id status } }`;
const MOVE_TASK = /* GraphQL */ `mutation($id: ID!, $s: TaskStatus, $after: ID, $before: ID) { moveTask(id: $id, status: $s, afterTaskId: $after, beforeTaskId: $before) { id status } }`;
const ADD_COMMENT = /* GraphQL */ `mutation($id: ID!, $b: String!) { addComment(taskId: $id, body: $b) { id } }`;
const DELETE_TASK = /* GraphQL */ `mutation($id: ID!) { deleteTask(id: $id) }`;

/** A notification as [kind, message, task id, project name, actor name], for exact comparisons. */
type Row = [string, string, string | null, string | null, string | null];
const row = (node: NotificationNode): Row => [
  node.kind,
  node.message,
  node.task?.id ?? null,
  node.project?.name ?? null,
  node.actor?.displayName ?? null,
];
const sortRows = (rows: Row[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const describeResult = (result: GraphQLResult<unknown>) =>
  result.errors
    ? JSON.stringify(
        result.errors.map((error) => ({ code: error.extensions?.code, message: error.message.slice(0, 160), path: error.path })),
      )
    : `data ${JSON.stringify(result.data)}`;

const tampered = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('notifications and project activity through the gateway', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  let cy: TestUser;
  let dee: TestUser;
  let otto: TestUser; // registered, member of nothing
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  before(async () => {
    stack = await startStack();
    [ada, bob, cy, dee, otto] = (await Promise.all(['Ada', 'Bob', 'Cy', 'Dee', 'Otto'].map((name) => signUp(stack, name)))) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const everyone = [ada, bob, cy, dee, otto].map((user) => user.id);
    // Projects must know the users to add them, and notifications their names to write messages.
    await eventually(
      async () => {
        const [known] = await queryDatabase<{ n: number }>(
          stack.env,
          'projects',
          'select count(*)::int as n from known_users where id = any($1::uuid[])',
          [everyone],
        );
        const [named] = await queryDatabase<{ n: number }>(
          stack.env,
          'notifications',
          'select count(*)::int as n from user_names where id = any($1::uuid[])',
          [everyone],
        );
        return known!.n === everyone.length && named!.n === everyone.length ? true : undefined;
      },
      10_000,
      'every user known to projects and notifications',
    );
    nc = await connect({ servers: stack.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    jsm = await nc.jetstreamManager();
  });
  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  /**
   * Returns once every event recorded so far has been published and handled by the notifications
   * subgraph: what is not there then will not come.
   */
  async function settle(): Promise<void> {
    await eventually(
      async () => {
        for (const subgraph of ['accounts', 'users', 'projects', 'tasks']) {
          const [waiting] = await queryDatabase<{ n: number }>(
            stack.env,
            subgraph,
            'select count(*)::int as n from outbox_events where published_at is null',
          );
          if (waiting!.n > 0) return undefined;
        }
        for (const durable of ['notifications-users', 'notifications-projects', 'notifications-tasks']) {
          const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return undefined;
        }
        return true;
      },
      15_000,
      'every event handled by the notifications subgraph',
    );
  }

  async function notificationsOf(user: TestUser, variables: Record<string, unknown> = {}): Promise<NotificationPage> {
    return (await user.client.data<{ notifications: NotificationPage }>(NOTIFICATIONS, { first: 100, ...variables })).notifications;
  }

  /** Waits until the user has at least `count` notifications, and returns them all. */
  async function awaitNotifications(user: TestUser, count: number): Promise<NotificationPage> {
    return eventually(
      async () => {
        const page = await notificationsOf(user);
        return page.totalCount >= count ? page : undefined;
      },
      10_000,
      `${count} notifications for ${user.displayName}`,
    );
  }

  async function newProject(owner: TestUser, name: string, members: [TestUser, string][]): Promise<string> {
    const { createProject } = await owner.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: name });
    for (const [user, role] of members) await owner.client.data(ADD_MEMBER, { p: createProject.id, u: user.id, r: role });
    // The tasks subgraph authorises against its replica of memberships: let it catch up.
    await eventually(
      async () => {
        const [replica] = await queryDatabase<{ n: number }>(
          stack.env,
          'tasks',
          'select count(*)::int as n from member_replicas where project_id = $1',
          [createProject.id],
        );
        return replica!.n === members.length + 1 ? true : undefined;
      },
      10_000,
      `the members of ${name} known to tasks`,
    );
    return createProject.id;
  }

  const createTask = async (user: TestUser, projectId: string, title: string, assignee: TestUser | null = null) =>
    (await user.client.data<{ createTask: { id: string } }>(CREATE_TASK, { p: projectId, t: title, a: assignee?.id ?? null })).createTask
      .id;

  it('notifies exactly the people each kind is for, with message, task, project and actor, and never the actor', async () => {
    const projectId = await newProject(ada, 'Apollo', [
      [bob, 'MEMBER'],
      [cy, 'MEMBER'],
    ]);

    const fix = await createTask(ada, projectId, 'Fix login', bob); // TASK_ASSIGNED to Bob on creation
    const docs = await createTask(ada, projectId, 'Write docs', ada); // Ada assigns herself: nobody
    await ada.client.data(UPDATE_TASK, { id: fix, d: 'Sessions expire too early' }); // UPDATED: nobody
    await bob.client.data(CHANGE_STATUS, { id: fix, s: 'IN_PROGRESS' }); // the assignee moves it: the reporter only
    await cy.client.data(CHANGE_STATUS, { id: fix, s: 'IN_REVIEW' }); // a third member moves it: assignee and reporter
    await cy.client.data(CHANGE_STATUS, { id: fix, s: 'DONE' }); // TASK_COMPLETED instead of TASK_STATUS_CHANGED
    await ada.client.data(ADD_COMMENT, { id: fix, b: 'Thanks!' }); // the reporter comments: the assignee only
    await bob.client.data(ADD_COMMENT, { id: fix, b: 'You are welcome' }); // the assignee comments: the reporter only
    await cy.client.data(ADD_COMMENT, { id: fix, b: 'Verified' }); // a third member comments: both
    await bob.client.data(CHANGE_STATUS, { id: docs, s: 'IN_PROGRESS' }); // assignee = reporter = Ada: once
    await bob.client.data(ASSIGN_TASK, { id: docs, a: bob.id }); // Bob assigns himself: nobody (not the previous assignee either)
    await ada.client.data(ASSIGN_TASK, { id: fix, a: null }); // unassigned: nobody
    await ada.client.data(ASSIGN_TASK, { id: fix, a: cy.id }); // the new assignee only

    const expected: Record<'ada' | 'bob' | 'cy', Row[]> = {
      // Newest first: all of Ada's come from one task event stream, in order.
      ada: [
        ['TASK_STATUS_CHANGED', 'Bob moved “Write docs” to In progress', docs, 'Apollo', 'Bob'],
        ['TASK_COMMENTED', 'Cy commented on “Fix login”', fix, 'Apollo', 'Cy'],
        ['TASK_COMMENTED', 'Bob commented on “Fix login”', fix, 'Apollo', 'Bob'],
        ['TASK_COMPLETED', 'Cy completed “Fix login”', fix, 'Apollo', 'Cy'],
        ['TASK_STATUS_CHANGED', 'Cy moved “Fix login” to In review', fix, 'Apollo', 'Cy'],
        ['TASK_STATUS_CHANGED', 'Bob moved “Fix login” to In progress', fix, 'Apollo', 'Bob'],
      ],
      bob: [
        ['PROJECT_MEMBER_ADDED', 'Ada added you to “Apollo”', null, 'Apollo', 'Ada'],
        ['TASK_ASSIGNED', 'Ada assigned you “Fix login”', fix, 'Apollo', 'Ada'],
        ['TASK_STATUS_CHANGED', 'Cy moved “Fix login” to In review', fix, 'Apollo', 'Cy'],
        ['TASK_COMPLETED', 'Cy completed “Fix login”', fix, 'Apollo', 'Cy'],
        ['TASK_COMMENTED', 'Ada commented on “Fix login”', fix, 'Apollo', 'Ada'],
        ['TASK_COMMENTED', 'Cy commented on “Fix login”', fix, 'Apollo', 'Cy'],
      ],
      // Neither assignee nor reporter until the end: only being added, then assigned.
      cy: [
        ['PROJECT_MEMBER_ADDED', 'Ada added you to “Apollo”', null, 'Apollo', 'Ada'],
        ['TASK_ASSIGNED', 'Ada assigned you “Fix login”', fix, 'Apollo', 'Ada'],
      ],
    };
    await Promise.all([awaitNotifications(ada, 6), awaitNotifications(bob, 6), awaitNotifications(cy, 2)]);
    await settle();

    const [adas, bobs, cys, dees] = await Promise.all([ada, bob, cy, dee].map((user) => notificationsOf(user)));
    assert.deepEqual(
      adas!.edges.map(({ node }) => row(node)),
      expected.ada,
    );
    assert.deepEqual(sortRows(bobs!.edges.map(({ node }) => row(node))), sortRows(expected.bob));
    assert.deepEqual(sortRows(cys!.edges.map(({ node }) => row(node))), sortRows(expected.cy));
    assert.equal(dees!.totalCount, 0, 'someone outside the project gets nothing');
    assert.deepEqual([adas!.totalCount, bobs!.totalCount, cys!.totalCount], [6, 6, 2]);

    for (const { node } of [...adas!.edges, ...bobs!.edges, ...cys!.edges]) {
      assert.equal(node.readAt, null);
      assert.ok(!Number.isNaN(Date.parse(node.createdAt)));
      assert.equal(node.project?.id, projectId);
      if (node.task) assert.equal(node.task.title, node.task.id === fix ? 'Fix login' : 'Write docs');
      assert.equal(
        node.task === null,
        node.kind === 'PROJECT_MEMBER_ADDED',
        `${node.kind}: task notifications carry their task, others none`,
      );
    }
    const actorIds = new Map([
      [ada.displayName, ada.id],
      [bob.displayName, bob.id],
      [cy.displayName, cy.id],
    ]);
    for (const { node } of [...adas!.edges, ...bobs!.edges, ...cys!.edges])
      assert.equal(node.actor?.id, actorIds.get(node.actor!.displayName));
  });

  it('notifies of a card moved to another column as of a status change, and of nothing for a move within its column', async () => {
    const projectId = await newProject(ada, 'Board moves', [
      [bob, 'MEMBER'],
      [cy, 'MEMBER'],
    ]);
    const first = await createTask(ada, projectId, 'Card one', bob);
    const second = await createTask(ada, projectId, 'Card two', bob);
    await awaitNotifications(bob, 2); // assigned twice
    await settle();
    const before = await Promise.all([ada, bob].map((user) => notificationsOf(user)));

    await cy.client.data(MOVE_TASK, { id: second, s: null, after: null, before: first }); // within TODO: nobody
    await cy.client.data(MOVE_TASK, { id: first, s: 'IN_PROGRESS', after: null, before: null });
    await cy.client.data(MOVE_TASK, { id: first, s: 'DONE', after: null, before: null });
    await settle();

    const [adas, bobs] = await Promise.all([ada, bob].map((user) => notificationsOf(user)));
    const fresh = (page: NotificationPage, old: NotificationPage) =>
      page.edges.slice(0, page.totalCount - old.totalCount).map(({ node }) => row(node));
    const expected: Row[] = [
      ['TASK_COMPLETED', 'Cy completed “Card one”', first, 'Board moves', 'Cy'],
      ['TASK_STATUS_CHANGED', 'Cy moved “Card one” to In progress', first, 'Board moves', 'Cy'],
    ];
    assert.deepEqual(fresh(adas!, before[0]!), expected, 'the reporter');
    assert.deepEqual(fresh(bobs!, before[1]!), expected, 'the assignee');
  });

  it('pages notifications newest first, filters unread ones, counts and marks them, and refuses what it must', async () => {
    const projectId = await newProject(ada, 'Pages', [[dee, 'MEMBER']]);
    // Dee's first notification is stored before the task ones: their order is known.
    await awaitNotifications(dee, 1);
    const titles = Array.from({ length: 12 }, (_, i) => `Page ${String(i + 1).padStart(2, '0')}`);
    for (const title of titles) await createTask(ada, projectId, title, dee);
    await awaitNotifications(dee, 13);
    await settle();

    const expectedMessages = [...[...titles].reverse().map((title) => `Ada assigned you “${title}”`), 'Ada added you to “Pages”'];
    const seen: NotificationNode[] = [];
    const hasNext: boolean[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: NotificationPage = await notificationsOf(dee, { first: 5, after: cursor });
      assert.equal(result.totalCount, 13);
      seen.push(...result.edges.map((edge) => edge.node));
      hasNext.push(result.pageInfo.hasNextPage);
      assert.equal(result.pageInfo.endCursor, result.edges.at(-1)?.cursor ?? null);
      if (!result.pageInfo.hasNextPage) break;
      cursor = result.pageInfo.endCursor;
    }
    assert.deepEqual(hasNext, [true, true, false]);
    assert.deepEqual(
      seen.map((node) => node.message),
      expectedMessages,
    );
    assert.equal(new Set(seen.map((node) => node.id)).size, 13, 'no notification twice');
    const createdAts = seen.map((node) => Date.parse(node.createdAt));
    assert.deepEqual(
      createdAts,
      [...createdAts].sort((a, b) => b - a),
      'newest first',
    );
    assert.deepEqual((await notificationsOf(dee, { first: 0 })).edges, []);
    assert.equal((await dee.client.data<{ unreadNotificationCount: number }>(UNREAD_COUNT)).unreadNotificationCount, 13);

    // Bad paging arguments are the client's mistake.
    const valid = (await notificationsOf(dee, { first: 1 })).pageInfo.endCursor!;
    const cursors = [
      'not a cursor',
      `${valid.slice(0, -2)}!!`,
      tampered(['not-a-uuid']),
      tampered([seen[0]!.id, 'extra']),
      tampered({ id: seen[0]!.id }),
      Buffer.from('{"unterminated').toString('base64url'),
    ];
    for (const after of cursors) {
      const result = await dee.client.request(NOTIFICATIONS, { after });
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT'], `cursor ${after}: ${describeResult(result)}`);
    }
    for (const first of [101, -1]) {
      const result = await dee.client.request(NOTIFICATIONS, { first });
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT'], `first ${first}: ${describeResult(result)}`);
    }
    assert.equal((await notificationsOf(dee, { first: 100 })).edges.length, 13);

    // Marking one read: once, with its first readAt kept.
    const newest = seen[0]!;
    const first = await dee.client.data<{ markNotificationRead: { id: string; readAt: string | null } }>(MARK_READ, { id: newest.id });
    assert.equal(first.markNotificationRead.id, newest.id);
    assert.ok(first.markNotificationRead.readAt);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await dee.client.data<{ markNotificationRead: { readAt: string | null } }>(MARK_READ, { id: newest.id });
    assert.equal(again.markNotificationRead.readAt, first.markNotificationRead.readAt, 'marking twice keeps the first readAt');
    assert.equal((await dee.client.data<{ unreadNotificationCount: number }>(UNREAD_COUNT)).unreadNotificationCount, 12);

    const unread = await notificationsOf(dee, { unreadOnly: true, first: 7 });
    assert.equal(unread.totalCount, 12);
    assert.equal(unread.pageInfo.hasNextPage, true);
    const unreadRest = await notificationsOf(dee, { unreadOnly: true, first: 7, after: unread.pageInfo.endCursor });
    assert.equal(unreadRest.pageInfo.hasNextPage, false);
    assert.deepEqual(
      [...unread.edges, ...unreadRest.edges].map((edge) => edge.node.id),
      seen.slice(1).map((node) => node.id),
    );
    assert.ok([...unread.edges, ...unreadRest.edges].every((edge) => edge.node.readAt === null));
    const all = await notificationsOf(dee, { unreadOnly: false });
    assert.equal(all.totalCount, 13);
    assert.equal(all.edges[0]!.node.readAt, first.markNotificationRead.readAt);

    // Someone else's notification is invisible: NOT_FOUND, and it stays unread.
    const target = seen[1]!;
    const stolen = await bob.client.request(MARK_READ, { id: target.id });
    assert.deepEqual(errorCodes(stolen), ['NOT_FOUND'], describeResult(stolen));
    assert.equal(stolen.data ?? null, null);
    const [stored] = await queryDatabase<{ read_at: Date | null }>(
      stack.env,
      'notifications',
      'select read_at from notifications where id = $1',
      [target.id],
    );
    assert.equal(stored?.read_at, null, 'another user’s attempt changed nothing');
    assert.equal((await dee.client.data<{ unreadNotificationCount: number }>(UNREAD_COUNT)).unreadNotificationCount, 12);
    const unknown = await dee.client.request(MARK_READ, { id: '01890a5d-ac96-774b-bcce-b302099a8057' });
    assert.deepEqual(errorCodes(unknown), ['NOT_FOUND'], describeResult(unknown));
    for (const id of ['nope', '12345', `${target.id}x`]) {
      const malformed = await dee.client.request(MARK_READ, { id });
      assert.deepEqual(errorCodes(malformed), ['BAD_USER_INPUT'], `id ${id}: ${describeResult(malformed)}`);
    }

    // Bob marking all of his own read leaves Dee's alone.
    const bobsUnread = (await bob.client.data<{ unreadNotificationCount: number }>(UNREAD_COUNT)).unreadNotificationCount;
    assert.ok(bobsUnread > 0);
    assert.equal((await bob.client.data<{ markAllNotificationsRead: number }>(MARK_ALL_READ)).markAllNotificationsRead, bobsUnread);
    assert.equal((await dee.client.data<{ unreadNotificationCount: number }>(UNREAD_COUNT)).unreadNotificationCount, 12);

    const { markAllNotificationsRead } = await dee.client.data<{ markAllNotificationsRead: number }>(MARK_ALL_READ);
    assert.equal(markAllNotificationsRead, 12);
    assert.equal((await dee.client.data<{ markAllNotificationsRead: number }>(MARK_ALL_READ)).markAllNotificationsRead, 0);
    assert.equal((await dee.client.data<{ unreadNotificationCount: number }>(UNREAD_COUNT)).unreadNotificationCount, 0);
    const none = await notificationsOf(dee, { unreadOnly: true });
    assert.deepEqual([none.totalCount, none.edges, none.pageInfo], [0, [], { hasNextPage: false, endCursor: null }]);
    const afterAll = await notificationsOf(dee);
    assert.equal(afterAll.totalCount, 13);
    assert.ok(afterAll.edges.every((edge) => edge.node.readAt !== null));
    assert.equal(afterAll.edges[0]!.node.readAt, first.markNotificationRead.readAt, 'marking all keeps an earlier readAt');

    // Anonymous clients get none of it.
    const anonymous = stack.client();
    for (const [query, variables] of [
      [NOTIFICATIONS, {}],
      [UNREAD_COUNT, {}],
      [MARK_READ, { id: target.id }],
      [MARK_ALL_READ, {}],
    ] as const) {
      const result = await anonymous.request(query, variables);
      assert.deepEqual(errorCodes(result), ['UNAUTHENTICATED'], `${query.trim().slice(0, 40)}: ${describeResult(result)}`);
    }
    const [unreadLeft] = await queryDatabase<{ n: number }>(
      stack.env,
      'notifications',
      'select count(*)::int as n from notifications where recipient_id = $1 and read_at is null',
      [bob.id],
    );
    assert.equal(unreadLeft!.n, 0);
  });

  it('serves a project’s activity newest first, page by page, to its members only', async () => {
    const projectId = await newProject(ada, 'Feed', [
      [bob, 'MEMBER'],
      [cy, 'VIEWER'],
    ]);
    const alpha = await createTask(ada, projectId, 'Alpha');
    await ada.client.data(UPDATE_TASK, { id: alpha, d: 'First letter' });
    await ada.client.data(ASSIGN_TASK, { id: alpha, a: bob.id });
    await bob.client.data(CHANGE_STATUS, { id: alpha, s: 'IN_PROGRESS' });
    await bob.client.data(CHANGE_STATUS, { id: alpha, s: 'DONE' });
    await bob.client.data(ADD_COMMENT, { id: alpha, b: 'Done it' });
    const beta = await createTask(bob, projectId, 'Beta');
    await ada.client.data(DELETE_TASK, { id: alpha });

    const expected: [string, string, string | null, string][] = [
      ['DELETED', alpha, null, 'Ada'],
      ['CREATED', beta, 'Beta', 'Bob'],
      ['COMMENTED', alpha, null, 'Bob'],
      ['COMPLETED', alpha, null, 'Bob'],
      ['STATUS_CHANGED', alpha, null, 'Bob'],
      ['ASSIGNED', alpha, null, 'Ada'],
      ['UPDATED', alpha, null, 'Ada'],
      ['CREATED', alpha, null, 'Ada'],
    ];
    const readActivity = async (user: TestUser, first: number, after: string | null = null) =>
      (await user.client.data<{ project: { activity: ActivityPage } }>(ACTIVITY, { p: projectId, first, after })).project.activity;
    const full = await eventually(
      async () => {
        const page = await readActivity(ada, 100);
        return page.edges.length >= expected.length ? page : undefined;
      },
      10_000,
      'the activity of Feed',
    );
    await settle();
    const items = (await readActivity(ada, 100)).edges.map((edge) => edge.node);
    assert.equal(full.pageInfo.hasNextPage, false);
    assert.deepEqual(
      items.map((item) => [item.kind, item.taskId, item.task?.title ?? null, item.actor?.displayName ?? null]),
      expected,
    );
    assert.equal(items[1]!.task?.id, beta);
    const times = items.map((item) => Date.parse(item.occurredAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );

    // Page by page, to the end, for a VIEWER too.
    for (const reader of [bob, cy]) {
      const paged: ActivityNode[] = [];
      const hasNext: boolean[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const result: ActivityPage = await readActivity(reader, 3, cursor);
        paged.push(...result.edges.map((edge) => edge.node));
        hasNext.push(result.pageInfo.hasNextPage);
        if (!result.pageInfo.hasNextPage) break;
        cursor = result.pageInfo.endCursor;
      }
      assert.deepEqual(hasNext, [true, true, false], reader.displayName);
      assert.deepEqual(
        paged.map((item) => item.id),
        items.map((item) => item.id),
        reader.displayName,
      );
    }
    for (const variables of [{ first: 101 }, { first: 5, after: 'garbage' }, { first: 5, after: tampered(['not-a-uuid']) }]) {
      const result = await ada.client.request(ACTIVITY, { p: projectId, ...variables });
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT'], `${JSON.stringify(variables)}: ${describeResult(result)}`);
    }

    // A non-member reads nothing: not through the gateway ...
    const outsider = await otto.client.request<{ project: { activity: ActivityPage } | null }>(ACTIVITY, { p: projectId, first: 5 });
    assert.ok(
      errorCodes(outsider).some((code) => code === 'NOT_FOUND' || code === 'FORBIDDEN'),
      describeResult(outsider),
    );
    assert.equal(outsider.data?.project ?? null, null);
    // ... nor from the notifications subgraph itself, which owns the field.
    const entities = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { activity(first: 5) { edges { node { id } } } } } }`;
    const direct = await new GraphQLClient(stack.subgraphs.notifications.url, otto.accessToken).request<{ _entities: unknown[] }>(
      entities,
      {
        r: [{ __typename: 'Project', id: projectId }],
      },
    );
    assert.ok(
      errorCodes(direct).some((code) => code === 'NOT_FOUND' || code === 'FORBIDDEN'),
      describeResult(direct),
    );
    assert.ok(!JSON.stringify(direct.data ?? null).includes(items[0]!.id), 'no activity item leaks');

    // A member who leaves loses it, even when reaching the project through a notification.
    const viaNotification = /* GraphQL */ `{ notifications(first: 100) { edges { node { kind project { id activity(first: 3) { edges { node { id kind } } } } } } } }`;
    type ViaNotification = {
      notifications: { edges: { node: { kind: string; project: { id: string; activity: ActivityPage } | null } }[] };
    };
    const feedOf = (result: GraphQLResult<ViaNotification>) =>
      result.data?.notifications.edges.find((edge) => edge.node.kind === 'PROJECT_MEMBER_ADDED' && edge.node.project?.id === projectId);
    const whileMember = await bob.client.request<ViaNotification>(viaNotification);
    assert.deepEqual(
      feedOf(whileMember)?.node.project?.activity.edges.map((edge) => edge.node.id),
      items.slice(0, 3).map((item) => item.id),
      describeResult(whileMember),
    );
    await bob.client.data(REMOVE_MEMBER, { p: projectId, u: bob.id });
    const refused = await eventually(
      async () => {
        const result = await bob.client.request<ViaNotification>(viaNotification);
        return feedOf(result) ? undefined : result;
      },
      10_000,
      'the activity to be refused to a former member',
    );
    assert.ok(
      errorCodes(refused).some((code) => code === 'NOT_FOUND' || code === 'FORBIDDEN'),
      describeResult(refused),
    );
    assert.ok(!JSON.stringify(refused.data ?? null).includes(items[0]!.id), 'no activity item leaks');
    const formerMember = await bob.client.request(ACTIVITY, { p: projectId, first: 5 });
    assert.ok(errorCodes(formerMember).length > 0, describeResult(formerMember));
  });

  it('handles a redelivered task event once: no second notification, no second activity item', async () => {
    const projectId = await newProject(ada, 'Echo', [
      [bob, 'MEMBER'],
      [cy, 'MEMBER'],
    ]);
    const echo = await createTask(ada, projectId, 'Echo', bob); // TASK_ASSIGNED to Bob
    await cy.client.data(ADD_COMMENT, { id: echo, b: 'Hello' }); // TASK_COMMENTED to Ada and Bob

    const countsFor = async () => {
      const [adas, bobs] = await Promise.all([notificationsOf(ada), notificationsOf(bob)]);
      const { project } = await ada.client.data<{ project: { activity: ActivityPage } }>(ACTIVITY, { p: projectId, first: 100 });
      const count = (page: NotificationPage, kind: string) =>
        page.edges.filter((edge) => edge.node.task?.id === echo && edge.node.kind === kind).length;
      return {
        adaCommented: count(adas, 'TASK_COMMENTED'),
        bobCommented: count(bobs, 'TASK_COMMENTED'),
        bobAssigned: count(bobs, 'TASK_ASSIGNED'),
        activity: project.activity.edges.map((edge) => edge.node.kind),
      };
    };
    const once = { adaCommented: 1, bobCommented: 1, bobAssigned: 1, activity: ['COMMENTED', 'CREATED'] };
    await eventually(
      async () => (JSON.stringify(await countsFor()) === JSON.stringify(once) ? true : undefined),
      10_000,
      'the notifications and activity of Echo',
    );
    await settle();
    assert.deepEqual(await countsFor(), once);

    const rows = await queryDatabase<{ envelope: Envelope }>(
      stack.env,
      'tasks',
      "select envelope from outbox_events where envelope->'data'->>'taskId' = $1 and type in ('task.created', 'task.commented') order by id",
      [echo],
    );
    assert.deepEqual(
      rows.map((r) => r.envelope.type),
      ['task.created', 'task.commented'],
    );
    const js = nc.jetstream();
    let lastSeq = 0;
    for (const { envelope } of rows) {
      // The same event again, as after a crash between handling and ack (past JetStream's de-duplication).
      const ack = await js.publish(`${stack.env.EVENTS_SUBJECT_PREFIX}.${envelope.type}`, JSON.stringify(envelope), {
        msgID: `${envelope.id}-again`,
      });
      assert.equal(ack.duplicate, false);
      lastSeq = Math.max(lastSeq, ack.seq);
    }
    await eventually(
      async () => {
        const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, 'notifications-tasks');
        return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= lastSeq ? true : undefined;
      },
      10_000,
      'the notifications-tasks consumer to catch up',
    );
    await settle();

    assert.deepEqual(await countsFor(), once);
    for (const { envelope } of rows) {
      const [notified] = await queryDatabase<{ n: number }>(
        stack.env,
        'notifications',
        'select count(*)::int as n from notifications where source_event_id = $1',
        [envelope.id],
      );
      assert.equal(notified!.n, envelope.type === 'task.created' ? 1 : 2, envelope.type);
      const [processed] = await queryDatabase<{ n: number }>(
        stack.env,
        'notifications',
        "select count(*)::int as n from processed_events where consumer = 'notifications-tasks' and event_id = $1",
        [envelope.id],
      );
      assert.equal(processed!.n, 1, envelope.type);
    }
    // Handled as a duplicate, not failed and parked.
    await assert.rejects(
      jsm.streams.getMessage(stack.env.EVENTS_STREAM!, {
        last_by_subj: `${stack.env.EVENTS_SUBJECT_PREFIX}.deadletter.notifications-tasks`,
      }),
    );
  });
});

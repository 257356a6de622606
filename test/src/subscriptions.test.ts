import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Stack, startStack } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { gatewayLive, Subscription } from './live.js';
import { signUp, type TestUser } from './users.js';

interface NotificationPayload {
  notificationAdded: {
    id: string;
    kind: string;
    message: string;
    readAt: string | null;
    task: { title: string; project: { name: string } } | null;
    actor: { displayName: string } | null;
  };
}

interface TaskChangedPayload {
  taskChanged: {
    kind: string;
    taskId: string;
    task: { title: string; status: string; assignee: { displayName: string } | null } | null;
    actor: { displayName: string } | null;
  };
}

const NOTIFICATIONS = /* GraphQL */ `
  subscription { notificationAdded { id kind message readAt task { title project { name } } actor { displayName } } }
`;

const TASK_CHANGED = /* GraphQL */ `
  subscription($p: ID!) { taskChanged(projectId: $p) { kind taskId task { title status assignee { displayName } } actor { displayName } } }
`;

describe('live subscriptions through the gateway', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  const clients: Client[] = [];
  const live = (user: TestUser) => {
    const client = gatewayLive(stack, user.accessToken);
    clients.push(client);
    return client;
  };
  before(async () => {
    stack = await startStack();
    [ada, bob] = await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob')]);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await stack.stop();
  });

  it('delivers the viewer’s notifications with fields from every subgraph, stores them, and never notifies the actor', async () => {
    const bobs = new Subscription<NotificationPayload>(live(bob), NOTIFICATIONS);
    const adas = new Subscription<NotificationPayload>(live(ada), NOTIFICATIONS);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(
      `mutation { createProject(input: { name: "Apollo" }) { id } }`,
    );
    await ada.client.data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, {
      p: createProject.id,
      u: bob.id,
    });
    const added = await bobs.nth(0);
    assert.equal(added.data?.notificationAdded.kind, 'PROJECT_MEMBER_ADDED');
    assert.equal(added.data?.notificationAdded.message, 'Ada added you to “Apollo”');

    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Fix login" }) { id } }`,
      { p: createProject.id },
    );
    await ada.client.data(`mutation($t: ID!, $u: ID) { assignTask(id: $t, assigneeId: $u) { id } }`, { t: createTask.id, u: bob.id });
    const assigned = await bobs.nth(1);
    assert.deepEqual(assigned.data?.notificationAdded, {
      id: assigned.data?.notificationAdded.id,
      kind: 'TASK_ASSIGNED',
      message: 'Ada assigned you “Fix login”',
      readAt: null,
      task: { title: 'Fix login', project: { name: 'Apollo' } },
      actor: { displayName: 'Ada' },
    });

    const stored = await bob.client.data<{
      notifications: { totalCount: number; edges: { node: { id: string; kind: string } }[] };
      unreadNotificationCount: number;
    }>(`{ notifications { totalCount edges { node { id kind } } } unreadNotificationCount }`);
    assert.deepEqual(
      stored.notifications.edges.map((edge) => edge.node.kind),
      ['TASK_ASSIGNED', 'PROJECT_MEMBER_ADDED'],
    );
    assert.equal(stored.unreadNotificationCount, 2);
    const { markNotificationRead } = await bob.client.data<{ markNotificationRead: { readAt: string | null } }>(
      `mutation($n: ID!) { markNotificationRead(id: $n) { readAt } }`,
      { n: assigned.data?.notificationAdded.id },
    );
    assert.ok(markNotificationRead.readAt);
    assert.equal((await bob.client.data<{ unreadNotificationCount: number }>(`{ unreadNotificationCount }`)).unreadNotificationCount, 1);

    // Bob's own action notifies the reporter (Ada), never Bob.
    await bob.client.data(`mutation($t: ID!) { changeTaskStatus(id: $t, status: IN_PROGRESS) { id } }`, { t: createTask.id });
    const moved = await adas.nth(0);
    assert.equal(moved.data?.notificationAdded.message, 'Bob moved “Fix login” to In progress');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(bobs.results.length, 2, 'the actor is not notified');
    bobs.close();
    adas.close();
  });

  it('streams every change to a project’s tasks to its members, in order, and refuses others', async () => {
    const carol = await signUp(stack, 'Carol');
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(
      `mutation { createProject(input: { name: "Gemini" }) { id } }`,
    );
    const p = createProject.id;
    await ada.client.data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, { p, u: bob.id });

    const bobs = new Subscription<TaskChangedPayload>(live(bob), TASK_CHANGED, { p });
    const carols = new Subscription<TaskChangedPayload>(live(carol), TASK_CHANGED, { p });
    assert.match(String(await carols.whenEnded()), /FORBIDDEN|member/i);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Dock" }) { id } }`,
      { p },
    );
    const t = createTask.id;
    await ada.client.data(`mutation($t: ID!, $u: ID) { assignTask(id: $t, assigneeId: $u) { id } }`, { t, u: bob.id });
    await bob.client.data(`mutation($t: ID!) { changeTaskStatus(id: $t, status: IN_PROGRESS) { id } }`, { t });
    await bob.client.data(`mutation($t: ID!) { changeTaskStatus(id: $t, status: DONE) { id } }`, { t });
    await bob.client.data(`mutation($t: ID!) { addComment(taskId: $t, body: "done") { id } }`, { t });
    await ada.client.data(`mutation($t: ID!) { deleteTask(id: $t) }`, { t });

    const kinds = [];
    for (let i = 0; i < 6; i++) kinds.push((await bobs.nth(i)).data?.taskChanged.kind);
    assert.deepEqual(kinds, ['CREATED', 'ASSIGNED', 'STATUS_CHANGED', 'COMPLETED', 'COMMENTED', 'DELETED']);
    const assigned = bobs.results[1]!.data!.taskChanged;
    assert.equal(assigned.taskId, t);
    assert.equal(assigned.actor?.displayName, 'Ada');
    assert.equal(bobs.results[5]!.data!.taskChanged.task, null, 'a deleted task is null');

    // A removed member stops receiving.
    await ada.client.data(`mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) { id } }`, { p, u: bob.id });
    assert.match(String(await bobs.whenEnded()), /no longer a member/);
  });
});

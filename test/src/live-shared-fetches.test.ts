import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { eventually } from '@taskgraph/kit/testing';
import { liveClient, type Stack, startStack } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { FlakyProxy } from './flaky-proxy.js';
import { Subscription } from './live.js';
import { metricsOf, sample } from './metrics.js';
import { signUp, type TestUser } from './users.js';

interface TaskChanged {
  taskChanged: { task: { title: string; assignee: { displayName: string; email?: string | null } | null } | null };
}

/** Only viewer-independent fields: every member resolves them alike. */
const PUBLIC = 'subscription($p: ID!) { taskChanged(projectId: $p) { task { title assignee { displayName } } } }';
/** A user's email is theirs (and admins') alone: the users fetch of this one is each subscriber's own. */
const WITH_EMAIL = 'subscription($p: ID!) { taskChanged(projectId: $p) { task { title assignee { displayName email } } } }';

const openSubscriptions = async (gateway: RunningGateway) => sample(await metricsOf(gateway.url), 'live_subscriptions_open', {}) ?? 0;

describe('live: rest fetches shared between the subscribers of a feed', () => {
  let stack: Stack;
  let tasks: FlakyProxy;
  let users: FlakyProxy;
  let replica: RunningGateway;
  let members: TestUser[];
  const clients: Client[] = [];

  before(async () => {
    stack = await startStack();
    [tasks, users] = await Promise.all([FlakyProxy.start(stack.subgraphs.tasks), FlakyProxy.start(stack.subgraphs.users)]);
    // This replica alone reads tasks and users through the counting proxies; mutations go through the stack's gateway.
    replica = await stack.startGateway({ TASKS_URL: tasks.url(), USERS_URL: users.url() });
    members = await Promise.all(['Ada', 'Bob', 'Cy'].map((name) => signUp(stack, name)));
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await stack.stop();
    await Promise.all([tasks.stop(), users.stop()]);
  });

  it('fetches viewer-independent fields once per event for all members, and viewer-dependent ones as each member', async () => {
    const [ada, bob, cy] = members as [TestUser, TestUser, TestUser];
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(
      'mutation { createProject(input: { name: "Shared" }) { id } }',
    );
    const p = createProject.id;
    for (const member of [bob, cy])
      await ada.client.data('mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }', { p, u: member.id });
    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(
      'mutation($p: ID!, $u: ID) { createTask(input: { projectId: $p, title: "Draft", assigneeId: $u }) { id } }',
      { p, u: bob.id },
    );

    const subscriptions = [ada, bob, cy].map((member) => {
      const client = liveClient(replica.url, member.accessToken);
      clients.push(client);
      return {
        member,
        shared: new Subscription<TaskChanged>(client, PUBLIC, { p }),
        own: new Subscription<TaskChanged>(client, WITH_EMAIL, { p }),
      };
    });
    await eventually(async () => ((await openSubscriptions(replica)) === 6 ? true : undefined), 10_000, 'every subscription accepted');
    const before = { tasks: tasks.requests, users: users.requests };
    await ada.client.data('mutation($t: ID!) { updateTask(id: $t, input: { title: "Final" }) { id } }', { t: createTask.id });

    for (const { member, shared, own } of subscriptions) {
      const result = await shared.nth(0);
      assert.deepEqual(result.data?.taskChanged.task, { title: 'Final', assignee: { displayName: 'Bob' } }, JSON.stringify(result));
      // Bob sees his own email; the other members do not, though their results came from the same event.
      assert.deepEqual((await own.nth(0)).data?.taskChanged.task, {
        title: 'Final',
        assignee: { displayName: 'Bob', email: member === bob ? bob.email : null },
      });
    }
    // One task fetch for all six results; users: one shared for the displayName-only results, and one per member for those with an email.
    assert.equal(tasks.requests - before.tasks, 1);
    assert.equal(users.requests - before.users, 4);
  });
});

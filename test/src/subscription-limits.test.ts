/**
 * The gateway's live subscriptions at their edges, with a real graphql-ws client (and, for the
 * slow reader, a hand-driven WebSocket) through the real gateway: refused connections, bad
 * arguments and documents, an access token expiring mid-subscription, the per-connection
 * subscription limit with shared NATS subscriptions, replicas, a notifications subgraph
 * restarted while tasks change, and a client too slow to keep up.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { newId } from '@taskgraph/kit';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { type Client, createClient } from 'graphql-ws';
import { connect } from 'nats';
import WebSocket from 'ws';
import { type ErrorShape, endedWithErrors, RawLiveSocket, Subscription } from './live.js';
import { claimsFor, foreignSigningKey, realSigningKey, signToken, unsignedToken } from './tokens.js';
import { signUp, type TestUser } from './users.js';

interface NotificationPayload {
  notificationAdded: { id: string; kind: string; message: string };
}

interface TaskChangedPayload {
  taskChanged: { kind: string; taskId: string; task: { title: string } | null };
}

const NOTIFICATIONS = /* GraphQL */ `subscription { notificationAdded { id kind message } }`;
const TASK_CHANGED = /* GraphQL */ `subscription($p: ID!) { taskChanged(projectId: $p) { kind taskId task { title } } }`;

const CREATE_PROJECT = /* GraphQL */ `mutation($name: String!) { createProject(input: { name: $name }) { id } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`;
const CREATE_TASK = /* GraphQL */ `
  mutation($p: ID!, $title: String!, $description: String, $assignee: ID) {
    createTask(input: { projectId: $p, title: $title, description: $description, assigneeId: $assignee }) { id }
  }
`;
const ASSIGN_TASK = /* GraphQL */ `mutation($t: ID!, $u: ID) { assignTask(id: $t, assigneeId: $u) { id } }`;
const CHANGE_STATUS = /* GraphQL */ `mutation($t: ID!, $s: TaskStatus!) { changeTaskStatus(id: $t, status: $s) { id } }`;
const ADD_COMMENT = /* GraphQL */ `mutation($t: ID!, $body: String!) { addComment(taskId: $t, body: $body) { id } }`;
const STORED_NOTIFICATIONS = /* GraphQL */ `{ notifications(first: 100) { totalCount edges { node { id kind } } } }`;

const codesOf = (errors: ErrorShape[]) => errors.map((error) => error.extensions?.code);

/** The ephemeral JetStream consumers of the stream (each gateway replica reads it through one ordered consumer). */
async function ephemeralConsumers(stack: Stack): Promise<number> {
  const nc = await connect({ servers: stack.env.NATS_URL! });
  try {
    const jsm = await nc.jetstreamManager();
    return (await jsm.consumers.list(stack.env.EVENTS_STREAM!).next()).filter((consumer) => !consumer.config.durable_name).length;
  } finally {
    await nc.close();
  }
}

/** How many client subscriptions of a gateway listen on `pattern` (the gateway's own bookkeeping). */
function listenerCount(gateway: RunningGateway, pattern: string): number {
  return gateway.live.stream.listenerCount(pattern);
}

describe('live subscriptions at their limits', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  /** Ada's project, Bob a member; Carol's project, Bob not a member. */
  let adasProject: string;
  let carolsProject: string;
  const clients: Client[] = [];
  const rawSockets: RawLiveSocket[] = [];

  /** A graphql-ws client of `gateway` (the stack's first one by default), disposed after the suite. */
  const connect = (
    token: string | undefined,
    onClosed?: (code: number, reason: string) => void,
    gateway: RunningGateway = stack.gateway,
  ) => {
    // As live.ts's liveClient, but a refused eager connection is reported to onClosed only, not to the console.
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { closed: (event) => onClosed?.((event as { code: number }).code, String((event as { reason?: unknown }).reason ?? '')) },
    });
    clients.push(client);
    return client;
  };

  /** Resolves once `gateway` listens on `pattern` (callers make sure nothing else on it does). */
  const listening = (gateway: RunningGateway, pattern: string) =>
    eventually(
      async () => (gateway.live.stream.openSubjects.includes(pattern) ? true : undefined),
      5000,
      `the gateway to listen on ${pattern}`,
    );

  before(async () => {
    // One subscription below selects a field 100 times, over the default alias limit, which the
    // subgraphs apply to the gateway's fetches too: the whole stack allows more.
    stack = await startStack({ MAX_ALIASES: '200' });
    [ada, bob, carol] = await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob'), signUp(stack, 'Carol')]);
    adasProject = (await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Apollo' })).createProject.id;
    carolsProject = (await carol.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Private' })).createProject.id;
    await ada.client.data(ADD_MEMBER, { p: adasProject, u: bob.id });
  });

  after(async () => {
    for (const raw of rawSockets) raw.close();
    await Promise.all(clients.map((client) => client.dispose()));
    await stack?.stop();
  });

  describe('bad input', () => {
    /** Connects with `token`, tries to subscribe, and returns how the socket was closed and what came before. */
    async function refusedConnection(token: string | undefined) {
      let closed: { code: number; reason: string } | null = null;
      const client = connect(token, (code, reason) => {
        closed = { code, reason };
      });
      const received: unknown[] = [];
      let acknowledged = false;
      client.on('message', (message) => received.push(message));
      client.on('connected', () => {
        acknowledged = true;
      });
      const subscription = new Subscription<NotificationPayload>(client, NOTIFICATIONS);
      const how = await eventually(async () => closed ?? undefined, 5000, 'the gateway to close the socket');
      await subscription.whenEnded(5000);
      return { ...how, acknowledged, received, results: subscription.results };
    }

    const assertRefused = (outcome: Awaited<ReturnType<typeof refusedConnection>>) => {
      assert.equal(outcome.code, 4401, `closed with ${outcome.code} (${outcome.reason}), expected 4401`);
      assert.equal(outcome.acknowledged, false, 'the connection was acknowledged');
      assert.deepEqual(outcome.received, [], 'data came before the close');
      assert.deepEqual(outcome.results, []);
    };

    it('closes the socket with 4401 before any data without a token, or with a garbage, expired, foreign-signed or unsigned one', async (t) => {
      const key = await realSigningKey(stack.env);
      const now = Math.floor(Date.now() / 1000);
      const tokens: [string, string | undefined][] = [
        ['no token', undefined],
        ['garbage', 'garbage'],
        ['garbage JWT', 'aaa.bbb.ccc'],
        ['expired', await signToken(key, claimsFor(bob.id, { iat: now - 600, exp: now - 300 }))],
        ['foreign key under the real kid', await signToken(await foreignSigningKey(key.kid), claimsFor(bob.id))],
        ['foreign key under its own kid', await signToken(await foreignSigningKey('not-a-known-kid'), claimsFor(bob.id))],
        ['alg none', unsignedToken(claimsFor(bob.id), key.kid)],
      ];
      for (const [what, token] of tokens) {
        await t.test(what, async () => assertRefused(await refusedConnection(token)));
      }
      // The same real key does work: the refusals above are about the tokens, not the setup.
      let closed: number | null = null;
      const client = connect(await signToken(key, claimsFor(bob.id)), (code) => {
        closed = code;
      });
      let acknowledged = false;
      client.on('connected', () => {
        acknowledged = true;
      });
      await eventually(async () => (acknowledged ? true : undefined), 5000, 'a valid token to be accepted');
      assert.equal(closed, null);
    });

    it('refuses a project the viewer may not follow, or a malformed id, and a bad document, on that subscription only', async () => {
      let closed: number | null = null;
      const client = connect(bob.accessToken, (code) => {
        closed = code;
      });

      const unknownProject = new Subscription<TaskChangedPayload>(client, TASK_CHANGED, { p: newId() });
      assert.deepEqual(codesOf(await endedWithErrors(unknownProject)), ['FORBIDDEN'], 'an unknown project');
      const notAMember = new Subscription<TaskChangedPayload>(client, TASK_CHANGED, { p: carolsProject });
      assert.deepEqual(codesOf(await endedWithErrors(notAMember)), ['FORBIDDEN'], 'a project of others');
      const inline = new Subscription<TaskChangedPayload>(client, `subscription { taskChanged(projectId: "${carolsProject}") { kind } }`);
      assert.deepEqual(codesOf(await endedWithErrors(inline)), ['FORBIDDEN'], 'a project of others, id inline');

      for (const malformed of ['not-an-id', '42', '', randomUUID()]) {
        const subscription = new Subscription<TaskChangedPayload>(client, TASK_CHANGED, { p: malformed });
        assert.deepEqual(codesOf(await endedWithErrors(subscription)), ['BAD_USER_INPUT'], `project id ${JSON.stringify(malformed)}`);
      }

      const syntax = await endedWithErrors(new Subscription(client, 'subscription { notificationAdded { id }'));
      assert.match(syntax[0]!.message, /Syntax Error/i);
      const unknownField = await endedWithErrors(new Subscription(client, 'subscription { notificationAdded { id nope } }'));
      assert.match(unknownField[0]!.message, /nope/);
      assert.equal(unknownField[0]!.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      const unknownRoot = await endedWithErrors(new Subscription(client, 'subscription { nope { id } }'));
      assert.match(unknownRoot[0]!.message, /nope/);
      const twoFields = await endedWithErrors(
        new Subscription(client, `subscription { notificationAdded { id } taskChanged(projectId: "${adasProject}") { kind } }`),
      );
      assert.equal(twoFields[0]!.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'a subscription selects one root field');
      const missingVariable = await endedWithErrors(new Subscription(client, TASK_CHANGED));
      assert.ok(missingVariable.length > 0);
      const query = await endedWithErrors(new Subscription(client, '{ me { id } }'));
      assert.match(query[0]!.message, /HTTP/, 'a query over the socket is told where to go');
      const mutation = await endedWithErrors(
        new Subscription(client, `mutation { createProject(input: { name: "Over the socket" }) { id } }`),
      );
      assert.match(mutation[0]!.message, /HTTP/);
      const { projects } = await bob.client.data<{ projects: { edges: { node: { id: string } }[] } }>(
        `{ projects { edges { node { id } } } }`,
      );
      assert.equal(projects.edges.length, 1, 'the mutation sent over the socket did nothing');

      // The connection is still up and serves a valid subscription.
      assert.equal(closed, null, 'the socket was closed');
      const valid = new Subscription<TaskChangedPayload>(client, TASK_CHANGED, { p: adasProject });
      await listening(stack.gateway, 'task.>');
      const { createTask } = await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, {
        p: adasProject,
        title: 'After the errors',
      });
      const created = await valid.nth(0);
      assert.deepEqual(created.data?.taskChanged, { kind: 'CREATED', taskId: createTask.id, task: { title: 'After the errors' } });
      assert.equal(closed, null);
      valid.close();
      await eventually(
        async () => (stack.gateway.live.stream.openSubjects.includes('task.>') ? undefined : true),
        5000,
        'task.> to be released',
      );
    });
  });

  it('closes the socket with 4419, a code clients retry, when the access token expires during a subscription', async () => {
    const erin = await signUp(stack, 'Erin');
    const key = await realSigningKey(stack.env);
    const expiresAt = (Math.floor(Date.now() / 1000) + 4) * 1000;
    const token = await signToken(key, claimsFor(erin.id, { exp: expiresAt / 1000 }));
    let closed: { code: number; at: number } | null = null;
    const client = connect(token, (code) => {
      closed = { code, at: Date.now() };
    });
    const subscription = new Subscription<NotificationPayload>(client, NOTIFICATIONS);
    await listening(stack.gateway, 'notification.created');

    // Live while the token is valid...
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Expiring' });
    await ada.client.data(ADD_MEMBER, { p: createProject.id, u: erin.id });
    assert.equal((await subscription.nth(0, 3000)).data?.notificationAdded.kind, 'PROJECT_MEMBER_ADDED');
    assert.ok(Date.now() < expiresAt, 'the notification came too late to tell');
    assert.equal(closed, null);

    // ...and cut off once it expires, not before.
    const how = await eventually(async () => closed ?? undefined, expiresAt - Date.now() + 5000, 'the socket to close');
    assert.equal(how.code, 4419);
    assert.ok(how.at >= expiresAt - 50, `closed ${expiresAt - how.at} ms before the token expired`);
    assert.ok(how.at <= expiresAt + 2000, `closed ${how.at - expiresAt} ms after the token expired`);
    await subscription.whenEnded(2000);
    await eventually(
      async () => (stack.gateway.live.stream.openSubjects.includes('notification.created') ? undefined : true),
      5000,
      'the pattern to be released',
    );
  });

  it("accepts MAX_SUBSCRIPTIONS_PER_CONNECTION of 1,000 subscriptions on one connection, refuses the rest, and reads the stream through the replica's one consumer", async () => {
    const max = 100; // the default
    const replica = await stack.startGateway();
    assert.ok(await replica.live.stream.whenReady(5000), 'the replica reads the stream');
    const consumers = await ephemeralConsumers(stack);
    const dan = await signUp(stack, 'Dan');
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Crowded' });
    // Task changes of the project, followed by its owner on another connection: their patterns are shared too.
    const other = connect(ada.accessToken, undefined, replica);
    const watchers = Array.from({ length: 3 }, () => new Subscription<TaskChangedPayload>(other, TASK_CHANGED, { p: createProject.id }));
    await eventually(async () => (listenerCount(replica, 'task.>') === watchers.length ? true : undefined), 5000, 'the task watchers');

    let closed: number | null = null;
    const client = connect(
      dan.accessToken,
      (code) => {
        closed = code;
      },
      replica,
    );
    const subscriptions = Array.from({ length: 1000 }, () => new Subscription<NotificationPayload>(client, NOTIFICATIONS));
    const refused = await eventually(
      async () => {
        const ended = subscriptions.filter((subscription) => subscription.ended);
        return ended.length >= 1000 - max ? ended : undefined;
      },
      20_000,
      `${1000 - max} refusals`,
    );
    assert.equal(refused.length, 1000 - max);
    assert.deepEqual(
      subscriptions.map((subscription) => subscription.ended !== null),
      subscriptions.map((_, i) => i >= max),
      `the first ${max} are accepted, the rest refused`,
    );
    for (const subscription of refused) {
      const [error] = await endedWithErrors(subscription, 1000);
      assert.equal(error?.extensions?.code, 'RATE_LIMITED');
      assert.equal(error?.extensions?.limit, max);
    }
    assert.equal(closed, null, 'the connection survives the refusals');
    // An accepted subscription listens once the stream's last sequence is known (where it starts live).
    await eventually(
      async () => (listenerCount(replica, 'notification.created') === max ? true : undefined),
      5000,
      'every accepted subscription listening',
    );
    assert.deepEqual(replica.live.stream.openSubjects.toSorted(), [
      'notification.created',
      'project.deleted',
      'project.member_removed',
      'task.>',
    ]);
    assert.equal(await ephemeralConsumers(stack), consumers, 'no consumer per client subscription');

    // A notification reaches every accepted subscription.
    await ada.client.data(ADD_MEMBER, { p: createProject.id, u: dan.id });
    const accepted = subscriptions.slice(0, max);
    const added = await Promise.all(accepted.map((subscription) => subscription.nth(0)));
    assert.ok(
      added.every(
        (result) =>
          result.data?.notificationAdded.kind === 'PROJECT_MEMBER_ADDED' &&
          result.data.notificationAdded.message === 'Ada added you to “Crowded”',
      ),
      JSON.stringify(added.find((result) => result.data?.notificationAdded.kind !== 'PROJECT_MEMBER_ADDED')),
    );
    assert.equal(new Set(added.map((result) => result.data?.notificationAdded.id)).size, 1, 'one notification, delivered to each');

    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, {
      p: createProject.id,
      title: 'Crowd control',
      assignee: dan.id,
    });
    const assigned = await Promise.all(accepted.map((subscription) => subscription.nth(1)));
    assert.ok(assigned.every((result) => result.data?.notificationAdded.kind === 'TASK_ASSIGNED'));
    const changed = await Promise.all(watchers.map((watcher) => watcher.nth(0)));
    assert.ok(changed.every((result) => result.data?.taskChanged.kind === 'CREATED' && result.data.taskChanged.taskId === createTask.id));
    assert.ok(refused.every((subscription) => subscription.results.length === 0));

    // Once the client goes, so do its listeners; the other connection keeps its own.
    await client.dispose();
    await eventually(
      async () => (replica.live.stream.openSubjects.includes('notification.created') ? undefined : true),
      5000,
      'notification.created to be released',
    );
    assert.deepEqual(replica.live.stream.openSubjects.toSorted(), ['project.deleted', 'project.member_removed', 'task.>']);
    await other.dispose();
    await eventually(async () => (replica.live.stream.openSubjects.length === 0 ? true : undefined), 5000, 'every pattern to be released');
  });

  it('delivers an event caused through one gateway to a subscriber of another replica', async () => {
    const replica = await stack.startGateway();
    const fay = await signUp(stack, 'Fay');
    const subscription = new Subscription<NotificationPayload>(connect(fay.accessToken, undefined, replica), NOTIFICATIONS);
    await listening(replica, 'notification.created');
    assert.ok(!stack.gateway.live.stream.openSubjects.includes('notification.created'), 'the first gateway has no subscriber');

    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Replicated' });
    await ada.client.data(ADD_MEMBER, { p: createProject.id, u: fay.id });
    const added = await subscription.nth(0);
    assert.equal(added.data?.notificationAdded.kind, 'PROJECT_MEMBER_ADDED');
    assert.equal(added.data?.notificationAdded.message, 'Ada added you to “Replicated”');
    subscription.close();
  });

  it('delivers every notification exactly once when the notifications subgraph was down while tasks changed', async () => {
    const gus = await signUp(stack, 'Gus');
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Outage' });
    const p = createProject.id;
    const subscription = new Subscription<NotificationPayload>(connect(gus.accessToken), NOTIFICATIONS);
    await listening(stack.gateway, 'notification.created');
    await ada.client.data(ADD_MEMBER, { p, u: gus.id });
    assert.equal((await subscription.nth(0)).data?.notificationAdded.kind, 'PROJECT_MEMBER_ADDED');

    await stack.subgraphs.notifications.stop();
    const t = (await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, { p, title: 'Survive', assignee: gus.id })).createTask.id;
    await ada.client.data(ADD_COMMENT, { t, body: 'first' });
    await ada.client.data(ADD_COMMENT, { t, body: 'second' });
    await ada.client.data(CHANGE_STATUS, { t, s: 'IN_PROGRESS' });
    const u = (await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, { p, title: 'Later' })).createTask.id;
    await ada.client.data(ASSIGN_TASK, { t: u, u: gus.id });
    await ada.client.data(CHANGE_STATUS, { t, s: 'DONE' });
    assert.equal(subscription.results.length, 1, 'nothing is notified while the subgraph is down');

    await stack.restartSubgraph('notifications');
    // One more after the restart: it comes after everything notified before it, duplicates included.
    await ada.client.data(ADD_COMMENT, { t: u, body: 'back' });
    const expected = [
      'PROJECT_MEMBER_ADDED',
      'TASK_ASSIGNED',
      'TASK_COMMENTED',
      'TASK_COMMENTED',
      'TASK_STATUS_CHANGED',
      'TASK_ASSIGNED',
      'TASK_COMPLETED',
      'TASK_COMMENTED',
    ];
    await subscription.nth(expected.length - 1, 20_000);
    const stored = await eventually(
      async () => {
        const { notifications } = await gus.client.data<{
          notifications: { totalCount: number; edges: { node: { id: string; kind: string } }[] };
        }>(STORED_NOTIFICATIONS);
        return notifications.totalCount >= expected.length ? notifications : undefined;
      },
      10_000,
      'the stored notifications',
    );

    const live = subscription.results.map((result) => {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data!.notificationAdded;
    });
    assert.deepEqual(
      live.map((notification) => notification.kind),
      expected,
      'live: each once, in order',
    );
    assert.equal(new Set(live.map((notification) => notification.id)).size, expected.length, 'live: no duplicates');
    assert.equal(stored.totalCount, expected.length, 'stored: none missing, no duplicates');
    assert.deepEqual(
      stored.edges.map((edge) => edge.node.id).toSorted(),
      live.map((notification) => notification.id).toSorted(),
      'stored and live are the same notifications',
    );
    subscription.close();
  });

  it('cuts off a client that stops reading once it is SUBSCRIPTION_QUEUE_LIMIT events behind, and keeps serving others', async (ctx) => {
    const queueLimit = 5;
    const replica = await stack.startGateway({ SUBSCRIPTION_QUEUE_LIMIT: String(queueLimit) });
    const hal = await signUp(stack, 'Hal');
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Firehose' });
    await ada.client.data(ADD_MEMBER, { p: createProject.id, u: hal.id });
    // Each event of the slow subscription is about 2 MB (100 copies of a 20,000-character
    // description), so that a few fill the socket buffers of both ends on loopback: after that
    // the gateway cannot hand its writes to the kernel, stops reading the subscription, and events
    // queue up inside the gateway — where they must be bounded.
    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, {
      p: createProject.id,
      title: 'Heavy',
      description: 'x'.repeat(20_000),
      assignee: hal.id,
    });
    const t = createTask.id;

    // A subscriber that reads, on the same gateway: it sees every event the gateway gets.
    const observer = new Subscription<{ notificationAdded: { id: string } }>(
      connect(hal.accessToken, undefined, replica),
      `subscription { notificationAdded { id } }`,
    );
    await listening(replica, 'notification.created');
    const heavy = `subscription { notificationAdded { id task { ${Array.from({ length: 100 }, (_, i) => `d${i}: description`).join(' ')} } } }`;
    const slow = await RawLiveSocket.open(replica.url, hal.accessToken);
    rawSockets.push(slow);
    slow.subscribe('1', heavy);
    // Wait for the setup's own notifications to reach the observer, then prove the slow one is live.
    const seen = async (count: number, timeoutMs = 10_000) => {
      await eventually(
        async () => (observer.results.length >= count ? true : undefined),
        timeoutMs,
        `${count} notifications at the observer`,
      );
    };
    await ada.client.data(ADD_COMMENT, { t, body: 'warm-up' });
    await eventually(async () => (slow.of('1', 'next').length >= 1 ? true : undefined), 10_000, 'the slow subscription to work');
    const before = observer.results.length;
    const delivered = slow.of('1', 'next').length;
    const payload = slow.of('1', 'next')[0]!.payload as { data?: { notificationAdded: { task: Record<string, string> } } };
    assert.equal(payload.data?.notificationAdded.task.d99?.length, 20_000);

    slow.socket.pause();
    const burst = 20;
    for (let i = 0; i < burst; i++) await ada.client.data(ADD_COMMENT, { t, body: `comment ${i}` });
    // Every event of the burst has reached the gateway, and so each was offered to the slow subscription.
    await seen(before + burst, 20_000);
    assert.equal(observer.ended, null, 'the reading subscriber is still served');
    slow.socket.resume();

    const cutOff = await eventually(
      async () =>
        slow.of('1', 'error')[0] ?? slow.of('1', 'complete')[0] ?? (slow.closed ? { type: 'closed', payload: slow.closed } : undefined),
      15_000,
      'the slow subscription to be cut off',
    );
    const afterPause = slow.of('1', 'next').length - delivered;
    ctx.diagnostic(`${afterPause} of ${burst} events reached the slow subscriber after it paused; then ${JSON.stringify(cutOff)}`);
    if (cutOff.type === 'closed') {
      assert.equal((cutOff.payload as { code: number }).code, 1013, `closed with ${JSON.stringify(cutOff.payload)}`);
    } else {
      assert.equal(cutOff.type, 'error', 'the slow subscription completed instead of being cut off');
      assert.deepEqual(codesOf(cutOff.payload as ErrorShape[]), ['RATE_LIMITED']);
    }
    assert.ok(afterPause < burst, `the slow subscriber got all ${burst} events: nothing bounded its queue`);

    // Others are still served, by this very gateway.
    await ada.client.data(ADD_COMMENT, { t, body: 'after' });
    await seen(before + burst + 1);
    const { me } = await new GraphQLClient(replica.url, hal.accessToken).data<{ me: { id: string } }>(`{ me { id } }`);
    assert.equal(me.id, hal.id);
    observer.close();
  });
});

/**
 * The limits that keep one client from costing the gateway much, over WebSocket through the real
 * gateway: oversized messages, sockets that never sign in, unauthenticated sockets per address,
 * subscriptions per user across sockets, the operation budget spent by subscribes, and what one
 * event may cost in subgraph fetches for one user however many distinct subscriptions they open.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { eventually } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, liveClient, type Stack, startStack } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { RawLiveSocket, Subscription, UpgradeRefused } from './live.js';
import { metricsOf, sample, total } from './metrics.js';
import { signUp, type TestUser } from './users.js';

interface ErrorShape {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

interface NotificationPayload {
  notificationAdded: { id: string; kind: string };
}

const NOTIFICATIONS = /* GraphQL */ `subscription { notificationAdded { id kind } }`;
const CREATE_PROJECT = /* GraphQL */ `mutation($name: String!) { createProject(input: { name: $name }) { id } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`;
const CREATE_TASK = /* GraphQL */ `mutation($p: ID!, $title: String!, $assignee: ID) { createTask(input: { projectId: $p, title: $title, assigneeId: $assignee }) { id } }`;

/** The errors a refused subscription ended with (graphql-ws hands the `error` message's payload to the sink). */
function refusal(subscription: Subscription<unknown>): ErrorShape[] {
  assert.ok(subscription.ended instanceof Error, 'the subscription was not refused');
  const errors: unknown = JSON.parse(subscription.ended.message);
  assert.ok(Array.isArray(errors) && errors.length > 0, subscription.ended.message);
  return errors as ErrorShape[];
}

/** The heap and the buffers outside it (where ws keeps what it reads) of this process, which runs the gateway. */
const memoryInUse = () => {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};

/** Open subscriptions of a gateway, by its own gauge. */
const openSubscriptions = async (gateway: RunningGateway) =>
  sample(await metricsOf(gateway.url), 'live_subscriptions_open', { transport: 'websocket' }) ?? 0;

/**
 * Sends a `connection_init` of `totalBytes` as fragments of one text message, never holding more
 * than one fragment, for as long as the gateway reads. Returns the bytes handed to the socket.
 */
async function streamConnectionInit(raw: RawLiveSocket, totalBytes: number, onFragment: () => void): Promise<number> {
  const fragment = Buffer.alloc(16 * 1024, 'a');
  const send = (data: Buffer, fin: boolean) =>
    new Promise<boolean>((resolve) => raw.socket.send(data, { binary: false, fin }, (error) => resolve(!error)));
  let sent = 0;
  if (!(await send(Buffer.from('{"type":"connection_init","payload":{"padding":"'), false))) return sent;
  while (sent < totalBytes && raw.socket.readyState === raw.socket.OPEN) {
    if (!(await send(fragment, false))) break;
    sent += fragment.length;
    onFragment();
  }
  if (raw.socket.readyState === raw.socket.OPEN) await send(Buffer.from('"}}'), true);
  return sent;
}

describe('live subscriptions: limits per socket, address and user', () => {
  let stack: Stack;
  let ada: TestUser;
  let adasProject: string;
  const clients: Client[] = [];
  const rawSockets: RawLiveSocket[] = [];

  const connect = (gateway: RunningGateway, accessToken: string) => {
    const client = liveClient(gateway.url, accessToken);
    clients.push(client);
    return client;
  };
  const raw = async (gateway: RunningGateway, options: Parameters<typeof RawLiveSocket.connect>[1] = {}) => {
    const socket = await RawLiveSocket.connect(gateway.url, options);
    rawSockets.push(socket);
    return socket;
  };

  before(async () => {
    stack = await startStack();
    ada = await signUp(stack, 'Ada');
    adasProject = (await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'Limits' })).createProject.id;
  });

  after(async () => {
    for (const socket of rawSockets) socket.close();
    await Promise.all(clients.map((client) => client.dispose()));
    await stack?.stop();
  });

  it('closes a socket with 1009 on a 1 MB or a 60 MB connection_init, at once, without reading it into memory', async (t) => {
    const gateway = stack.gateway;
    // A zero mask spares the client the masking, so that the time and memory measured are the gateway's.
    const unmasked = { generateMask: (mask: Buffer) => void mask.fill(0) };

    const oneMegabyte = await raw(gateway, unmasked);
    const message = Buffer.from(JSON.stringify({ type: 'connection_init', payload: { padding: 'a'.repeat(1024 * 1024) } }));
    let baseline = memoryInUse();
    let sentAt = Date.now();
    oneMegabyte.socket.send(message);
    const closed = await oneMegabyte.whenClosed(2000);
    let took = Date.now() - sentAt;
    let growth = memoryInUse() - baseline;
    t.diagnostic(`1 MB: closed with ${closed.code} after ${took} ms; memory grew by ${Math.round(growth / 1024)} KiB`);
    assert.equal(closed.code, 1009, `closed with ${closed.code} (${closed.reason})`);
    assert.ok(took < 1000, `refused after ${took} ms`);
    assert.deepEqual(oneMegabyte.messages, [], 'the gateway answered it');

    // Memory is judged on the large one: at 1 MB, the garbage of reading the socket is as large as the message.
    // Streamed, so that the only large thing this process could hold is what the gateway buffers.
    const totalBytes = 60 * 1024 * 1024;
    const sixtyMegabytes = await raw(gateway, unmasked);
    baseline = memoryInUse();
    let peak = baseline;
    sentAt = Date.now();
    const sent = await streamConnectionInit(sixtyMegabytes, totalBytes, () => {
      peak = Math.max(peak, memoryInUse());
    });
    const huge = await sixtyMegabytes.whenClosed(2000);
    took = Date.now() - sentAt;
    growth = Math.max(peak, memoryInUse()) - baseline;
    t.diagnostic(
      `60 MB: closed with ${huge.code} after ${took} ms and ${sent} bytes sent; memory grew by at most ${Math.round(growth / 1024)} KiB`,
    );
    assert.equal(huge.code, 1009, `closed with ${huge.code} (${huge.reason})`);
    assert.ok(took < 1000, `refused after ${took} ms`);
    // The rest of what was sent before the close reached the socket buffers, and was dropped.
    assert.ok(sent < totalBytes / 4, `${sent} bytes were taken before the gateway refused the message`);
    assert.ok(growth < totalBytes / 8, `memory grew by ${growth} bytes`);
    assert.deepEqual(sixtyMegabytes.messages, []);

    // The gateway serves the next client as before.
    const fine = await RawLiveSocket.open(gateway.url, ada.accessToken);
    rawSockets.push(fine);
    assert.equal(fine.closed, null);
  });

  it('closes a socket that sends no connection_init within WS_CONNECTION_INIT_TIMEOUT_MS with 4408', async () => {
    const timeoutMs = 400;
    const gateway = await stack.startGateway({ WS_CONNECTION_INIT_TIMEOUT_MS: String(timeoutMs) });
    // From before connecting: the gateway starts its clock when it accepts the upgrade, which a loaded
    // client may hear of some time later.
    const connecting = Date.now();
    const silent = await raw(gateway);
    const closed = await silent.whenClosed(timeoutMs + 3000);
    const waited = Date.now() - connecting;
    assert.equal(closed.code, 4408, `closed with ${closed.code} (${closed.reason})`);
    assert.ok(waited >= timeoutMs - 5, `closed after ${waited} ms, before the deadline`);
    assert.ok(waited < timeoutMs + 1500, `closed ${waited - timeoutMs} ms after the deadline`);
  });

  it('refuses with HTTP 429 more than WS_MAX_UNAUTHENTICATED_PER_ADDRESS sockets of one address that have not signed in', async () => {
    const max = 3;
    // Long enough for nothing to time out during the test.
    const gateway = await stack.startGateway({ WS_MAX_UNAUTHENTICATED_PER_ADDRESS: String(max), WS_CONNECTION_INIT_TIMEOUT_MS: '30000' });
    const refused = (promise: Promise<RawLiveSocket>) =>
      assert.rejects(promise, (error) => error instanceof UpgradeRefused && error.status === 429 && error.retryAfter === '1');

    const pending = [await raw(gateway), await raw(gateway), await raw(gateway)];
    await refused(raw(gateway));
    // Another address has its own allowance.
    const elsewhere = await raw(gateway, { localAddress: '127.0.0.2' });
    await elsewhere.init(ada.accessToken);

    // A socket stops counting once it is signed in...
    await pending[0]!.init(ada.accessToken);
    const next = await raw(gateway);
    await refused(raw(gateway));
    // ...or once it is closed.
    pending[1]!.close();
    const afterClose = await eventually(() => raw(gateway).catch(() => undefined), 5000, 'a socket to be accepted after one closed');

    // Signed-in sockets are not limited: with the address at its limit, sign the pending ones in and open more.
    for (const socket of [pending[2]!, next, afterClose]) await socket.init(ada.accessToken);
    for (let i = 0; i < 2 * max; i++) await (await raw(gateway)).init(ada.accessToken);
  });

  it('limits the subscriptions of one user across all of their sockets to MAX_SUBSCRIPTIONS_PER_USER', async () => {
    const max = 4;
    const gateway = await stack.startGateway({ MAX_SUBSCRIPTIONS_PER_USER: String(max) });
    const [eve, finn] = await Promise.all([signUp(stack, 'Eve'), signUp(stack, 'Finn')]);
    const first = connect(gateway, eve.accessToken);
    const second = connect(gateway, eve.accessToken);

    const onFirst = Array.from({ length: 3 }, () => new Subscription<NotificationPayload>(first, NOTIFICATIONS));
    await eventually(async () => ((await openSubscriptions(gateway)) === 3 ? true : undefined), 5000, 'the first three');
    const onSecond = Array.from({ length: 3 }, () => new Subscription<NotificationPayload>(second, NOTIFICATIONS));
    const refusedOnSecond = await eventually(
      async () => {
        const ended = onSecond.filter((subscription) => subscription.ended);
        return ended.length === 2 && (await openSubscriptions(gateway)) === max ? ended : undefined;
      },
      5000,
      'one more accepted and two refused',
    );
    for (const subscription of refusedOnSecond) {
      const [error] = refusal(subscription);
      assert.equal(error?.extensions?.code, 'RATE_LIMITED');
      assert.equal(error?.extensions?.limit, max);
    }
    assert.ok(onFirst.every((subscription) => subscription.ended === null));

    // One ended frees a place, on any of her sockets; another user has places of their own.
    onFirst[0]!.close();
    await eventually(async () => ((await openSubscriptions(gateway)) === max - 1 ? true : undefined), 5000, 'the place to be freed');
    const again = new Subscription<NotificationPayload>(second, NOTIFICATIONS);
    const finns = new Subscription<NotificationPayload>(connect(gateway, finn.accessToken), NOTIFICATIONS);
    await eventually(async () => ((await openSubscriptions(gateway)) === max + 1 ? true : undefined), 5000, 'both to be accepted');

    await Promise.all([
      ada.client.data(ADD_MEMBER, { p: adasProject, u: eve.id }),
      ada.client.data(ADD_MEMBER, { p: adasProject, u: finn.id }),
    ]);
    const accepted = [...onFirst.slice(1), ...onSecond.filter((subscription) => !subscription.ended), again];
    assert.equal(accepted.length, max);
    for (const subscription of [...accepted, finns])
      assert.equal((await subscription.nth(0)).data?.notificationAdded.kind, 'PROJECT_MEMBER_ADDED');
    assert.equal(again.ended, null);
  });

  it('counts subscribes against RATE_LIMIT_PER_USER, as HTTP operations', async () => {
    const budget = 5;
    const gateway = await stack.startGateway({ RATE_LIMIT_PER_USER: String(budget) });
    const [gil, hana] = await Promise.all([signUp(stack, 'Gil'), signUp(stack, 'Hana')]);
    const client = connect(gateway, gil.accessToken);
    const subscriptions = Array.from({ length: budget + 3 }, () => new Subscription<NotificationPayload>(client, NOTIFICATIONS));
    const refused = await eventually(
      async () => {
        const ended = subscriptions.filter((subscription) => subscription.ended);
        return ended.length === 3 && (await openSubscriptions(gateway)) === budget ? ended : undefined;
      },
      5000,
      `${budget} accepted and 3 refused`,
    );
    for (const subscription of refused) {
      const [error] = refusal(subscription);
      assert.equal(error?.extensions?.code, 'RATE_LIMITED');
      assert.ok(Number(error?.extensions?.retryAfterSeconds) >= 1, JSON.stringify(error));
      assert.equal(error?.extensions?.http, undefined, 'the HTTP response details stay out of the error');
    }

    // The same budget as HTTP: spent, for queries too; others keep theirs.
    const query = await new GraphQLClient(gateway.url, gil.accessToken).request(`{ me { id } }`);
    assert.equal(query.status, 429);
    assert.deepEqual(errorCodes(query), ['RATE_LIMITED']);
    const other = await new GraphQLClient(gateway.url, hana.accessToken).request<{ me: { id: string } }>(`{ me { id } }`);
    assert.equal(other.data?.me.id, hana.id);
  });

  it('bounds what one event costs for one user to MAX_EVENT_FETCHES_PER_USER subgraph fetches, whatever the number of aliased subscriptions', async (t) => {
    const bound = 6;
    const gateway = await stack.startGateway({ MAX_EVENT_FETCHES_PER_USER: String(bound) });
    const ivy = await signUp(stack, 'Ivy');
    // Her notification of being added comes and goes before the gateway under test listens.
    const probe = new Subscription<NotificationPayload>(connect(stack.gateway, ivy.accessToken), NOTIFICATIONS);
    await eventually(
      async () => (stack.gateway.live.stream.openSubjects.includes('notification.created') ? true : undefined),
      5000,
      'the probe',
    );
    await ada.client.data(ADD_MEMBER, { p: adasProject, u: ivy.id });
    await probe.nth(0);
    probe.close();

    // Each alias makes a document of its own, and so an execution of its own per event.
    const aliased = (i: number) => `subscription { notificationAdded { a${i}: id task { title } } }`;
    type Payload = { notificationAdded: Record<string, unknown> & { task: { title: string } | null } };
    const sockets = [connect(gateway, ivy.accessToken), connect(gateway, ivy.accessToken)];
    const first = new Subscription<Payload>(sockets[0]!, aliased(0));
    await eventually(async () => ((await openSubscriptions(gateway)) === 1 ? true : undefined), 5000, 'the first subscription');
    // Copies of an accepted document share its execution, so they are accepted, on any socket.
    const copies = sockets.flatMap((socket) => Array.from({ length: 15 }, () => new Subscription<Payload>(socket, aliased(0))));
    const distinct = Array.from({ length: 98 }, (_, i) => new Subscription<Payload>(sockets[i % 2]!, aliased(i + 1)));
    const all = [first, ...copies, ...distinct];
    await eventually(
      async () =>
        (await openSubscriptions(gateway)) + all.filter((subscription) => subscription.ended).length === all.length ? true : undefined,
      10_000,
      'every subscription to be accepted or refused',
    );
    assert.ok(
      [first, ...copies].every((subscription) => subscription.ended === null),
      'a copy of an accepted subscription was refused',
    );
    const refused = distinct.filter((subscription) => subscription.ended);
    assert.ok(refused.length > 0, 'no distinct subscription was refused');
    for (const subscription of refused) {
      const [error] = refusal(subscription);
      assert.equal(error?.extensions?.code, 'RATE_LIMITED');
      assert.equal(error?.extensions?.limit, bound);
    }
    const accepted = all.filter((subscription) => !subscription.ended);

    const fetchesBefore = total(await metricsOf(gateway.url), 'subgraph_fetch_duration_seconds_count');
    await ada.client.data(CREATE_TASK, { p: adasProject, title: 'Fan-out', assignee: ivy.id });
    const results = await Promise.all(accepted.map((subscription) => subscription.nth(0)));
    const fetches = total(await metricsOf(gateway.url), 'subgraph_fetch_duration_seconds_count') - fetchesBefore;
    t.diagnostic(
      `${accepted.length} subscriptions accepted (${accepted.length - copies.length} distinct), ${refused.length} refused; the event cost ${fetches} subgraph fetches`,
    );
    assert.ok(
      results.every((result) => result.errors === undefined && result.data?.notificationAdded.task?.title === 'Fan-out'),
      JSON.stringify(results[0]),
    );
    assert.ok(fetches > 0, 'the event was not executed');
    assert.ok(fetches <= bound, `one event cost ${fetches} subgraph fetches for one user`);
  });
});

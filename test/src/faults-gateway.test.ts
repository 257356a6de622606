/**
 * Gateways as processes of their own, with clients subscribed to live notifications and
 * resuming after their last cursor: a gateway killed outright (SIGKILL) drops its clients, which
 * reconnect to another gateway and receive exactly what happened while they were away, then
 * what follows; a gateway stopped gracefully (SIGTERM) closes its sockets with a code clients
 * retry on, and they move on likewise. Every notification reaches every device once, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { comment, startTeam, storedNotifications, type Team } from './faults.js';
import { Subscription } from './live.js';
import { metricsOf, sample } from './metrics.js';
import { NOTIFICATIONS_AFTER } from './resume.js';
import { ServiceProcess } from './service-process.js';

const DEVICES = 3;

type NotificationAdded = { notificationAdded: { id: string; kind: string } };

/** Bob's device: a graphql-ws client that connects to the next gateway of the list on each (re)connection. */
interface Device {
  client: Client;
  subscription: Subscription<NotificationAdded>;
  /** Gateway URLs, one per connection made. */
  connectedTo: string[];
  /** Close codes, one per connection lost. */
  closes: { code: number; reason: string }[];
}

describe('a gateway dies while clients subscribe', () => {
  let stack: Stack;
  let team: Team;
  let gateways: ServiceProcess[] = [];
  const devices: Device[] = [];
  /** Held until the test lets the devices reconnect, so that events certainly happen while they are away. */
  let letReconnect: () => void = () => undefined;
  const reconnecting = new Promise<void>((resolve) => (letReconnect = resolve));

  before(async () => {
    stack = await startStack();
    const started = await Promise.allSettled([0, 1, 2].map(() => ServiceProcess.gateway(stack)));
    gateways = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    team = await startTeam(stack);
  });
  after(async () => {
    letReconnect();
    await Promise.all(devices.map((device) => device.client.dispose()));
    await Promise.all(gateways.map((gateway) => gateway.kill()));
    await stack?.stop();
  });

  const wsUrl = (gateway: ServiceProcess) => gateway.url.replace(/^http/, 'ws');

  function connectDevice(accessToken: string): void {
    let attempt = 0;
    const connectedTo: string[] = [];
    const closes: Device['closes'] = [];
    const client = createClient({
      url: () => wsUrl(gateways[attempt++ % gateways.length]!),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${accessToken}` },
      lazy: false,
      retryAttempts: 5,
      // Unreferenced: a device still waiting when the test ends must not keep the process alive.
      retryWait: () => Promise.race([reconnecting, delay(20_000, undefined, { ref: false })]),
      on: {
        connected: (socket) => connectedTo.push((socket as WebSocket).url),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: unknown };
          closes.push({ code, reason: String(reason) });
        },
      },
    });
    devices.push({
      client,
      connectedTo,
      closes,
      subscription: new Subscription<NotificationAdded>(client, NOTIFICATIONS_AFTER, {}, { resume: true }),
    });
  }

  /** Open subscriptions on a gateway, from its metrics. */
  const subscriptionsOn = async (gateway: ServiceProcess): Promise<number> =>
    sample(await metricsOf(gateway.url), 'live_subscriptions_open', { transport: 'websocket' }) ?? Number.NaN;
  const serving = (gateway: ServiceProcess, count: number, what: string) =>
    eventually(async () => ((await subscriptionsOn(gateway)) === count ? true : undefined), 10_000, what);
  /** The ids of the newest `count` notifications Bob has, oldest first. */
  const newest = async (via: GraphQLClient, count: number) =>
    (await storedNotifications(via)).nodes
      .slice(0, count)
      .map((node) => node.id)
      .reverse();
  const liveIds = (device: Device) => device.subscription.results.map((result) => result.data?.notificationAdded.id);
  const everyDevice = (what: string, done: (device: Device) => boolean) =>
    eventually(async () => (devices.every(done) ? true : undefined), 10_000, what).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message}: ${JSON.stringify(devices.map(({ connectedTo, closes, subscription }) => ({ connectedTo, closes, received: subscription.results.length })))}`,
      );
    });

  it('reconnects the clients of a killed gateway to another, which delivers what they missed, then what follows', async () => {
    const [first, second] = gateways as [ServiceProcess, ServiceProcess, ServiceProcess];
    const { ada, bob, taskId } = team;
    const adaViaSecond = new GraphQLClient(second.url, ada.accessToken);
    const bobViaSecond = new GraphQLClient(second.url, bob.accessToken);
    await eventually(
      async () => ((await storedNotifications(bobViaSecond)).totalCount === 2 ? true : undefined),
      10_000,
      'the member and assignment notifications',
    );
    const fromSetup = await newest(bobViaSecond, 2);

    for (let i = 0; i < DEVICES; i++) connectDevice(bob.accessToken);
    await everyDevice('every device connected to the first gateway', (device) => device.connectedTo.length === 1);
    assert.deepEqual(
      devices.map((device) => device.connectedTo),
      devices.map(() => [wsUrl(first)]),
    );
    await serving(first, DEVICES, 'the subscriptions open on the first gateway');

    await comment(adaViaSecond, taskId, 'before 1');
    await comment(adaViaSecond, taskId, 'before 2');
    await everyDevice('the notifications before the crash, live', (device) => device.subscription.results.length === 2);
    const beforeCrash = await newest(bobViaSecond, 2);
    for (const device of devices) assert.deepEqual(liveIds(device), beforeCrash);

    assert.deepEqual(await first.kill(), { code: null, signal: 'SIGKILL' });
    await everyDevice('every device to lose its connection', (device) => device.closes.length === 1);
    // Abnormal closure: nothing was said, the TCP connection just ended.
    for (const device of devices)
      assert.deepEqual(
        device.closes.map((close) => close.code),
        [1006],
      );

    for (let i = 1; i <= 3; i++) await comment(adaViaSecond, taskId, `while away ${i}`);
    await eventually(
      async () => ((await storedNotifications(bobViaSecond)).totalCount === 7 ? true : undefined),
      10_000,
      'the notifications made while away, stored',
    );
    const whileAway = await newest(bobViaSecond, 3);
    letReconnect();
    await everyDevice('every device reconnected to the second gateway', (device) => device.connectedTo.length === 2);
    for (const device of devices) assert.deepEqual(device.connectedTo, [wsUrl(first), wsUrl(second)]);
    await serving(second, DEVICES, 'the subscriptions open again on the second gateway');

    // Resumed after their last cursor: what happened while away comes first, then live.
    await everyDevice('the notifications made while away', (device) => device.subscription.results.length === 5);
    await comment(adaViaSecond, taskId, 'after 1');
    await comment(adaViaSecond, taskId, 'after 2');
    await everyDevice('the notifications after reconnecting, live', (device) => device.subscription.results.length === 7);
    const afterReconnect = await newest(bobViaSecond, 2);
    for (const device of devices) {
      assert.deepEqual(
        liveIds(device),
        [...beforeCrash, ...whileAway, ...afterReconnect],
        'before the crash, while away and after reconnecting: once each, in order',
      );
    }

    // Nothing but what happened before subscribing is left to catch up on with a query.
    const stored = await storedNotifications(bobViaSecond);
    assert.equal(stored.totalCount, 9);
    const seen = new Set(liveIds(devices[0]!));
    assert.deepEqual(
      stored.nodes.filter((node) => !seen.has(node.id)).map((node) => node.id),
      [...fromSetup].reverse(),
      'not heard live: only what happened before subscribing',
    );
  });

  // The devices of the test before, now on the second gateway.
  it('closes sockets with 1001 (going away) on SIGTERM, and the clients move to another gateway', async () => {
    const [, second, third] = gateways as [ServiceProcess, ServiceProcess, ServiceProcess];
    const { ada, bob, taskId } = team;
    const adaViaThird = new GraphQLClient(third.url, ada.accessToken);
    const received = devices.map((device) => device.subscription.results.length);

    assert.deepEqual(await second.stop(), { code: 0, signal: null }, 'a clean exit');
    // While the devices move: they catch up on it after reconnecting.
    await comment(adaViaThird, taskId, 'during the move');
    await everyDevice('every device told to go away', (device) => device.closes.length === 2);
    for (const device of devices) assert.deepEqual(device.closes[1], { code: 1001, reason: 'Going away' });
    await everyDevice('every device reconnected to the third gateway', (device) => device.connectedTo.length === 3);
    for (const device of devices) assert.equal(device.connectedTo[2], wsUrl(third));
    await serving(third, DEVICES, 'the subscriptions open on the third gateway');

    await comment(adaViaThird, taskId, 'after the graceful stop');
    await everyDevice(
      'the notifications of the move and after it',
      (device) => device.subscription.results.length === received[devices.indexOf(device)]! + 2,
    );
    // Every notification since subscribing, on every device, once each and in order.
    const stored = await storedNotifications(new GraphQLClient(third.url, bob.accessToken));
    const sinceSubscribing = stored.nodes
      .slice(0, stored.totalCount - 2)
      .map((node) => node.id)
      .reverse();
    for (const device of devices) assert.deepEqual(liveIds(device), sinceSubscribing);
  });
});

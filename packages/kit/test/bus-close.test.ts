import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connect } from 'nats';
import { pino } from 'pino';
import type { EventBusOptions } from '../src/events/bus.js';
import { EventBus } from '../src/index.js';
import { createTestEnvironment, eventually, type TestEnvironment } from '../src/testing.js';

const NATS_PORT = 4222;

/** How many sockets and timers are open: what a bus could leave keeping the process alive. */
const openResources = () => {
  const types = process.getActiveResourcesInfo();
  return { sockets: types.filter((type) => type === 'TCPSocketWrap').length, timers: types.filter((type) => type === 'Timeout').length };
};

/**
 * Waits until no more sockets and timers are open than before the bus (a closed connection's last
 * reconnect pause runs out within a second); what a leaked connection holds never goes.
 */
async function nothingLeftSince(baseline: ReturnType<typeof openResources>): Promise<void> {
  const within = () => {
    const now = openResources();
    return now.sockets <= baseline.sockets && now.timers <= baseline.timers ? true : undefined;
  };
  await eventually(async () => within(), 5000, 'the bus to let go').catch(() => {
    assert.fail(`left open: ${JSON.stringify(openResources())}, before the bus: ${JSON.stringify(baseline)}`);
  });
}

/** A TCP relay to the NATS server that can vanish, as the server does when it crashes: connections cut, nothing listening. */
async function vanishingNats(): Promise<{ url: string; vanish(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const relay = net.createServer((client) => {
    const upstream = net.connect(NATS_PORT, '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  if (address === null || typeof address === 'string') throw new Error('the relay listens on no TCP port');
  return {
    url: `nats://127.0.0.1:${address.port}`,
    async vanish() {
      const closed = new Promise((resolve) => relay.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe('a closed event bus leaves nothing that keeps the process alive', () => {
  let testEnv: TestEnvironment;
  before(async () => {
    testEnv = await createTestEnvironment();
  });
  after(async () => {
    await testEnv.cleanup();
  });

  const busOptions = (overrides: Partial<EventBusOptions> = {}): EventBusOptions => ({
    servers: [`nats://127.0.0.1:${NATS_PORT}`],
    stream: testEnv.env.EVENTS_STREAM!,
    subjectPrefix: testEnv.env.EVENTS_SUBJECT_PREFIX!,
    replicas: 1,
    maxDeliver: 3,
    retryBackoffMs: [20],
    name: 'bus-close-test',
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
  const consumer = (bus: EventBus, durable: string) => bus.consume({ durable, filter: 'user.registered', handle: async () => undefined });

  it('when closed while it is still connecting', async () => {
    const baseline = openResources();
    const bus = new EventBus(busOptions());
    consumer(bus, 'connecting');
    await bus.close();
    await nothingLeftSince(baseline);
  });

  it('when its stream could not be made, after several tries', async () => {
    // Another stream already holds the bus's subjects, so every try connects and is refused the stream.
    const prefix = `${testEnv.env.EVENTS_SUBJECT_PREFIX!}_taken`;
    const holder = `${testEnv.env.EVENTS_STREAM!}_HOLDER`;
    const nc = await connect({ servers: `nats://127.0.0.1:${NATS_PORT}` });
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: holder, subjects: [`${prefix}.>`] });
      const baseline = openResources();
      const bus = new EventBus(busOptions({ stream: `${testEnv.env.EVENTS_STREAM!}_TAKEN`, subjectPrefix: prefix }));
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const connected = bus.isConnected;
      await bus.close();
      assert.equal(connected, false, 'the stream was refused');
      await nothingLeftSince(baseline);
      await jsm.streams.delete(holder);
    } finally {
      await nc.close();
    }
  });

  it('when closed while its NATS server is gone', async () => {
    const baseline = openResources();
    const nats = await vanishingNats();
    const bus = new EventBus(busOptions({ servers: [nats.url] }));
    consumer(bus, 'orphaned');
    await bus.nats();
    await eventually(async () => (bus.isConnected ? true : undefined), 5000, 'the bus to connect');
    await nats.vanish();
    await eventually(async () => (bus.isConnected ? undefined : true), 5000, 'the bus to notice');
    await bus.close();
    assert.equal((await bus.nats()).isClosed(), true, 'the connection is closed, not left reconnecting');
    await nothingLeftSince(baseline);
  });
});

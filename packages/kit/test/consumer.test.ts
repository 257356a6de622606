import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deadLetterSubject, eventSubject } from '@taskgraph/contracts';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { createEvent, EventBus } from '../src/index.js';
import { createTestEnvironment, eventually, type TestEnvironment } from '../src/testing.js';

describe('a durable consumer', () => {
  let testEnv: TestEnvironment;
  let bus: EventBus;
  let nc: NatsConnection;
  before(async () => {
    testEnv = await createTestEnvironment();
    bus = new EventBus({
      servers: ['nats://127.0.0.1:4222'],
      stream: testEnv.env.EVENTS_STREAM!,
      subjectPrefix: testEnv.env.EVENTS_SUBJECT_PREFIX!,
      replicas: 1,
      maxDeliver: 3,
      retryBackoffMs: [20, 40],
      name: 'dead-letter-test',
      logger: pino({ level: 'silent' }),
    });
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
  });
  after(async () => {
    await bus.close();
    await nc.close();
    await testEnv.cleanup();
  });

  it('whose handler keeps failing is retried up to the delivery limit, then parks the event on the dead-letter subject', async () => {
    const prefix = testEnv.env.EVENTS_SUBJECT_PREFIX!;
    const deadLetters = nc.subscribe(deadLetterSubject(prefix, 'failing'), { max: 1 });
    let attempts = 0;
    bus.consume({
      durable: 'failing',
      filter: 'user.profile_updated',
      handle: async () => {
        attempts += 1;
        throw new Error('handler is broken');
      },
    });
    const event = createEvent('user.profile_updated', { userId: 'u1', displayName: 'X', avatarUrl: null }, null);
    await bus.publish(event);

    let parked: { data: Uint8Array; headers?: { get(key: string): string } } | undefined;
    for await (const message of deadLetters) parked = message;
    assert.ok(parked, 'a dead letter arrived');
    assert.equal(JSON.parse(new TextDecoder().decode(parked.data)).id, event.id);
    assert.equal(parked.headers?.get('Original-Subject'), eventSubject(prefix, 'user.profile_updated'));
    assert.equal(parked.headers?.get('Error'), 'handler is broken');
    assert.equal(attempts, 3, 'delivered exactly max-deliver times');

    const jsm = await nc.jetstreamManager();
    await eventually(
      async () => {
        const info = await jsm.consumers.info(testEnv.env.EVENTS_STREAM!, 'failing');
        return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
      },
      5000,
      'the consumer to let go of the event',
    );
    const stored = await jsm.streams.getMessage(testEnv.env.EVENTS_STREAM!, { last_by_subj: deadLetterSubject(prefix, 'failing') });
    assert.equal(JSON.parse(new TextDecoder().decode(stored.data)).id, event.id, 'the dead letter is kept in the stream');
  });

  it('that is ordered holds back the events after one that failed until it is handled', async () => {
    const handled: string[] = [];
    let failedOnce = false;
    bus.consume({
      durable: 'ordered',
      filter: 'project.updated',
      ordered: true,
      handle: async (event) => {
        if (event.type !== 'project.updated') throw new Error(`unexpected ${event.type}`);
        const { name } = event.data;
        if (name === 'first' && !failedOnce) {
          failedOnce = true;
          throw new Error('not yet');
        }
        handled.push(name);
      },
    });
    for (const name of ['first', 'second', 'third'])
      await bus.publish(createEvent('project.updated', { projectId: 'p1', name, description: null }, null));
    await eventually(async () => (handled.length === 3 ? true : undefined), 5000, 'every event handled');
    assert.deepEqual(handled, ['first', 'second', 'third'], 'the retried event was not overtaken');
  });

  it('holds an event while its dependency is unavailable, spending none of its deliveries', async () => {
    let attempts = 0;
    let unavailableChecks = 0;
    bus.consume({
      durable: 'held',
      filter: 'user.registered',
      // Down for the first two checks (more than max-deliver would allow in retries), then back.
      available: async () => ++unavailableChecks > 2,
      handle: async () => {
        attempts += 1;
        if (unavailableChecks <= 2) throw new Error('database unreachable');
      },
    });
    await bus.publish(createEvent('user.registered', { userId: 'u2', email: 'held@example.com', displayName: 'Held' }, null));
    const jsm = await nc.jetstreamManager();
    const info = await eventually(
      async () => {
        const current = await jsm.consumers.info(testEnv.env.EVENTS_STREAM!, 'held');
        return current.ack_floor.stream_seq > 0 && current.num_ack_pending === 0 ? current : undefined;
      },
      10_000,
      'the event to be handled',
    );
    assert.equal(attempts, 2, 'tried, held while down, tried once more when back');
    assert.equal(info.delivered.consumer_seq, 1, 'delivered once: no redelivery was spent');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { EventBus, createEvent, eventSubject } from '../src/index.js';
import { createTestEnvironment, eventually, type TestEnvironment } from '../src/testing.js';

describe('a consumer whose handler keeps failing', () => {
  let testEnv: TestEnvironment;
  let bus: EventBus;
  let nc: NatsConnection;
  before(async () => {
    testEnv = await createTestEnvironment();
    bus = new EventBus({
      url: 'nats://127.0.0.1:4222',
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

  it('is retried up to the delivery limit, then parks the event on the dead-letter subject', async () => {
    const prefix = testEnv.env.EVENTS_SUBJECT_PREFIX!;
    const deadLetters = nc.subscribe(eventSubject(prefix, 'deadletter.failing'), { max: 1 });
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
    await eventually(async () => {
      const info = await jsm.consumers.info(testEnv.env.EVENTS_STREAM!, 'failing');
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    }, 5000, 'the consumer to let go of the event');
    const stored = await jsm.streams.getMessage(testEnv.env.EVENTS_STREAM!, { last_by_subj: eventSubject(prefix, 'deadletter.failing') });
    assert.equal(JSON.parse(new TextDecoder().decode(stored.data)).id, event.id, 'the dead letter is kept in the stream');
  });
});

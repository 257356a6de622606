import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { connect, type Msg, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { OutboxRelay } from '../src/events/relay.js';
import { databaseSettings, EventBus, eventSettings, newId, ormOptions, readSettings, recordEvent } from '../src/index.js';
import { createTestEnvironment, type TestEnvironment } from '../src/testing.js';

/** Far longer than the test waits: an event that arrives was sent on by a wake, not by a poll. */
const POLL_MS = 60_000;
const WAKE_WAIT_MS = 5_000;

/** The user id of the next `user.registered` published, within WAKE_WAIT_MS. */
async function nextUserId(messages: AsyncIterator<Msg>): Promise<string> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no event was published in time')), WAKE_WAIT_MS).unref(),
  );
  const next = await Promise.race([messages.next(), timeout]);
  if (next.done) throw new Error('subscription closed');
  return (JSON.parse(new TextDecoder().decode(next.value.data)) as { data: { userId: string } }).data.userId;
}

describe('the outbox relay', () => {
  let testEnv: TestEnvironment;
  let orm: MikroORM;
  let bus: EventBus;
  let relay: OutboxRelay;
  let nc: NatsConnection;
  before(async () => {
    testEnv = await createTestEnvironment();
    const settings = readSettings({ ...databaseSettings, ...eventSettings }, testEnv.env);
    orm = await MikroORM.init(ormOptions(settings, { name: 'relay', entities: [], migrations: new URL('file:///no-migrations/') }));
    await orm.schema.ensureDatabase();
    await orm.schema.createSchema();
    const logger = pino({ level: 'silent' });
    bus = EventBus.fromSettings(settings, 'relay-test', logger);
    await bus.nats();
    relay = new OutboxRelay(orm, bus, logger, { pollIntervalMs: POLL_MS });
    nc = await connect({ servers: settings.NATS_URL });
    relay.start();
  });
  after(async () => {
    await relay.stop();
    await bus.close();
    await nc.close();
    await orm.close();
    await testEnv.cleanup();
  });

  it('publishes what a transaction recorded as soon as it commits, not before, and what a plain flush wrote', async () => {
    const subscription = nc.subscribe(bus.subject('user.registered'));
    const messages = subscription[Symbol.asyncIterator]();
    const register = (em: MikroORM['em'], userId: string) =>
      recordEvent(em, 'user.registered', { userId, email: 'a@example.com', displayName: 'A' }, null);

    // Each commit comes while the relay idles, or while it is still busy with the one before.
    for (let round = 0; round < 3; round++) {
      const userId = newId();
      await orm.em.fork().transactional(async (em) => register(em, userId));
      assert.equal(await nextUserId(messages), userId);
    }
    // Written and flushed a while before its commit: a relay woken by the flush would look too early, then wait for its poll.
    const slowId = newId();
    await orm.em.fork().transactional(async (em) => {
      register(em, slowId);
      await em.flush();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    assert.equal(await nextUserId(messages), slowId);
    const userId = newId();
    const em = orm.em.fork();
    register(em, userId);
    await em.flush();
    assert.equal(await nextUserId(messages), userId);
    subscription.unsubscribe();
  });
});

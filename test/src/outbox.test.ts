import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import { connect } from 'nats';
import { PrivateNatsServer } from './nats-server.js';
import { type AuthPayload, ME, newRegistration, REGISTER } from './operations.js';

describe('events wait in the outbox while NATS is down', () => {
  let nats: PrivateNatsServer;
  let stack: Stack;
  before(async () => {
    nats = await PrivateNatsServer.start();
    stack = await startStack({ NATS_URL: nats.url });
  });
  after(async () => {
    await stack.stop();
    await nats.stop();
  });

  const profileOf = async (id: string) =>
    (await queryDatabase<{ display_name: string }>(stack.env, 'users', 'select display_name from users where id = $1', [id]))[0];

  it('registers while NATS is down and delivers the profile event once it is back', async () => {
    await nats.pause();
    await eventually(async () => (stack.subgraphs.accounts.bus.isConnected ? undefined : true), 10_000, 'the bus to notice');

    const input = newRegistration('Offline');
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
    assert.equal(register.user.displayName, 'Offline', 'the response does not depend on the event');
    const waiting = await queryDatabase<{ n: number }>(
      stack.env,
      'accounts',
      "select count(*)::int as n from outbox_events where published_at is null and envelope->>'type' = 'user.registered'",
    );
    assert.equal(waiting[0]?.n, 1, 'the event waits in the outbox');
    assert.equal(await profileOf(register.user.id), undefined);

    await nats.resume();
    const profile = await eventually(() => profileOf(register.user.id), 20_000, 'the profile to arrive');
    assert.equal(profile.display_name, 'Offline');
    const { me } = await stack.client(register.accessToken).data<{ me: { displayName: string } }>(ME);
    assert.equal(me.displayName, 'Offline');
  });

  it('handles a redelivered event once', async () => {
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input: newRegistration('Once') });
    await eventually(() => profileOf(register.user.id), 10_000, 'the profile');
    const [row] = await queryDatabase<{ envelope: { id: string; data: Record<string, unknown> } }>(
      stack.env,
      'accounts',
      "select envelope from outbox_events where envelope->>'type' = 'user.registered' and envelope->'data'->>'userId' = $1",
      [register.user.id],
    );
    assert.ok(row);

    // The same event again, as after a crash between handling and ack (past JetStream's de-duplication).
    const nc = await connect({ servers: nats.url });
    const duplicate = { ...row.envelope, data: { ...row.envelope.data, displayName: 'Twice' } };
    await nc
      .jetstream()
      .publish(`${stack.env.EVENTS_SUBJECT_PREFIX}.user.registered`, JSON.stringify(duplicate), { msgID: `${row.envelope.id}-again` });
    const jsm = await nc.jetstreamManager();
    await eventually(
      async () => {
        const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, 'users');
        return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
      },
      10_000,
      'the users consumer to catch up',
    );
    await nc.close();

    assert.equal((await profileOf(register.user.id))?.display_name, 'Once');
    const processed = await queryDatabase<{ n: number }>(
      stack.env,
      'users',
      'select count(*)::int as n from processed_events where event_id = $1',
      [row.envelope.id],
    );
    assert.equal(processed[0]?.n, 1);
  });
});

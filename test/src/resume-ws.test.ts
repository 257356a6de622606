/** Resuming over graphql-ws: the missed events, then live, with `after` set to the last cursor. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, liveClient as gatewayLiveAt, type Stack, startStack } from '@taskgraph/stack';
import { connect } from 'nats';
import { comment, startTeam, type Team } from './faults.js';
import { endedWithErrors, gatewayLive, Subscription } from './live.js';
import { NOTIFICATIONS_AFTER, type OpenAs, resumeScenario } from './resume.js';

type Payload = { notificationAdded: { id: string; kind: string } };

describe('resuming a subscription over graphql-ws', () => {
  let stack: Stack;
  let team: Team;
  before(async () => {
    stack = await startStack();
    team = await startTeam(stack);
  });
  after(() => stack?.stop());

  const open: OpenAs = async (accessToken, cursor) => {
    const client = gatewayLive(stack, accessToken);
    const subscription = new Subscription<Payload>(client, NOTIFICATIONS_AFTER, cursor ? { after: cursor } : {});
    await eventually(
      async () => (stack.gateway.live.stream.openSubjects.includes('notification.created') ? true : undefined),
      5000,
      'listening',
    );
    return {
      ids: () => subscription.results.map((result) => result.data!.notificationAdded.id),
      lastCursor: () => subscription.results.at(-1)!.extensions!.cursor!,
      count: async (count, timeoutMs) => void (await subscription.nth(count - 1, timeoutMs)),
      close: async () => await client.dispose(),
    };
  };

  it('delivers exactly the missed notifications, in order, then live ones', () => resumeScenario(stack, team, open));

  it('refuses a tampered or foreign cursor with BAD_USER_INPUT, and one older than the stream keeps with CURSOR_EXPIRED', async () => {
    const { ada, bob, taskId, projectId } = team;
    const probe = await open(bob.accessToken, undefined);
    await comment(new GraphQLClient(stack.gateway.url, ada.accessToken), taskId, 'a cursor');
    await probe.count(1);
    const cursor = probe.lastCursor();
    await probe.close();
    const client = gatewayLive(stack, bob.accessToken);
    const refusal = async (query: string, variables: Record<string, unknown>) =>
      (await endedWithErrors(new Subscription(client, query, variables))).map((error) => error.extensions?.code);

    const [body, mac] = cursor.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ v: 1, seq: 1, feed: 'notificationAdded' })).toString('base64url');
    for (const tampered of [`${body}x.${mac}`, `${forged}.${mac}`, 'not a cursor', `${body}.`, ''])
      assert.deepEqual(await refusal(NOTIFICATIONS_AFTER, { after: tampered }), ['BAD_USER_INPUT'], tampered);
    assert.deepEqual(
      await refusal(`subscription($p: ID!, $after: String) { taskChanged(projectId: $p, after: $after) { kind } }`, {
        p: projectId,
        after: cursor,
      }),
      ['BAD_USER_INPUT'],
      'a cursor of another subscription',
    );

    // A replica that replays at most one event: this cursor is two behind.
    const strict = await stack.startGateway({ LIVE_REPLAY_MAX_EVENTS: '1' });
    await comment(new GraphQLClient(stack.gateway.url, ada.accessToken), taskId, 'one more');
    const { seq } = JSON.parse(Buffer.from(body, 'base64url').toString()) as { seq: number };
    await eventually(async () => (strict.live.stream.position >= seq + 2 ? true : undefined), 5000, 'two more events');
    const viaStrict = gatewayLiveAt(strict.url, bob.accessToken);
    assert.deepEqual(
      (await endedWithErrors(new Subscription(viaStrict, NOTIFICATIONS_AFTER, { after: cursor }))).map((error) => error.extensions?.code),
      ['CURSOR_EXPIRED'],
      'more to replay than the replica allows',
    );
    await viaStrict.dispose();

    // The stream no longer holds what follows the cursor.
    const nc = await connect({ servers: stack.env.NATS_URL! });
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(stack.env.EVENTS_STREAM!);
    await jsm.streams.purge(stack.env.EVENTS_STREAM!, { seq: state.last_seq + 1 });
    await nc.close();
    assert.deepEqual(await refusal(NOTIFICATIONS_AFTER, { after: cursor }), ['CURSOR_EXPIRED']);
    await client.dispose();
  });
});

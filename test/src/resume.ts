/**
 * The resume scenario every transport must pass: a subscriber hears some events, goes away,
 * misses some, and resumes with its last cursor: exactly the missed events, in order, then the
 * live ones, each once.
 */
import assert from 'node:assert/strict';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, type Stack } from '@taskgraph/stack';
import { connect } from 'nats';
import { comment, storedNotifications, type Team } from './faults.js';

export const NOTIFICATIONS_AFTER = `subscription($after: String) { notificationAdded(after: $after) { id kind } }`;

/** A subscription over some transport: what it received so far, with each result's cursor. */
export interface Received {
  ids(): string[];
  lastCursor(): string;
  /** Waits until `count` results have come. */
  count(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens `notificationAdded(after)` as Bob over one transport. */
export type OpenAs = (accessToken: string, after: string | undefined) => Promise<Received>;

/** The ids of Bob's newest `count` notifications, oldest first, once there are `total`. */
async function newest(stack: Stack, team: Team, total: number, count: number): Promise<string[]> {
  const bob = new GraphQLClient(stack.gateway.url, team.bob.accessToken);
  const stored = await eventually(
    async () => {
      const found = await storedNotifications(bob);
      return found.totalCount === total ? found : undefined;
    },
    10_000,
    `${total} notifications stored`,
  );
  return stored.nodes
    .slice(0, count)
    .map((node) => node.id)
    .reverse();
}

/** Run on a new team: Bob has the two notifications of joining and being assigned, and then those of the scenario. */
export async function resumeScenario(stack: Stack, team: Team, open: OpenAs): Promise<void> {
  const { ada, bob, taskId } = team;
  const adas = new GraphQLClient(stack.gateway.url, ada.accessToken);
  const base = 2;
  await newest(stack, team, base, 0);

  const first = await open(bob.accessToken, undefined);
  await comment(adas, taskId, 'before 1');
  await comment(adas, taskId, 'before 2');
  await first.count(2);
  assert.deepEqual(first.ids(), await newest(stack, team, base + 2, 2), 'live before going away');
  const cursor = first.lastCursor();
  await first.close();

  for (let i = 1; i <= 3; i++) await comment(adas, taskId, `while away ${i}`);
  const missed = await newest(stack, team, base + 5, 3);

  const second = await open(bob.accessToken, cursor);
  await second.count(3);
  assert.deepEqual(second.ids(), missed, 'exactly the missed notifications, in order');
  await comment(adas, taskId, 'after 1');
  await comment(adas, taskId, 'after 2');
  await second.count(5);
  const live = await newest(stack, team, base + 7, 2);
  assert.deepEqual(second.ids(), [...missed, ...live], 'then the live ones, each once');
  // Nothing more trickles in: no duplicate of a replayed event after the handover.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(second.ids().length, 5);
  await second.close();
}

/** The error codes a subscription is refused with, over one transport, at the gateway at `url`. */
export type RefusalOf = (
  url: string,
  accessToken: string,
  query: string,
  variables: Record<string, unknown>,
) => Promise<(string | undefined)[]>;

/**
 * A tampered or foreign cursor, or another subscription's, is BAD_USER_INPUT; one further behind
 * than a replica replays, or older than the stream keeps, is CURSOR_EXPIRED. Run last: it purges
 * the stream.
 */
export async function cursorRefusals(stack: Stack, team: Team, open: OpenAs, refusal: RefusalOf): Promise<void> {
  const { ada, bob, taskId, projectId } = team;
  const url = stack.gateway.url;
  const probe = await open(bob.accessToken, undefined);
  await comment(new GraphQLClient(url, ada.accessToken), taskId, 'a cursor');
  await probe.count(1);
  const cursor = probe.lastCursor();
  await probe.close();

  const [body, mac] = cursor.split('.') as [string, string];
  const forged = Buffer.from(JSON.stringify({ v: 1, seq: 1, feed: 'notificationAdded' })).toString('base64url');
  for (const tampered of [`${body}x.${mac}`, `${forged}.${mac}`, 'not a cursor', `${body}.`, ''])
    assert.deepEqual(await refusal(url, bob.accessToken, NOTIFICATIONS_AFTER, { after: tampered }), ['BAD_USER_INPUT'], tampered);
  assert.deepEqual(
    await refusal(url, bob.accessToken, `subscription($p: ID!, $after: String) { taskChanged(projectId: $p, after: $after) { kind } }`, {
      p: projectId,
      after: cursor,
    }),
    ['BAD_USER_INPUT'],
    'a cursor of another subscription',
  );

  // A replica that replays at most one event: this cursor is two behind.
  const strict = await stack.startGateway({ LIVE_REPLAY_MAX_EVENTS: '1' });
  await comment(new GraphQLClient(url, ada.accessToken), taskId, 'one more');
  const { seq } = JSON.parse(Buffer.from(body, 'base64url').toString()) as { seq: number };
  await eventually(async () => (strict.live.stream.position >= seq + 2 ? true : undefined), 5000, 'two more events');
  assert.deepEqual(
    await refusal(strict.url, bob.accessToken, NOTIFICATIONS_AFTER, { after: cursor }),
    ['CURSOR_EXPIRED'],
    'more to replay than the replica allows',
  );

  // The stream no longer holds what follows the cursor.
  const nc = await connect({ servers: stack.env.NATS_URL! });
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info(stack.env.EVENTS_STREAM!);
  await jsm.streams.purge(stack.env.EVENTS_STREAM!, { seq: state.last_seq + 1 });
  await nc.close();
  assert.deepEqual(await refusal(url, bob.accessToken, NOTIFICATIONS_AFTER, { after: cursor }), ['CURSOR_EXPIRED']);
}

/**
 * Access tokens that live 5 seconds, and a subscriber who keeps one subscription open for over
 * half a minute: each time its token expires the gateway closes the socket with a code the
 * client retries, the client reconnects with a fresh token from its connectionParams callback
 * and resubscribes after its last cursor, and not one notification is lost or repeated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sleep } from '@taskgraph/kit';
import { eventually } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { comment } from './faults.js';
import { Subscription } from './live.js';
import { commentedFor, renewalTeam } from './renewing-session.js';
import { NOTIFICATIONS_AFTER } from './resume.js';

const TTL_SECONDS = 5;
const RUN_MS = 35_000;
const PACE_MS = 700;

describe('a subscriber whose access token expires every few seconds', () => {
  let stack: Stack;
  let client: Client | undefined;
  before(async () => {
    stack = await startStack({ ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) });
  });
  after(async () => {
    await client?.dispose();
    await stack?.stop();
  });

  it(`keeps receiving for ${RUN_MS / 1000} s, renewing its token, with nothing lost or repeated`, async () => {
    const { ada, bob, taskId } = await renewalTeam(stack);

    const closes: number[] = [];
    client = createClient({
      url: stack.gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      // Called on every connection: the token is fresh each time.
      connectionParams: async () => ({ authorization: `Bearer ${await bob.accessToken()}` }),
      lazy: false,
      retryAttempts: Number.POSITIVE_INFINITY,
      retryWait: () => sleep(50),
      on: { closed: (event) => closes.push((event as { code: number }).code) },
    });
    const bobs = new Subscription<{ notificationAdded: { id: string } }>(client, NOTIFICATIONS_AFTER, {}, { resume: true });
    await eventually(
      async () => (stack.gateway.live.stream.openSubjects.includes('notification.created') ? true : undefined),
      5000,
      'the subscription',
    );

    const until = Date.now() + RUN_MS;
    let comments = 0;
    while (Date.now() < until) {
      await comment(await ada.client(), taskId, `comment ${comments++}`);
      await sleep(PACE_MS);
    }

    const commented = await commentedFor(stack, bob, comments);
    const live = () =>
      bobs.results.map((result) => result.data?.notificationAdded.id).filter((id): id is string => !!id && commented.includes(id));
    await eventually(async () => (live().length >= comments ? true : undefined), 15_000, 'every notification, live').catch(
      (error: unknown) => {
        throw new Error(`${(error as Error).message}: ${live().length} of ${comments}, closes ${closes.join(',')}`);
      },
    );
    assert.deepEqual(live(), commented, 'every notification once, in order');
    assert.equal(bobs.ended, null, 'the subscription never ended');
    const expiries = closes.filter((code) => code === 4419).length;
    assert.ok(expiries >= Math.floor(RUN_MS / 1000 / TTL_SECONDS) - 1, `closed for expiry ${expiries} times: ${closes.join(',')}`);
    assert.deepEqual(
      closes.filter((code) => code !== 4419),
      [],
      'closed for nothing else',
    );
  });
});

/**
 * Access tokens that live 5 seconds, and two subscribers over SSE that keep one subscription
 * each open for 25 s: graphql-sse's client (a fresh token from its headers callback, the last
 * cursor in `after`) and a browser-style EventSource (a fresh token on each connection, the last
 * event's id sent back as Last-Event-ID). Each time a token expires the gateway ends the stream
 * without `complete`, which both reconnect from by themselves; not one notification is lost or
 * repeated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sleep } from '@taskgraph/kit';
import { eventually } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import { comment } from './faults.js';
import { eventSource, type Opened, sseSubscribe, sseUrl } from './http-live.js';
import { commentedFor, renewalTeam } from './renewing-session.js';
import { NOTIFICATIONS_AFTER } from './resume.js';

const TTL_SECONDS = 5;
const RUN_MS = 25_000;
const PACE_MS = 700;

type Payload = { notificationAdded: { id: string } };

describe('subscribers over SSE whose access token expires every few seconds', () => {
  let stack: Stack;
  const opened: Opened<Payload>[] = [];
  before(async () => {
    stack = await startStack({ ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) });
  });
  after(async () => {
    for (const subscription of opened) subscription.close();
    await stack?.stop();
  });

  it(`keep receiving for ${RUN_MS / 1000} s, reconnecting with a fresh token, with nothing lost or repeated`, async () => {
    const { ada, bob, taskId } = await renewalTeam(stack);
    const token = () => bob.accessToken();
    const viaClient = sseSubscribe<Payload>(stack.gateway.url, token, NOTIFICATIONS_AFTER, {}, { resume: true });
    const viaSource = eventSource<Payload>(sseUrl(stack.gateway.url, NOTIFICATIONS_AFTER), token);
    opened.push(viaClient, viaSource);
    await Promise.all([viaClient.connected, viaSource.connected]);

    const until = Date.now() + RUN_MS;
    let comments = 0;
    while (Date.now() < until) {
      await comment(await ada.client(), taskId, `comment ${comments++}`);
      await sleep(PACE_MS);
    }

    const commented = await commentedFor(stack, bob, comments);
    const reconnections = Math.floor(RUN_MS / 1000 / TTL_SECONDS) - 1;
    for (const [name, subscription] of [
      ['graphql-sse', viaClient],
      ['EventSource', viaSource],
    ] as const) {
      // The assignment's notification may come first, when the subscription started before it was made.
      const ids = () =>
        subscription.results
          .map((result) => result.data?.notificationAdded.id)
          .filter((id): id is string => !!id && commented.includes(id));
      // An EventSource waits 3 s before it reconnects.
      await eventually(async () => (ids().length >= comments ? true : undefined), 15_000, `every notification over ${name}`).catch(
        (error: unknown) => {
          throw new Error(`${(error as Error).message}: ${ids().length} of ${comments}, ${subscription.connections} connections`);
        },
      );
      assert.deepEqual(ids(), commented, `every notification once, in order, over ${name}`);
      assert.equal(subscription.ended, null, `the subscription over ${name} never ended`);
      assert.deepEqual(subscription.statuses, [], `no connection of ${name} was refused`);
      assert.ok(subscription.connections > reconnections, `${name} reconnected on expiry: ${subscription.connections} connections`);
    }
    // The EventSource resumed from the id of the last event it had, every time.
    assert.ok(viaSource.lastEventIds.slice(1).every((id) => id !== null && viaSource.eventIds.includes(id)));
  });
});

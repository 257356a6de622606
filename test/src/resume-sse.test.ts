/**
 * Subscriptions over Server-Sent Events (graphql-sse's distinct connections mode): resuming
 * with `after` (graphql-sse's client) and with Last-Event-ID (a browser-style EventSource), the
 * refusals, and a revoked session.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { comment, startTeam, type Team } from './faults.js';
import { eventSource, type Opened, sseSubscribe, sseUrl } from './http-live.js';
import { metricsOf, sample } from './metrics.js';
import { type AuthPayload, LOGIN, newRegistration } from './operations.js';
import { cursorRefusals, NOTIFICATIONS_AFTER, type OpenAs, type Received, resumeScenario } from './resume.js';
import { signUp } from './users.js';

type Payload = { notificationAdded: { id: string; kind: string } };

/** What a scenario reads of a subscription over SSE, checking on the way that every event's `id` is its cursor. */
async function received(subscription: Opened<Payload>, withEventIds: boolean): Promise<Received> {
  await subscription.connected;
  return {
    ids: () => subscription.results.map((result) => result.data!.notificationAdded.id),
    lastCursor: () => subscription.results.at(-1)!.extensions!.cursor!,
    count: async (count, timeoutMs) => {
      await subscription.nth(count - 1, timeoutMs);
      if (withEventIds)
        assert.deepEqual(
          subscription.eventIds,
          subscription.results.map((result) => result.extensions?.cursor),
          'each event id is its cursor',
        );
    },
    close: async () => subscription.close(),
  };
}

/** The codes of the errors a refused subscription's one result holds; the stream then completes. */
async function refusedWith(subscription: Opened<unknown>): Promise<(string | undefined)[]> {
  assert.equal(await subscription.whenEnded(), 'complete', 'a refusal completes the stream');
  assert.equal(subscription.results.length, 1);
  return (subscription.results[0]!.errors ?? []).map((error) => error.extensions?.code);
}

describe('subscriptions over SSE', () => {
  let stack: Stack;
  let team: Team;
  before(async () => {
    stack = await startStack();
    team = await startTeam(stack);
  });
  after(() => stack?.stop());

  /** Waits until the gateway's metrics count this many SSE streams and subscriptions. */
  const openOverSse = (count: number) =>
    eventually(
      async () => {
        const metrics = await metricsOf(stack.gateway.url);
        return sample(metrics, 'live_subscriptions_open', { transport: 'sse' }) === count &&
          sample(metrics, 'live_connections_open', { transport: 'sse' }) === count
          ? true
          : undefined;
      },
      10_000,
      `${count} open over SSE`,
    );

  const withAfter: OpenAs = (accessToken, cursor) =>
    received(
      sseSubscribe<Payload>(stack.gateway.url, () => accessToken, NOTIFICATIONS_AFTER, cursor ? { after: cursor } : {}),
      false,
    );
  const withLastEventId: OpenAs = (accessToken, cursor) =>
    received(
      eventSource<Payload>(sseUrl(stack.gateway.url, NOTIFICATIONS_AFTER), () => accessToken, { lastEventId: cursor }),
      true,
    );

  it("with graphql-sse's client: exactly the missed notifications after `after`, in order, then live ones", () =>
    resumeScenario(stack, team, withAfter));

  it('with an EventSource: exactly the missed notifications after Last-Event-ID, in order, then live ones', async () =>
    resumeScenario(stack, await startTeam(stack), withLastEventId));

  it("Last-Event-ID stands for the URL's `after`: a reconnecting EventSource goes on from what it last received", async () => {
    const { ada, bob, taskId } = team;
    const adas = new GraphQLClient(stack.gateway.url, ada.accessToken);
    const probe = await withAfter(bob.accessToken, undefined);
    await comment(adas, taskId, 'first');
    await probe.count(1);
    const first = probe.lastCursor();
    await comment(adas, taskId, 'second');
    await probe.count(2);
    const [, secondId] = probe.ids();
    const second = probe.lastCursor();
    await comment(adas, taskId, 'third');
    await probe.count(3);
    const [, , thirdId] = probe.ids();
    await probe.close();

    const source = eventSource<Payload>(sseUrl(stack.gateway.url, NOTIFICATIONS_AFTER, { after: first }), () => bob.accessToken, {
      lastEventId: second,
    });
    await source.nth(0);
    assert.equal(source.results[0]!.data?.notificationAdded.id, thirdId, 'after Last-Event-ID, not after the older `after`');
    assert.notEqual(secondId, thirdId);
    source.close();
    // A client that goes away takes its subscription with it.
    await openOverSse(0);
  });

  it('refuses without a token (401) and a query over SSE (406), before any stream', async () => {
    const post = (headers: Record<string, string>, query: string) =>
      fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query }),
      });
    const anonymous = await post({}, NOTIFICATIONS_AFTER);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
    const { errors } = (await anonymous.json()) as { errors: { extensions: { code: string; reason: string } }[] };
    assert.deepEqual(
      errors.map((error) => [error.extensions.code, error.extensions.reason]),
      [['UNAUTHENTICATED', 'LOGIN_REQUIRED']],
    );
    const badToken = await post({ authorization: 'Bearer not.a.token' }, NOTIFICATIONS_AFTER);
    assert.equal(badToken.status, 401);

    // A browser's EventSource stops at a refusal: it does not retry a 401.
    const source = eventSource(sseUrl(stack.gateway.url, NOTIFICATIONS_AFTER), () => 'not.a.token');
    assert.ok((await source.whenEnded()) instanceof Error);
    assert.deepEqual(source.statuses, [401]);
    assert.equal(source.connections, 1);

    const query = await post({ authorization: `Bearer ${team.bob.accessToken}` }, '{ me { id } }');
    assert.equal(query.status, 406);
    const refused = (await query.json()) as { errors: { message: string; extensions: { code: string } }[] };
    assert.equal(refused.errors[0]!.extensions.code, 'BAD_REQUEST');
  });

  it('refuses bad input on the stream, as the protocol asks: one result with the errors, then complete', async () => {
    const refusal = (query: string) =>
      refusedWith(sseSubscribe(stack.gateway.url, () => team.bob.accessToken, query, { p: team.projectId }));
    assert.deepEqual(await refusal('subscription { notificationAdded { nope } }'), ['GRAPHQL_VALIDATION_FAILED']);
    assert.deepEqual(await refusal('subscription {'), ['GRAPHQL_PARSE_FAILED']);
    const outsider = await signUp(stack, 'Eve');
    assert.deepEqual(
      await refusedWith(
        sseSubscribe(stack.gateway.url, () => outsider.accessToken, 'subscription($p: ID!) { taskChanged(projectId: $p) { kind } }', {
          p: team.projectId,
        }),
      ),
      ['FORBIDDEN'],
    );
    // A foreign Last-Event-ID is refused as a foreign `after` is.
    const source = eventSource(sseUrl(stack.gateway.url, NOTIFICATIONS_AFTER), () => team.bob.accessToken, { lastEventId: 'not a cursor' });
    assert.equal(await source.whenEnded(), 'complete');
    assert.deepEqual(
      source.results.map((result) => result.errors?.map((error) => error.extensions?.code)),
      [['BAD_USER_INPUT']],
    );
  });

  it('ends the stream of a revoked session with SESSION_REVOKED, and its clients do not come back', async () => {
    const { bob } = team;
    const { login } = await stack
      .client()
      .data<{ login: AuthPayload }>(LOGIN, { input: { email: bob.email, password: newRegistration().password } });
    const viaClient = sseSubscribe(stack.gateway.url, () => login.accessToken, NOTIFICATIONS_AFTER);
    const viaSource = eventSource(sseUrl(stack.gateway.url, NOTIFICATIONS_AFTER), () => login.accessToken);
    await Promise.all([viaClient.connected, viaSource.connected]);
    await openOverSse(2);
    await stack.client().data('mutation($t: String!) { logout(refreshToken: $t) }', { t: login.refreshToken });
    assert.equal(await viaClient.whenEnded(), 'complete');
    assert.deepEqual(
      viaClient.results.map((result) => result.errors?.map((error) => [error.extensions?.code, error.extensions?.reason])),
      [[['UNAUTHENTICATED', 'SESSION_REVOKED']]],
    );
    assert.equal(viaClient.connections, 1, 'not reconnected');
    assert.equal(await viaSource.whenEnded(), 'complete');
    assert.equal(viaSource.connections, 1, 'not reconnected');
    await openOverSse(0);
  });

  it('refuses a tampered or foreign cursor with BAD_USER_INPUT, and one older than the stream keeps with CURSOR_EXPIRED', () =>
    cursorRefusals(stack, team, withAfter, (url, accessToken, query, variables) =>
      refusedWith(sseSubscribe(url, () => accessToken, query, variables)),
    ));
});

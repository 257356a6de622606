/**
 * Subscriptions over multipart HTTP (Apollo's protocol): resuming with `after` through Apollo
 * Client's HttpLink, the parts and heartbeats as sent, the refusals, a revoked session, and
 * subscriptions sent where no stream can carry them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { comment, startTeam, type Team } from './faults.js';
import { apolloSubscribe, MultipartResponse } from './http-live.js';
import { metricsOf, sample } from './metrics.js';
import { type AuthPayload, LOGIN, newRegistration } from './operations.js';
import { cursorRefusals, NOTIFICATIONS_AFTER, type OpenAs, resumeScenario } from './resume.js';

type Payload = { notificationAdded: { id: string; kind: string } };
type ErrorJson = { message: string; extensions?: { code?: string; reason?: string } };
type PartJson = { payload?: { data?: Payload; extensions?: { cursor?: string } } | null; errors?: ErrorJson[] };

const codes = (errors: ErrorJson[] | undefined) => (errors ?? []).map((error) => error.extensions?.code);

/** The errors of the one `{"payload": null, "errors"}` part a refused subscription gets, after which the response ends with the final boundary. */
async function refusal(response: MultipartResponse): Promise<ErrorJson[]> {
  await response.read;
  assert.equal(response.response.status, 200);
  assert.ok(response.finished, 'the final boundary');
  const [part, ...rest] = response.payloads();
  assert.deepEqual(rest, []);
  const json = part!.json as PartJson;
  assert.equal(json.payload, null);
  return json.errors ?? [];
}

describe('subscriptions over multipart HTTP', () => {
  let stack: Stack;
  let team: Team;
  before(async () => {
    stack = await startStack();
    team = await startTeam(stack);
  });
  after(() => stack?.stop());

  const withApollo: OpenAs = async (accessToken, cursor) => {
    const subscription = apolloSubscribe<Payload>(
      stack.gateway.url,
      () => accessToken,
      NOTIFICATIONS_AFTER,
      cursor ? { after: cursor } : {},
    );
    await subscription.connected;
    return {
      ids: () => subscription.results.map((result) => result.data!.notificationAdded.id),
      lastCursor: () => subscription.results.at(-1)!.extensions!.cursor!,
      count: async (count, timeoutMs) => void (await subscription.nth(count - 1, timeoutMs)),
      close: async () => subscription.close(),
    };
  };

  it("with Apollo Client's HttpLink: exactly the missed notifications after `after`, in order, then live ones", () =>
    resumeScenario(stack, team, withApollo));

  it('sends each result as a JSON part {"payload"}, with its cursor, and a heartbeat {} part every 5 seconds', async () => {
    const { ada, bob, taskId } = team;
    const response = await MultipartResponse.post(
      stack.gateway.url,
      { query: NOTIFICATIONS_AFTER },
      { authorization: `Bearer ${bob.accessToken}` },
    );
    assert.equal(response.response.status, 200);
    assert.equal(response.response.headers.get('content-type'), 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    await comment(new GraphQLClient(stack.gateway.url, ada.accessToken), taskId, 'in parts');
    await eventually(async () => (response.payloads().length ? true : undefined), 10_000, 'a result');
    const [result] = response.payloads();
    assert.equal(result!.headers.toLowerCase(), 'content-type: application/json; charset=utf-8');
    const { payload } = result!.json as PartJson;
    assert.equal(payload?.data?.notificationAdded.kind, 'TASK_COMMENTED');
    assert.match(payload?.extensions?.cursor ?? '', /^[\w-]+\.[\w-]+$/);
    // One heartbeat as the stream opens, then one every 5 s.
    const heartbeats = () => response.parts.filter((part) => JSON.stringify(part.json) === '{}').length;
    await eventually(async () => (heartbeats() >= 2 ? true : undefined), 15_000, 'a heartbeat after the first');
    assert.equal(response.finished, false);
    response.close();
  });

  it('refuses without a token with 401, and bad input as a last part {"payload": null, "errors"}', async () => {
    const anonymous = await MultipartResponse.post(stack.gateway.url, { query: NOTIFICATIONS_AFTER }, {});
    assert.equal(anonymous.response.status, 401);
    const { errors } = (await anonymous.response.json()) as { errors: ErrorJson[] };
    assert.deepEqual(codes(errors), ['UNAUTHENTICATED']);
    const expired = await MultipartResponse.post(stack.gateway.url, { query: NOTIFICATIONS_AFTER }, { authorization: 'Bearer a.b.c' });
    assert.equal(expired.response.status, 401);
    await expired.response.body?.cancel();

    const bob = { authorization: `Bearer ${team.bob.accessToken}` };
    const refused = async (body: unknown) => codes(await refusal(await MultipartResponse.post(stack.gateway.url, body, bob)));
    assert.deepEqual(await refused({ query: 'subscription { notificationAdded { nope } }' }), ['GRAPHQL_VALIDATION_FAILED']);
    assert.deepEqual(await refused({ query: 'subscription($p: ID!) { taskChanged(projectId: $p) { kind } }', variables: { p: 'x' } }), [
      'BAD_USER_INPUT',
    ]);
  });

  it('serves a query sent with the multipart accept header as any query', async () => {
    const response = await MultipartResponse.post(
      stack.gateway.url,
      { query: '{ me { id } }' },
      { authorization: `Bearer ${team.bob.accessToken}` },
    );
    assert.equal(response.response.status, 200);
    assert.deepEqual(await response.response.json(), { data: { me: { id: team.bob.id } } });
  });

  it('refuses a subscription sent as plain JSON, or by GET without text/event-stream, with 406 naming the transports', async () => {
    const headers = { authorization: `Bearer ${team.bob.accessToken}` };
    const viaPost = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: NOTIFICATIONS_AFTER }),
    });
    const url = new URL(stack.gateway.url);
    url.searchParams.set('query', NOTIFICATIONS_AFTER);
    const viaGet = await fetch(url, { headers: { ...headers, accept: 'application/json', 'apollo-require-preflight': 'true' } });
    for (const response of [viaPost, viaGet]) {
      assert.equal(response.status, 406);
      const { errors } = (await response.json()) as { errors: ErrorJson[] };
      assert.deepEqual(codes(errors), ['BAD_REQUEST']);
      assert.match(errors[0]!.message, /text\/event-stream.*multipart\/mixed;subscriptionSpec/);
    }
  });

  it('ends the stream of a revoked session with a last part SESSION_REVOKED; Apollo Client ends the subscription with it', async () => {
    const { login } = await stack
      .client()
      .data<{ login: AuthPayload }>(LOGIN, { input: { email: team.bob.email, password: newRegistration().password } });
    const raw = await MultipartResponse.post(
      stack.gateway.url,
      { query: NOTIFICATIONS_AFTER },
      { authorization: `Bearer ${login.accessToken}` },
    );
    const viaApollo = apolloSubscribe(stack.gateway.url, () => login.accessToken, NOTIFICATIONS_AFTER);
    await viaApollo.connected;
    const openOverMultipart = (count: number) =>
      eventually(
        async () =>
          sample(await metricsOf(stack.gateway.url), 'live_subscriptions_open', { transport: 'multipart' }) === count ? true : undefined,
        10_000,
        `${count} open over multipart`,
      );
    await openOverMultipart(2);
    await stack.client().data('mutation($t: String!) { logout(refreshToken: $t) }', { t: login.refreshToken });
    assert.deepEqual(
      (await refusal(raw)).map((error) => [error.extensions?.code, error.extensions?.reason]),
      [['UNAUTHENTICATED', 'SESSION_REVOKED']],
    );
    const ended = await viaApollo.whenEnded();
    assert.ok(ended instanceof Error);
    assert.match(ended.message, /signed out/);
    await openOverMultipart(0);
  });

  it('refuses a tampered or foreign cursor with BAD_USER_INPUT, and one older than the stream keeps with CURSOR_EXPIRED', () =>
    cursorRefusals(stack, team, withApollo, async (url, accessToken, query, variables) =>
      codes(await refusal(await MultipartResponse.post(url, { query, variables }, { authorization: `Bearer ${accessToken}` }))),
    ));
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, liveClient, type Stack, startStack } from '@taskgraph/stack';
import { Subscription } from './live.js';
import { type AuthPayload, LOGIN, newRegistration, REFRESH, REGISTER } from './operations.js';

const WHO = '{ me { id } }';
const LOGOUT = 'mutation($t: String!) { logout(refreshToken: $t) }';
/** Short, so that a test can wait it out. */
const GRACE_SECONDS = 2;
const CHANGE_PASSWORD = 'mutation($old: String!, $new: String!) { changePassword(currentPassword: $old, newPassword: $new) }';

describe('ending a session is in force when the mutation returns', () => {
  let stack: Stack;
  let other: RunningGateway;
  before(async () => {
    stack = await startStack({ REFRESH_REUSE_GRACE_SECONDS: String(GRACE_SECONDS) });
    other = await stack.startGateway();
  });
  after(() => stack.stop());

  const register = async () => {
    const input = newRegistration('Sam');
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
    return { input, session: register };
  };
  const login = async (email: string, password: string) =>
    (await stack.client().data<{ login: AuthPayload }>(LOGIN, { input: { email, password } })).login;

  /** Refused with SESSION_REVOKED by both gateway replicas (401) and by a subgraph asked directly. */
  const assertRevoked = async (accessToken: string, gateways: { url: string }[] = [stack.gateway, other]) => {
    for (const { url } of [...gateways, stack.subgraphs.users]) {
      const result = await new GraphQLClient(url, accessToken).request(WHO);
      assert.equal(result.status, 401, `status at ${url}`);
      assert.deepEqual(
        result.errors?.map((error) => [error.extensions?.code, error.extensions?.reason]),
        [['UNAUTHENTICATED', 'SESSION_REVOKED']],
        `refused at ${url}`,
      );
    }
  };
  const assertValid = async (accessToken: string) => {
    for (const { url } of [stack.gateway, other, stack.subgraphs.users]) {
      assert.ok((await new GraphQLClient(url, accessToken).request(WHO)).data?.me, `accepted at ${url}`);
    }
  };

  /** A live socket of the session, subscribed, and the close code it gets. */
  const openSocket = async (accessToken: string, gateway: { url: string }) => {
    const closed: number[] = [];
    const client = liveClient(gateway.url, accessToken, (code) => closed.push(code));
    // Acknowledged by the gateway: the token was accepted and the socket is the session's.
    await new Promise((resolve) => client.on('connected', resolve));
    const subscription = new Subscription(client, 'subscription { notificationAdded { id } }');
    return { closed, subscription, client };
  };

  it('logout: the access token and the live connections of that login end at once, on every replica', async () => {
    const { input, session } = await register();
    const kept = await login(input.email, input.password);
    await assertValid(session.accessToken);
    const sockets = await Promise.all([openSocket(session.accessToken, stack.gateway), openSocket(session.accessToken, other)]);
    const keptSocket = await openSocket(kept.accessToken, other);

    assert.equal((await stack.client().data<{ logout: boolean }>(LOGOUT, { t: session.refreshToken })).logout, true);
    await assertRevoked(session.accessToken);
    for (const { closed } of sockets) await eventually(async () => (closed.includes(4401) ? true : undefined), 2000, 'the socket closed');
    // Another login of the same user goes on.
    await assertValid(kept.accessToken);
    assert.deepEqual(keptSocket.closed, []);
    for (const { client } of [...sockets, keptSocket]) await client.dispose();
  });

  it('changePassword: every login of the account ends', async () => {
    const { input, session } = await register();
    const second = await login(input.email, input.password);
    const result = await new GraphQLClient(stack.gateway.url, second.accessToken).data<{ changePassword: boolean }>(CHANGE_PASSWORD, {
      old: input.password,
      new: 'an entirely new passphrase',
    });
    assert.equal(result.changePassword, true);
    await assertRevoked(session.accessToken);
    await assertRevoked(second.accessToken);
  });

  const refresh = async (refreshToken: string) =>
    (await stack.client().data<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken })).refreshToken;
  const assertReuseRevokes = async (replayed: string, ...accessTokens: string[]) => {
    const replay = await stack.client().request(REFRESH, { refreshToken: replayed });
    assert.equal(replay.errors?.[0]?.extensions?.reason, 'SESSION_REVOKED');
    for (const accessToken of accessTokens) await assertRevoked(accessToken);
  };
  const sessionOf = (accessToken: string): unknown =>
    (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { sid: unknown }).sid;

  it('a refresh token used again once its successor was used ends its login, the access tokens of every rotation included', async () => {
    const { session } = await register();
    const rotated = await refresh(session.refreshToken);
    await assertValid(rotated.accessToken);
    const next = await refresh(rotated.refreshToken);
    await assertReuseRevokes(session.refreshToken, session.accessToken, rotated.accessToken, next.accessToken);
  });

  it('a refresh token asked again within the grace period, its answer lost, gives another token of the same login', async () => {
    const { session } = await register();
    const lost = await refresh(session.refreshToken);
    const again = await refresh(session.refreshToken);
    assert.notEqual(again.refreshToken, lost.refreshToken);
    assert.equal(sessionOf(again.accessToken), sessionOf(session.accessToken), 'the same login');
    await assertValid(again.accessToken);
    // Both answers go on: two tabs of one browser may each have asked with the same token.
    await assertValid((await refresh(again.refreshToken)).accessToken);
    await assertValid((await refresh(lost.refreshToken)).accessToken);
  });

  it('a refresh token used again past the grace period ends its login', async () => {
    const { session } = await register();
    const rotated = await refresh(session.refreshToken);
    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 500));
    await assertReuseRevokes(session.refreshToken, session.accessToken, rotated.accessToken);
  });

  it('a gateway started after the revocation refuses the token too: it reads the revocations of the last day first', async () => {
    const { session } = await register();
    await stack.client().data(LOGOUT, { t: session.refreshToken });
    const late = await stack.startGateway();
    await eventually(
      async () => ((await fetch(new URL('/health/ready', late.url))).ok ? true : undefined),
      10_000,
      'the late gateway ready',
    );
    await assertRevoked(session.accessToken, [late]);
  });
});

/**
 * The sessions list and ending sessions one by one, through two gateway replicas: the list shows
 * each login with its User-Agent, newest first; revokeSession and logoutOtherSessions are in
 * force when they return (tokens refused on every replica, live connections closed), and only
 * the viewer's own sessions can be ended.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { eventually } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, liveClient, type Stack, startStack } from '@taskgraph/stack';
import { type AuthPayload, LOGIN, newRegistration, REFRESH, REGISTER } from './operations.js';

const SESSIONS = '{ sessions { id createdAt lastUsedAt userAgent current } }';
const REVOKE = 'mutation($id: ID!) { revokeSession(id: $id) }';
const LOGOUT_OTHERS = 'mutation { logoutOtherSessions }';
const ME = '{ me { id } }';

interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  current: boolean;
}

describe('the sessions list', () => {
  let stack: Stack;
  let other: RunningGateway;
  before(async () => {
    stack = await startStack();
    other = await stack.startGateway();
  });
  after(() => stack.stop());

  /** A client of the first gateway, as a browser with this User-Agent. */
  const as = (userAgent: string, accessToken?: string) => new GraphQLClient(stack.gateway.url, accessToken, { 'user-agent': userAgent });

  /** One user signed in three times, from three devices. */
  async function threeLogins() {
    const input = newRegistration('Sid');
    const first = (await as('Laptop/1.0').data<{ register: AuthPayload }>(REGISTER, { input })).register;
    const login = async (userAgent: string) =>
      (await as(userAgent).data<{ login: AuthPayload }>(LOGIN, { input: { email: input.email, password: input.password } })).login;
    const second = await login('Phone/2.0');
    const third = await login('Tablet/3.0');
    return { first, second, third };
  }

  const sessionsOf = async (accessToken: string) =>
    (await as('Laptop/1.0', accessToken).data<{ sessions: SessionView[] }>(SESSIONS)).sessions;

  /** Refused with SESSION_REVOKED by both gateway replicas and by a subgraph asked directly. */
  async function assertRevoked(accessToken: string): Promise<void> {
    for (const { url } of [stack.gateway, other, stack.subgraphs.users]) {
      const result = await new GraphQLClient(url, accessToken).request(ME);
      assert.equal(result.status, 401, `status at ${url}`);
      assert.equal(result.errors?.[0]?.extensions?.reason, 'SESSION_REVOKED', `refused at ${url}`);
    }
  }
  async function assertValid(accessToken: string): Promise<void> {
    for (const { url } of [stack.gateway, other]) assert.ok((await new GraphQLClient(url, accessToken).data<{ me: unknown }>(ME)).me);
  }

  /** A live socket of the session, and the close codes it gets. */
  async function socketOf(accessToken: string, gateway: { url: string }) {
    const closed: number[] = [];
    const client = liveClient(gateway.url, accessToken, (code) => closed.push(code));
    await new Promise((resolve) => client.on('connected', resolve));
    return { client, closed };
  }

  it('lists every login newest first, with its User-Agent; current is the asking token’s; a refresh moves lastUsedAt', async () => {
    const { first, second, third } = await threeLogins();
    const listed = await sessionsOf(second.accessToken);
    assert.deepEqual(
      listed.map((session) => [session.userAgent, session.current]),
      [
        ['Tablet/3.0', false],
        ['Phone/2.0', true],
        ['Laptop/1.0', false],
      ],
    );
    for (const session of listed) assert.equal(session.lastUsedAt, session.createdAt, 'unused since sign-in');

    const refreshed = (await as('Laptop/1.0').data<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: first.refreshToken }))
      .refreshToken;
    const after = await sessionsOf(refreshed.accessToken);
    assert.deepEqual(
      after.map((session) => session.id),
      listed.map((session) => session.id),
      'a refresh continues its session',
    );
    const laptop = after.find((session) => session.userAgent === 'Laptop/1.0')!;
    assert.equal(laptop.current, true);
    assert.ok(laptop.lastUsedAt > laptop.createdAt, `${laptop.lastUsedAt} after ${laptop.createdAt}`);
    assert.equal(new Set(after.map((session) => session.id)).size, 3);
    assert.ok(third.accessToken);
  });

  it('revokeSession ends that login at once, on every replica, its socket and refresh token included', async () => {
    const { first, second, third } = await threeLogins();
    const phone = (await sessionsOf(first.accessToken)).find((session) => session.userAgent === 'Phone/2.0')!;
    const sockets = await Promise.all([socketOf(second.accessToken, stack.gateway), socketOf(second.accessToken, other)]);
    const kept = await socketOf(third.accessToken, other);

    assert.equal(
      (await as('Laptop/1.0', first.accessToken).data<{ revokeSession: boolean }>(REVOKE, { id: phone.id })).revokeSession,
      true,
    );
    await assertRevoked(second.accessToken);
    for (const { closed } of sockets) await eventually(async () => (closed.includes(4401) ? true : undefined), 5000, 'the socket closed');
    const refresh = await as('Phone/2.0').request(REFRESH, { refreshToken: second.refreshToken });
    assert.equal(refresh.errors?.[0]?.extensions?.reason, 'SESSION_REVOKED');
    assert.deepEqual(
      (await sessionsOf(first.accessToken)).map((session) => session.userAgent),
      ['Tablet/3.0', 'Laptop/1.0'],
    );
    await assertValid(first.accessToken);
    await assertValid(third.accessToken);
    assert.deepEqual(kept.closed, []);
    for (const { client } of [...sockets, kept]) await client.dispose();

    // A session already ended is no longer the viewer's to end.
    assert.deepEqual(errorCodes(await as('Laptop/1.0', first.accessToken).request(REVOKE, { id: phone.id })), ['NOT_FOUND']);
  });

  it('another user’s session, an unknown one or a malformed id: refused, and nothing ends', async () => {
    const mine = await threeLogins();
    const theirs = await threeLogins();
    const [theirSession] = await sessionsOf(theirs.first.accessToken);
    const viewer = as('Laptop/1.0', mine.first.accessToken);
    assert.deepEqual(errorCodes(await viewer.request(REVOKE, { id: theirSession!.id })), ['NOT_FOUND']);
    assert.deepEqual(errorCodes(await viewer.request(REVOKE, { id: '01890000-0000-7000-8000-000000000000' })), ['NOT_FOUND']);
    const malformed = await viewer.request(REVOKE, { id: 'not-an-id' });
    assert.deepEqual(errorCodes(malformed), ['BAD_USER_INPUT']);
    assert.ok(malformed.errors?.[0]?.extensions?.fields?.id);
    assert.deepEqual(errorCodes(await stack.client().request(REVOKE, { id: theirSession!.id })), ['UNAUTHENTICATED']);
    await assertValid(theirs.third.accessToken);
    assert.equal((await sessionsOf(theirs.first.accessToken)).length, 3);
  });

  it('logoutOtherSessions ends every other login at once and says how many; the current one goes on', async () => {
    const { first, second, third } = await threeLogins();
    const socket = await socketOf(third.accessToken, other);
    const { logoutOtherSessions } = await as('Phone/2.0', second.accessToken).data<{ logoutOtherSessions: number }>(LOGOUT_OTHERS);
    assert.equal(logoutOtherSessions, 2);
    await assertRevoked(first.accessToken);
    await assertRevoked(third.accessToken);
    await eventually(async () => (socket.closed.includes(4401) ? true : undefined), 5000, 'the socket closed');
    await socket.client.dispose();
    await assertValid(second.accessToken);
    assert.deepEqual(
      (await sessionsOf(second.accessToken)).map((session) => [session.userAgent, session.current]),
      [['Phone/2.0', true]],
    );
    assert.equal((await as('Phone/2.0', second.accessToken).data<{ logoutOtherSessions: number }>(LOGOUT_OTHERS)).logoutOtherSessions, 0);
  });
});

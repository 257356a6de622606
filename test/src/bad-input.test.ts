import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, type GraphQLResult, type Stack, startStack } from '@taskgraph/stack';
import { type AuthPayload, LOGIN, ME, newRegistration, REFRESH, REGISTER } from './operations.js';
import { claimsFor, foreignSigningKey, realSigningKey, signToken, unsignedToken } from './tokens.js';

interface Profile {
  id: string;
  email: string | null;
  displayName: string;
  avatarUrl: string | null;
  bio: string | null;
  timezone: string | null;
  role: 'USER' | 'ADMIN';
  createdAt: string;
}

const USER = /* GraphQL */ `query User($id: ID!) { user(id: $id) { id displayName email role } }`;
const USERS = /* GraphQL */ `
  query Users($search: String, $first: Int, $after: String) {
    users(search: $search, first: $first, after: $after) { totalCount edges { cursor node { id displayName } } pageInfo { hasNextPage endCursor } }
  }
`;
const UPDATE_PROFILE = /* GraphQL */ `
  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName avatarUrl bio timezone } }
`;
const SET_USER_ROLE = /* GraphQL */ `mutation SetUserRole($userId: ID!, $role: UserRole!) { setUserRole(userId: $userId, role: $role) { id role } }`;
const CHANGE_PASSWORD = /* GraphQL */ `mutation ChangePassword($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;
const LOGOUT = /* GraphQL */ `mutation Logout($token: String!) { logout(refreshToken: $token) }`;

interface UsersPage {
  users: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; displayName: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Asserts that a result is exactly one error with `code`, naming `fields` in `extensions.fields` when given. */
function assertError(result: GraphQLResult<unknown>, code: string, fields: string[] = [], what = code): void {
  assert.deepEqual(errorCodes(result), [code], `${what}: ${JSON.stringify(result.errors)}`);
  const named = result.errors?.[0]?.extensions?.fields ?? {};
  for (const field of fields)
    assert.equal(typeof named[field], 'string', `${what}: extensions.fields.${field} in ${JSON.stringify(named)}`);
}

/** A token-level refusal: HTTP 401, UNAUTHENTICATED, and no data at all (not an anonymous answer). */
function assertUnauthenticatedRequest(result: GraphQLResult<unknown>, what: string): void {
  assert.equal(result.status, 401, `${what}: status`);
  assertError(result, 'UNAUTHENTICATED', [], what);
  assert.equal(result.data ?? null, null, `${what}: no data`);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('bad input is refused with the contract error and changes nothing', () => {
  const adminEmail = `admin.${Date.now()}@example.com`;
  let stack: Stack;
  // Every request comes from 127.0.0.1, so failed logins of all tests here share one per-address
  // budget: about 20 of its 50 are used (more only if the per-email limit is broken).
  before(async () => {
    stack = await startStack({ ADMIN_EMAILS: adminEmail, LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '50' });
  });
  after(() => stack.stop());

  const count = async (subgraph: 'accounts' | 'users', sql: string, params: unknown[] = []) =>
    (await queryDatabase<{ n: number }>(stack.env, subgraph, sql, params))[0]!.n;
  const accountRows = () => count('accounts', 'select count(*)::int as n from accounts');
  /** Everything a registration writes in the accounts database. */
  const accountsFootprint = async () => ({
    accounts: await accountRows(),
    refreshTokens: await count('accounts', 'select count(*)::int as n from refresh_tokens'),
    outbox: await count('accounts', 'select count(*)::int as n from outbox_events'),
  });

  async function register(name: string, email?: string): Promise<AuthPayload & { email: string; password: string }> {
    // The email is made from a plain word: display names here may hold spaces, % or _.
    const input = { ...newRegistration('user'), displayName: name, ...(email ? { email } : {}) };
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
    return { ...register, email: input.email, password: input.password };
  }

  /** Waits for the users subgraph to have the profile (it arrives through the registration event). */
  const profileArrived = (id: string) =>
    eventually(
      async () => ((await count('users', 'select count(*)::int as n from users where id = $1', [id])) ? true : undefined),
      10_000,
      `profile ${id}`,
    );

  it('register refuses invalid fields with BAD_USER_INPUT naming each field, and stores nothing', async () => {
    const valid = newRegistration('Valid');
    const cases: [string, Record<string, string>, string][] = [
      ['an invalid email', { email: 'not-an-email' }, 'email'],
      ['an email without a domain', { email: 'someone@' }, 'email'],
      ['an empty email', { email: '   ' }, 'email'],
      ['a 300-character email', { email: `${'a'.repeat(288)}@example.com` }, 'email'],
      ['a 9-character password', { password: '123456789' }, 'password'],
      ['a 10,000-character password', { password: 'p'.repeat(10_000) }, 'password'],
      ['an empty displayName', { displayName: '' }, 'displayName'],
      ['a whitespace displayName', { displayName: ' \t  ' }, 'displayName'],
      ['an 81-character displayName', { displayName: 'n'.repeat(81) }, 'displayName'],
      ['a 10,000-character displayName', { displayName: 'n'.repeat(10_000) }, 'displayName'],
    ];
    const before = await accountsFootprint();
    for (const [what, override, field] of cases) {
      const result = await stack.client().request(REGISTER, { input: { ...valid, ...override } });
      assertError(result, 'BAD_USER_INPUT', [field], what);
      assert.equal(result.data ?? null, null, `${what}: no payload`);
    }
    const all = await stack.client().request(REGISTER, { input: { email: 'nope', password: 'short', displayName: '' } });
    assertError(all, 'BAD_USER_INPUT', ['email', 'password', 'displayName'], 'every bad field is reported at once');
    assert.deepEqual(await accountsFootprint(), before, 'no account, token or event was stored');

    // The same input with the bad part fixed is accepted: the refusals above were about that part.
    await stack.client().data(REGISTER, { input: { ...valid, displayName: 'n'.repeat(80) } });
    assert.equal(await accountRows(), before.accounts + 1);
  });

  it('register refuses a taken email with CONFLICT, whatever its case or surrounding whitespace', async () => {
    const first = await register('Taken');
    const before = await accountsFootprint();
    for (const email of [first.email, first.email.toUpperCase(), `  ${first.email} `, `\t${first.email.replace('user', 'UsEr')}\n`]) {
      const result = await stack
        .client()
        .request(REGISTER, { input: { email, password: 'another long password', displayName: 'Impostor' } });
      assertError(result, 'CONFLICT', [], JSON.stringify(email));
    }
    assert.deepEqual(await accountsFootprint(), before, 'nothing stored');
    const [row] = await queryDatabase<{ display_name: string; n: number }>(
      stack.env,
      'accounts',
      'select min(display_name) as display_name, count(*)::int as n from accounts where lower(email) = $1',
      [first.email],
    );
    assert.deepEqual(row, { display_name: 'Taken', n: 1 }, 'the first account is untouched');
    await stack.client().data(LOGIN, { input: { email: first.email, password: first.password } });
  });

  it('register lets exactly one of several simultaneous sign-ups with one email through', async () => {
    const input = newRegistration('Racer');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        stack.client().request(REGISTER, { input: { ...input, email: i % 2 ? input.email.toUpperCase() : input.email } }),
      ),
    );
    const codes = results.map((result) => errorCodes(result)[0] ?? 'OK').sort();
    assert.deepEqual(codes, ['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    assert.equal(await count('accounts', 'select count(*)::int as n from accounts where email = $1', [input.email]), 1);
    assert.equal(
      await count(
        'accounts',
        "select count(*)::int as n from outbox_events where type = 'user.registered' and envelope->'data'->>'email' = $1",
        [input.email],
      ),
      1,
      'one user.registered event',
    );
  });

  it('login gives a wrong password and an unknown email the same UNAUTHENTICATED error', async () => {
    const user = await register('Wrong');
    const tokensBefore = await count('accounts', 'select count(*)::int as n from refresh_tokens');
    const wrongPassword = await stack.client().request(LOGIN, { input: { email: user.email, password: 'not the password' } });
    const unknownEmail = await stack
      .client()
      .request(LOGIN, { input: { email: `nobody.${Date.now()}@example.com`, password: user.password } });
    assertError(wrongPassword, 'UNAUTHENTICATED', [], 'wrong password');
    assertError(unknownEmail, 'UNAUTHENTICATED', [], 'unknown email');
    assert.equal(wrongPassword.errors![0]!.message, unknownEmail.errors![0]!.message, 'nothing tells which one was wrong');
    const { stacktrace: _a, ...wrongExtensions } = wrongPassword.errors![0]!.extensions!;
    const { stacktrace: _b, ...unknownExtensions } = unknownEmail.errors![0]!.extensions!;
    assert.deepEqual(wrongExtensions, unknownExtensions, 'nor do the extensions');
    assert.equal(await count('accounts', 'select count(*)::int as n from refresh_tokens'), tokensBefore, 'no session was started');
  });

  it('login is RATE_LIMITED for an email after 5 failures, even with the right password', async () => {
    const user = await register('Limited');
    const bystander = await register('Bystander');
    const attempt = (password: string) => stack.client().request(LOGIN, { input: { email: user.email, password } });
    for (let i = 1; i <= 5; i++) assertError(await attempt(`wrong password ${i}`), 'UNAUTHENTICATED', [], `failure ${i}`);
    for (let i = 1; i <= 10; i++) {
      const result = await attempt(`wrong password ${5 + i}`);
      assertError(result, 'RATE_LIMITED', [], `attempt ${i} after the limit`);
      const retryAfter = result.errors![0]!.extensions!.retryAfterSeconds;
      assert.ok(Number.isInteger(retryAfter) && retryAfter! > 0 && retryAfter! <= 15 * 60, `retryAfterSeconds ${retryAfter}`);
    }
    const right = await attempt(user.password);
    assertError(right, 'RATE_LIMITED', [], 'the right password while limited');
    assert.equal(
      await count('accounts', 'select count(*)::int as n from refresh_tokens where account_id = $1', [user.user.id]),
      1,
      'only the registration session exists',
    );
    // The limit is the email's: another account logs in from the same address.
    await stack.client().data(LOGIN, { input: { email: bystander.email, password: bystander.password } });
  });

  it('login does not let simultaneous attempts check more than 5 passwords for one email', async () => {
    const user = await register('Burst');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => stack.client().request(LOGIN, { input: { email: user.email, password: `burst guess ${i}` } })),
    );
    const codes = results.map((result) => errorCodes(result)[0]);
    assert.ok(
      codes.every((code) => code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED'),
      JSON.stringify(codes),
    );
    const checked = codes.filter((code) => code === 'UNAUTHENTICATED').length;
    assert.ok(checked <= 5, `${checked} passwords were checked in one burst, the limit is 5`);
  });

  it('refuses bad access tokens at the gateway with HTTP 401 and UNAUTHENTICATED, never answering anonymously', async () => {
    const user = await register('Tokens');
    await profileArrived(user.user.id);
    const realKey = await realSigningKey(stack.env);
    const otherKey = await foreignSigningKey(realKey.kid);
    const bearer = (token: string) => new GraphQLClient(stack.gateway.url, token);
    const withHeader = (authorization: string) => new GraphQLClient(stack.gateway.url, undefined, { authorization });

    // Without a token: anonymous, and `me` is simply null.
    const anonymous = await stack.client().request<{ me: Profile | null }>(ME);
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.errors, undefined);
    assert.deepEqual(anonymous.data, { me: null });

    // A token made here with the real key and proper claims works, so each refusal below is about its one flaw.
    const good = await bearer(await signToken(realKey, claimsFor(user.user.id))).data<{ me: Profile }>(ME);
    assert.equal(good.me.id, user.user.id);

    const now = Math.floor(Date.now() / 1000);
    const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
    const otherUser = await register('Victim');
    const swappedSubject = `${header}.${base64url({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: otherUser.user.id })}.${signature}`;
    const cases: [string, GraphQLClient][] = [
      ['an expired token', bearer(await signToken(realKey, claimsFor(user.user.id, { iat: now - 3600, exp: now - 60 })))],
      ['a token signed by another key under the same kid', bearer(await signToken(otherKey, claimsFor(user.user.id)))],
      ['an alg:none token', bearer(unsignedToken(claimsFor(user.user.id), realKey.kid))],
      ['a token for another audience', bearer(await signToken(realKey, claimsFor(user.user.id, { aud: 'someone-else' })))],
      ['a token from another issuer', bearer(await signToken(realKey, claimsFor(user.user.id, { iss: 'someone-else' })))],
      ['a token without jti', bearer(await signToken(realKey, claimsFor(user.user.id, { jti: undefined })))],
      ['a token without sid', bearer(await signToken(realKey, claimsFor(user.user.id, { sid: undefined })))],
      ['a real token with its subject swapped', bearer(swappedSubject)],
      ['a garbage bearer', withHeader('Bearer abc')],
      ['an empty bearer', withHeader('Bearer ')],
      ['a header that is not Bearer', withHeader('Basic xyz')],
      ['a real token under another scheme', withHeader(`Token ${user.accessToken}`)],
    ];
    for (const [what, client] of cases) {
      const refused = await client.request(ME);
      assertUnauthenticatedRequest(refused, what);
      assert.equal(
        refused.errors?.[0]?.extensions?.reason,
        what === 'an expired token' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        `${what}: reason`,
      );
      assertUnauthenticatedRequest(await client.request(USER, { id: user.user.id }), `${what} (a query that needs no token)`);
    }

    // Logging in and refreshing are served whatever token a client's auth link still attaches…
    for (const [what, client] of [cases[0]!, cases[1]!, cases[7]!, cases[9]!]) {
      const { login } = await client.data<{ login: AuthPayload }>(LOGIN, { input: { email: user.email, password: user.password } });
      const refreshed = await client.request<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: login.refreshToken });
      assert.deepEqual(errorCodes(refreshed), [], `refreshToken with ${what}`);
    }
    // …but not alongside a field that needs the token.
    const mixed = await cases[0]![1].request(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } updateProfile(input: { bio: "mixed" }) { id } }`,
      {
        input: { email: user.email, password: user.password },
      },
    );
    assertUnauthenticatedRequest(mixed, 'login with updateProfile and an expired token');

    // A mutation with a refused token changes nothing.
    const expired = cases[0]![1];
    assertUnauthenticatedRequest(
      await expired.request(UPDATE_PROFILE, { input: { displayName: 'Hijacked' } }),
      'updateProfile with an expired token',
    );
    const { me } = await stack.client(user.accessToken).data<{ me: Profile }>(ME);
    assert.equal(me.displayName, 'Tokens');
  });

  it('a subgraph believes only a verified token, not identity headers', async () => {
    const user = await register('Direct');
    await profileArrived(user.user.id);
    const realKey = await realSigningKey(stack.env);
    const url = stack.subgraphs.users.url;

    const genuine = await new GraphQLClient(url, user.accessToken).data<{ me: Profile }>(ME);
    assert.equal(genuine.me.id, user.user.id, 'the subgraph does accept a real token');

    const forged = new GraphQLClient(url, undefined, {
      'x-user-id': user.user.id,
      'x-viewer-id': user.user.id,
      'x-user': JSON.stringify({ userId: user.user.id, id: user.user.id, role: 'ADMIN' }),
      'x-authenticated-user': user.user.id,
    });
    const forgedMe = await forged.request<{ me: Profile | null }>(ME);
    assert.equal(forgedMe.errors, undefined, JSON.stringify(forgedMe.errors));
    assert.deepEqual(forgedMe.data, { me: null }, 'identity headers do not sign anyone in');
    const noToken = await forged.request(USERS);
    assertError(noToken, 'UNAUTHENTICATED', [], 'users with forged headers');
    assert.equal(noToken.errors?.[0]?.extensions?.reason, 'LOGIN_REQUIRED');
    assertError(
      await forged.request(UPDATE_PROFILE, { input: { displayName: 'Forged' } }),
      'UNAUTHENTICATED',
      [],
      'updateProfile with forged headers',
    );

    const none = new GraphQLClient(url, unsignedToken(claimsFor(user.user.id), realKey.kid));
    assertUnauthenticatedRequest(await none.request(ME), 'alg:none straight to the subgraph');
    const foreign = new GraphQLClient(url, await signToken(await foreignSigningKey(realKey.kid), claimsFor(user.user.id)));
    assertUnauthenticatedRequest(await foreign.request(ME), 'another key straight to the subgraph');
    assertUnauthenticatedRequest(
      await foreign.request(UPDATE_PROFILE, { input: { displayName: 'Forged' } }),
      'updateProfile with another key',
    );

    const [row] = await queryDatabase<{ display_name: string }>(stack.env, 'users', 'select display_name from users where id = $1', [
      user.user.id,
    ]);
    assert.equal(row?.display_name, 'Direct', 'the profile is unchanged');
  });

  it('user(id) refuses a malformed id with BAD_USER_INPUT and returns null for an unknown one', async () => {
    for (const id of ['not-an-id', "' or 1=1 --", '', '00000000-0000-0000-0000-000000000000']) {
      const result = await stack.client().request<{ user: unknown }>(USER, { id });
      assertError(result, 'BAD_USER_INPUT', ['id'], JSON.stringify(id));
      assert.equal(result.data?.user ?? null, null);
    }
    const unknown = await stack.client().request<{ user: unknown }>(USER, { id: newId() });
    assert.equal(unknown.errors, undefined, JSON.stringify(unknown.errors));
    assert.deepEqual(unknown.data, { user: null });
  });

  it('users needs a token and refuses bad page sizes, cursors and searches with BAD_USER_INPUT', async () => {
    const user = await register('Pager');
    await profileArrived(user.user.id);
    await profileArrived((await register('Pager Two')).user.id);
    const client = stack.client(user.accessToken);

    const anonymous = await stack.client().request(USERS);
    assertError(anonymous, 'UNAUTHENTICATED', [], 'users without a token');
    assert.equal(anonymous.data ?? null, null);

    for (const first of [101, -1, 1_000_000])
      assertError(await client.request(USERS, { first }), 'BAD_USER_INPUT', ['first'], `first: ${first}`);

    const { users } = await client.data<UsersPage>(USERS, { first: 1 });
    assert.ok(users.pageInfo.hasNextPage && users.pageInfo.endCursor, 'a real cursor to compare with');
    const next = await client.data<UsersPage>(USERS, { first: 1, after: users.pageInfo.endCursor });
    assert.notEqual(next.users.edges[0]?.node.id, users.edges[0]!.node.id, 'a real cursor pages on');

    const tampered = {
      garbage: 'garbage',
      'not base64url': '!!!***',
      'an array of a non-id': base64url(['x']),
      'an object': base64url({ a: 1 }),
      'an empty array': base64url([]),
      'a number': base64url(42),
      null: base64url(null),
      'an id plus extra values': base64url([users.edges[0]!.node.id, 'extra']),
      'an injection attempt': base64url(["' or 1=1 --"]),
    };
    for (const [what, after] of Object.entries(tampered)) {
      assertError(await client.request(USERS, { first: 1, after }), 'BAD_USER_INPUT', ['after'], `cursor: ${what}`);
    }

    await client.data(USERS, { search: 's'.repeat(100) });
    const searches = [
      ['a 101-character search', await client.request(USERS, { search: 's'.repeat(101) })],
      ['a 10,000-character search', await client.request(USERS, { search: 's'.repeat(10_000) })],
    ] as const;
    for (const [what, result] of searches) assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT'], what);
    for (const [what, result] of searches) assertError(result, 'BAD_USER_INPUT', ['search'], what);
  });

  it('users search matches % and _ literally', async () => {
    const viewer = await register('Searcher');
    const names = ['100%_done', 'under_score', 'Plain Name', 'Percent Free'];
    const registered = await Promise.all(names.map((name) => register(name)));
    for (const { user } of [viewer, ...registered]) await profileArrived(user.id);
    const client = stack.client(viewer.accessToken);
    const search = async (text: string) => (await client.data<UsersPage>(USERS, { search: text, first: 100 })).users;

    for (const [text, expected] of [
      ['%', ['100%_done']],
      ['_', ['100%_done', 'under_score']],
      ['0%_d', ['100%_done']],
      ['r_s', ['under_score']],
    ] as const) {
      const found = await search(text);
      const foundNames = found.edges.map((edge) => edge.node.displayName);
      assert.ok(
        foundNames.every((name) => name.includes(text)),
        `search ${text} found ${JSON.stringify(foundNames)}`,
      );
      for (const name of expected) assert.ok(foundNames.includes(name), `search ${text} finds ${name}`);
      assert.equal(found.totalCount, found.edges.length, `search ${text}: totalCount counts the same matches`);
    }
    assert.deepEqual((await search('\\')).edges, [], 'a backslash is literal too');
    assert.ok(
      (await search('PLAIN')).edges.some((edge) => edge.node.displayName === 'Plain Name'),
      'search is case-insensitive',
    );
  });

  it('updateProfile refuses bad input with BAD_USER_INPUT and leaves the profile as it was', async () => {
    assertError(await stack.client().request(UPDATE_PROFILE, { input: { displayName: 'Nobody' } }), 'UNAUTHENTICATED', [], 'no token');

    const user = await register('Profiled');
    const client = stack.client(user.accessToken);
    await client.data(UPDATE_PROFILE, {
      input: { displayName: 'Known Name', bio: 'Known bio', timezone: 'Europe/Paris', avatarUrl: 'https://example.com/known.png' },
    });
    const { me: before } = await client.data<{ me: Profile }>(ME);
    const rowOf = async () =>
      (
        await queryDatabase(stack.env, 'users', 'select display_name, avatar_url, bio, timezone, updated_at from users where id = $1', [
          user.user.id,
        ])
      )[0];
    const eventsOf = () =>
      count(
        'users',
        "select count(*)::int as n from outbox_events where type = 'user.profile_updated' and envelope->'data'->>'userId' = $1",
        [user.user.id],
      );
    const rowBefore = await rowOf();
    const eventsBefore = await eventsOf();

    const cases: [string, Record<string, unknown>, string[]][] = [
      ['an unknown time zone', { displayName: 'Changed', timezone: 'Mars/Base' }, ['timezone']],
      ['a javascript: avatar URL', { bio: 'Changed', avatarUrl: 'javascript:alert(1)' }, ['avatarUrl']],
      ['a data: avatar URL', { avatarUrl: 'data:text/html,<script>alert(1)</script>' }, ['avatarUrl']],
      ['an avatar that is not a URL', { avatarUrl: 'not a url' }, ['avatarUrl']],
      ['a bad time zone and avatar at once', { timezone: 'Mars/Base', avatarUrl: 'javascript:alert(1)' }, ['timezone', 'avatarUrl']],
      ['a null displayName', { displayName: null, bio: 'Changed' }, ['displayName']],
      ['an empty displayName', { displayName: '   ' }, ['displayName']],
      ['an 81-character displayName', { displayName: 'n'.repeat(81) }, ['displayName']],
      ['a 10,000-character bio', { bio: 'b'.repeat(10_000) }, ['bio']],
    ];
    for (const [what, input, fields] of cases) {
      const result = await client.request(UPDATE_PROFILE, { input });
      assertError(result, 'BAD_USER_INPUT', fields, what);
      assert.equal(result.data ?? null, null, `${what}: no profile returned`);
    }

    assert.deepEqual((await client.data<{ me: Profile }>(ME)).me, before, 'the profile reads back unchanged');
    assert.deepEqual(await rowOf(), rowBefore, 'the row was not written');
    assert.equal(await eventsOf(), eventsBefore, 'no user.profile_updated event');
  });

  it('setUserRole is for ADMINs only, refuses unknown and malformed ids, and an ADMIN sees emails', async () => {
    const admin = await register('Admin', adminEmail);
    const plain = await register('Plain');
    const target = await register('Target');
    for (const { user } of [admin, plain, target]) await profileArrived(user.id);
    const asAdmin = stack.client(admin.accessToken);
    const asPlain = stack.client(plain.accessToken);
    const asTarget = stack.client(target.accessToken);
    assert.equal((await asAdmin.data<{ me: Profile }>(ME)).me.role, 'ADMIN', 'ADMIN_EMAILS made this user ADMIN');
    const roleOf = async (id: string) =>
      (await queryDatabase<{ role: string }>(stack.env, 'users', 'select role::text as role from users where id = $1', [id]))[0]?.role;

    assertError(await stack.client().request(SET_USER_ROLE, { userId: target.user.id, role: 'ADMIN' }), 'UNAUTHENTICATED', [], 'no token');
    assertError(
      await asPlain.request(SET_USER_ROLE, { userId: target.user.id, role: 'ADMIN' }),
      'FORBIDDEN',
      [],
      'a USER promoting another',
    );
    assertError(
      await asPlain.request(SET_USER_ROLE, { userId: plain.user.id, role: 'ADMIN' }),
      'FORBIDDEN',
      [],
      'a USER promoting themself',
    );
    assertError(await asPlain.request(SET_USER_ROLE, { userId: admin.user.id, role: 'USER' }), 'FORBIDDEN', [], 'a USER demoting an ADMIN');
    assert.deepEqual([await roleOf(target.user.id), await roleOf(plain.user.id), await roleOf(admin.user.id)], ['USER', 'USER', 'ADMIN']);

    assertError(await asAdmin.request(SET_USER_ROLE, { userId: newId(), role: 'ADMIN' }), 'NOT_FOUND', [], 'an unknown id');
    assertError(
      await asAdmin.request(SET_USER_ROLE, { userId: 'not-an-id', role: 'ADMIN' }),
      'BAD_USER_INPUT',
      ['userId'],
      'a malformed id',
    );
    assertError(
      await asAdmin.request(SET_USER_ROLE, { userId: target.user.id, role: 'SUPERUSER' }),
      'BAD_USER_INPUT',
      [],
      'an unknown role',
    );
    assert.equal(await roleOf(target.user.id), 'USER');

    const emailSeenBy = async (client: GraphQLClient, id: string) =>
      (await client.data<{ user: { email: string | null } }>(USER, { id })).user.email;
    assert.equal(await emailSeenBy(asPlain, target.user.id), null, "a USER does not see others' email");
    assert.equal(await emailSeenBy(asPlain, plain.user.id), plain.email, 'but sees their own');
    assert.equal(await emailSeenBy(stack.client(), target.user.id), null, 'nor does an anonymous client');
    assert.equal(await emailSeenBy(asAdmin, target.user.id), target.email, 'an ADMIN does');

    const { setUserRole } = await asAdmin.data<{ setUserRole: { id: string; role: string } }>(SET_USER_ROLE, {
      userId: plain.user.id,
      role: 'ADMIN',
    });
    assert.deepEqual(setUserRole, { id: plain.user.id, role: 'ADMIN' });
    assert.equal(await roleOf(plain.user.id), 'ADMIN');
    assert.equal(await emailSeenBy(asPlain, target.user.id), target.email, "the new ADMIN sees others' email");
    assert.equal(await emailSeenBy(asTarget, plain.user.id), null, 'a USER still sees null for the new ADMIN');
  });

  it('changePassword refuses a missing token and a bad new password, leaving password and sessions as they were', async () => {
    assertError(
      await stack.client().request(CHANGE_PASSWORD, { current: 'whatever it is', next: 'a long new password' }),
      'UNAUTHENTICATED',
      [],
      'no token',
    );

    const user = await register('Keeper');
    const client = stack.client(user.accessToken);
    const hashOf = async () =>
      (
        await queryDatabase<{ password_hash: string }>(stack.env, 'accounts', 'select password_hash from accounts where id = $1', [
          user.user.id,
        ])
      )[0]?.password_hash;
    const hashBefore = await hashOf();

    const refusals = await Promise.all(
      (
        [
          ['a 9-character new password', '123456789'],
          ['a 10,000-character new password', 'p'.repeat(10_000)],
        ] as const
      ).map(async ([what, next]) => [what, await client.request(CHANGE_PASSWORD, { current: user.password, next })] as const),
    );
    for (const [what, result] of refusals) assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT'], what);
    assert.equal(await hashOf(), hashBefore, 'the password is unchanged');
    const refreshed = await stack.client().data<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: user.refreshToken });
    assert.equal(refreshed.refreshToken.user.id, user.user.id, 'the session was not ended');
    await stack.client().data(LOGIN, { input: { email: user.email, password: user.password } });

    for (const [what, result] of refusals) assertError(result, 'BAD_USER_INPUT', ['newPassword'], what);
  });

  it('refreshToken refuses an unknown token and logout of one answers false, touching no session', async () => {
    const user = await register('Sessions');
    const liveTokens = () =>
      count('accounts', 'select count(*)::int as n from refresh_tokens where revoked_at is null and used_at is null');
    const liveBefore = await liveTokens();

    const unknown = 'r'.repeat(43);
    for (const [what, refreshToken] of [
      ['a random string', unknown],
      ['an empty string', ''],
      ['a 10,000-character string', 'r'.repeat(10_000)],
    ]) {
      const result = await stack.client().request(REFRESH, { refreshToken });
      assertError(result, 'UNAUTHENTICATED', [], `refresh with ${what}`);
      assert.equal(result.data ?? null, null);
    }
    assert.deepEqual(await stack.client().data<{ logout: boolean }>(LOGOUT, { token: unknown }), { logout: false });
    assert.equal(await liveTokens(), liveBefore, 'no session was started or ended');
    const refreshed = await stack.client().data<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: user.refreshToken });
    assert.equal(refreshed.refreshToken.user.id, user.user.id, 'the real session still works');
  });

  it('answers malformed requests with a 4xx and a GraphQL error code, never a 500', async () => {
    const user = await register('Syntax');
    for (const url of [stack.gateway.url, stack.subgraphs.users.url]) {
      const client = new GraphQLClient(url, user.accessToken);
      const syntax = await client.request('query { me { id }');
      assert.equal(syntax.status, 400, `${url}: syntax error status`);
      assertError(syntax, 'GRAPHQL_PARSE_FAILED', [], `${url}: syntax error`);

      const unknownField = await client.request('query { me { id shoeSize } }');
      assert.equal(unknownField.status, 400, `${url}: unknown field status`);
      assertError(unknownField, 'GRAPHQL_VALIDATION_FAILED', [], `${url}: unknown field`);

      const badVariable = await client.request('query($first: Int) { users(first: $first) { totalCount } }', { first: 'ten' });
      assert.ok(badVariable.status >= 400 && badVariable.status < 500, `${url}: bad variable status ${badVariable.status}`);
      assertError(badVariable, 'BAD_USER_INPUT', [], `${url}: a variable of the wrong type`);

      const notJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      assert.ok(notJson.status >= 400 && notJson.status < 500, `${url}: a body that is not JSON gets ${notJson.status}`);
    }
  });
});

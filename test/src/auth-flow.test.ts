import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCodes, type Stack, startStack } from '@taskgraph/stack';
import { type AuthPayload, LOGIN, ME, newRegistration, REFRESH, REGISTER } from './operations.js';

describe('sign-up and sessions through the gateway', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.stop());

  it('registers, logs in, reads and edits the profile, refreshes and logs out', async () => {
    const input = newRegistration('Ada');
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, {
      input: { ...input, email: `  ${input.email.toUpperCase()} ` },
    });
    assert.equal(register.user.displayName, 'Ada');
    assert.equal(register.user.email, input.email, 'email is trimmed and lower-cased');
    assert.ok(new Date(register.accessTokenExpiresAt).getTime() > Date.now());

    const { login } = await stack.client().data<{ login: AuthPayload }>(LOGIN, { input: { email: input.email, password: input.password } });
    assert.equal(login.user.id, register.user.id);

    const signedIn = stack.client(login.accessToken);
    const { me } = await signedIn.data<{ me: { id: string; email: string; role: string } }>(ME);
    assert.deepEqual([me.id, me.email, me.role], [register.user.id, input.email, 'USER']);

    const { updateProfile } = await signedIn.data<{ updateProfile: Record<string, unknown> }>(
      `mutation { updateProfile(input: { displayName: "Ada Lovelace", bio: "Analyst", timezone: "Europe/London", avatarUrl: "https://example.com/ada.png" }) { displayName bio timezone avatarUrl } }`,
    );
    assert.deepEqual(updateProfile, {
      displayName: 'Ada Lovelace',
      bio: 'Analyst',
      timezone: 'Europe/London',
      avatarUrl: 'https://example.com/ada.png',
    });
    const cleared = await signedIn.data<{ updateProfile: Record<string, unknown> }>(
      `mutation { updateProfile(input: { bio: null }) { displayName bio } }`,
    );
    assert.deepEqual(cleared.updateProfile, { displayName: 'Ada Lovelace', bio: null }, 'null clears a field, absence keeps it');

    const first = await stack.client().data<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: login.refreshToken });
    assert.notEqual(first.refreshToken.refreshToken, login.refreshToken, 'refresh tokens rotate');
    assert.ok((await stack.client(first.refreshToken.accessToken).data<{ me: { id: string } }>(ME)).me.id);

    const second = await stack.client().data<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: first.refreshToken.refreshToken });
    const replay = await stack.client().request(REFRESH, { refreshToken: login.refreshToken });
    assert.deepEqual(errorCodes(replay), ['UNAUTHENTICATED'], 'a used refresh token is refused once its successor was used');
    const afterReplay = await stack.client().request(REFRESH, { refreshToken: second.refreshToken.refreshToken });
    assert.deepEqual(errorCodes(afterReplay), ['UNAUTHENTICATED'], 'reusing a token revoked its whole family');

    const again = await stack.client().data<{ login: AuthPayload }>(LOGIN, { input: { email: input.email, password: input.password } });
    const { logout } = await stack
      .client()
      .data<{ logout: boolean }>(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: again.login.refreshToken });
    assert.equal(logout, true);
    assert.deepEqual(errorCodes(await stack.client().request(REFRESH, { refreshToken: again.login.refreshToken })), ['UNAUTHENTICATED']);
  });

  it('shows the display name in the register response every time', async () => {
    const registrations = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        stack.client().data<{ register: AuthPayload }>(REGISTER, { input: newRegistration(`Racer${i}`) }),
      ),
    );
    for (const [i, { register }] of registrations.entries()) assert.equal(register.user.displayName, `Racer${i}`);
    const { me } = await stack.client(registrations[0]!.register.accessToken).data<{ me: { displayName: string } }>(ME);
    assert.equal(me.displayName, 'Racer0', 'the profile is there as soon as the client asks');
  });

  it('keeps the name in auth payloads current after a profile change', async () => {
    const input = newRegistration('Grace');
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
    await stack.client(register.accessToken).data(`mutation { updateProfile(input: { displayName: "Grace Hopper" }) { id } }`);
    let name = '';
    for (let attempt = 0; attempt < 100 && name !== 'Grace Hopper'; attempt++) {
      const { login } = await stack
        .client()
        .data<{ login: AuthPayload }>(LOGIN, { input: { email: input.email, password: input.password } });
      name = login.user.displayName;
      if (name !== 'Grace Hopper') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(name, 'Grace Hopper');
  });

  it('changing the password signs out every session', async () => {
    const input = newRegistration('Linus');
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
    const { login } = await stack.client().data<{ login: AuthPayload }>(LOGIN, { input: { email: input.email, password: input.password } });

    const wrong = await stack
      .client(register.accessToken)
      .request(`mutation { changePassword(currentPassword: "not my password", newPassword: "another long password") }`);
    assert.deepEqual(errorCodes(wrong), ['BAD_USER_INPUT']);
    assert.ok((await stack.client().request(REFRESH, { refreshToken: login.refreshToken })).data, 'a refused change signs nobody out');

    const { login: current } = await stack
      .client()
      .data<{ login: AuthPayload }>(LOGIN, { input: { email: input.email, password: input.password } });
    const changed = await stack
      .client(current.accessToken)
      .data<{ changePassword: boolean }>(
        `mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "another long password") }`,
        { c: input.password },
      );
    assert.equal(changed.changePassword, true);
    assert.deepEqual(errorCodes(await stack.client().request(REFRESH, { refreshToken: current.refreshToken })), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await stack.client().request(LOGIN, { input: { email: input.email, password: input.password } })), [
      'UNAUTHENTICATED',
    ]);
    await stack.client().data(LOGIN, { input: { email: input.email, password: 'another long password' } });
  });
});

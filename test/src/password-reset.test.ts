/**
 * Password reset through the gateway, with the email read from a real SMTP server run by the
 * test: the link's token sets a new password once and ends every session at once; bad, used and
 * expired tokens change nothing; an unknown address gets the same answer and no email; both
 * limits (per address asked about, per client) hold.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, liveClient, type Stack, startStack } from '@taskgraph/stack';
import { Subscription } from './live.js';
import { type AuthPayload, LOGIN, newRegistration, REGISTER } from './operations.js';
import { linkToken, mailsTo, SmtpCatcher } from './smtp-catcher.js';

const APP_URL = 'https://app.example.test';
const RESET_PAGE = `${APP_URL}/reset-password`;
const SUBJECT = 'Reset your taskgraph password';

const REQUEST = 'mutation($e: String!) { requestPasswordReset(email: $e) }';
const RESET = 'mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }';
const ME = '{ me { id } }';

describe('password reset', () => {
  const smtp = new SmtpCatcher();
  let stack: Stack;

  before(async () => {
    await smtp.start();
    stack = await startStack({
      SMTP_URL: smtp.url,
      APP_URL,
      EMAIL_SEND_INTERVAL_MS: '100',
      TRUST_PROXY: '1',
      PASSWORD_RESET_MAX_PER_EMAIL: '3',
      PASSWORD_RESET_MAX_PER_ADDRESS: '5',
    });
  });
  after(async () => {
    await stack?.stop();
    await smtp.stop();
  });

  /** A client seen by the gateway as coming from `address` (the test is the trusted proxy). */
  const from = (address: string, accessToken?: string) => new GraphQLClient(stack.gateway.url, accessToken, { 'x-forwarded-for': address });

  const register = async (address: string) => {
    const input = newRegistration('Rita');
    const { register } = await from(address).data<{ register: AuthPayload }>(REGISTER, { input });
    return { ...input, session: register };
  };
  const login = (email: string, password: string) =>
    from('10.9.0.1').request<{ login: AuthPayload }>(LOGIN, { input: { email, password } });

  it('emails a single-use link; the new password works, the old does not, and every session ends at once', async () => {
    const rita = await register('10.1.0.1');
    const second = (await login(rita.email, rita.password)).data!.login;
    const closed: number[] = [];
    const socket = liveClient(stack.gateway.url, second.accessToken, (code) => closed.push(code));
    await new Promise((resolve) => socket.on('connected', resolve));
    const subscription = new Subscription(socket, 'subscription { notificationAdded { id } }');

    assert.equal(
      (await from('10.1.0.1').data<{ requestPasswordReset: boolean }>(REQUEST, { e: `  ${rita.email.toUpperCase()} ` }))
        .requestPasswordReset,
      true,
    );
    const [mail] = await mailsTo(smtp, rita.email, SUBJECT);
    assert.deepEqual(mail!.envelopeTo, [rita.email]);
    const token = linkToken(mail!, RESET_PAGE);

    const result = await from('10.1.0.1').data<{ resetPassword: boolean }>(RESET, { t: token, p: 'a brand new passphrase' });
    assert.equal(result.resetPassword, true);
    // In force on return: both sessions' access tokens are refused, the live socket is closed.
    for (const accessToken of [rita.session.accessToken, second.accessToken]) {
      const refused = await from('10.1.0.1', accessToken).request(ME);
      assert.equal(refused.status, 401);
      assert.equal(refused.errors?.[0]?.extensions?.reason, 'SESSION_REVOKED');
    }
    await eventually(async () => (closed.includes(4401) ? true : undefined), 5000, 'the socket closed with 4401');
    subscription.close();
    await socket.dispose();

    assert.deepEqual(errorCodes(await login(rita.email, rita.password)), ['UNAUTHENTICATED'], 'the old password is refused');
    assert.ok((await login(rita.email, 'a brand new passphrase')).data?.login.accessToken, 'the new one works');

    const again = await from('10.1.0.1').request(RESET, { t: token, p: 'yet another passphrase' });
    assert.deepEqual(errorCodes(again), ['BAD_USER_INPUT']);
    assert.ok(again.errors?.[0]?.extensions?.fields?.token, 'the used token is named');
    assert.ok((await login(rita.email, 'a brand new passphrase')).data?.login, 'nothing changed');
  });

  it('refuses a tampered, unknown, oversized or NUL token and a short password, changing nothing', async () => {
    const sam = await register('10.2.0.1');
    await from('10.2.0.1').data(REQUEST, { e: sam.email });
    const token = linkToken((await mailsTo(smtp, sam.email, SUBJECT))[0]!, RESET_PAGE);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [tampered, 'x'.repeat(10_000), `${token}\u0000`, '']) {
      const result = await from('10.2.0.1').request(RESET, { t: bad, p: 'a brand new passphrase' });
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT']);
      assert.ok(result.errors?.[0]?.extensions?.fields?.token, `fields.token for ${JSON.stringify(bad.slice(0, 20))}`);
    }
    const short = await from('10.2.0.1').request(RESET, { t: token, p: 'short' });
    assert.deepEqual(errorCodes(short), ['BAD_USER_INPUT']);
    assert.ok(short.errors?.[0]?.extensions?.fields?.newPassword);
    // None of that used the token or touched the password or the session.
    assert.ok((await login(sam.email, sam.password)).data?.login);
    assert.ok((await from('10.2.0.1', sam.session.accessToken).data<{ me: { id: string } }>(ME)).me);
    assert.equal(
      (await from('10.2.0.1').data<{ resetPassword: boolean }>(RESET, { t: token, p: 'a brand new passphrase' })).resetPassword,
      true,
    );
  });

  it('an expired token is refused', async () => {
    const tom = await register('10.3.0.1');
    await from('10.3.0.1').data(REQUEST, { e: tom.email });
    const token = linkToken((await mailsTo(smtp, tom.email, SUBJECT))[0]!, RESET_PAGE);
    await queryDatabase(
      stack.env,
      'accounts',
      `update account_tokens set expires_at = now() - interval '1 second' where purpose = 'password_reset'`,
    );
    const result = await from('10.3.0.1').request(RESET, { t: token, p: 'a brand new passphrase' });
    assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT']);
    assert.ok(result.errors?.[0]?.extensions?.fields?.token);
    assert.ok((await login(tom.email, tom.password)).data?.login, 'the password is unchanged');
  });

  it('an unknown address gets the same answer, and no link is made for it', async () => {
    const unknown = newRegistration('Nobody').email;
    assert.equal((await from('10.4.0.1').data<{ requestPasswordReset: boolean }>(REQUEST, { e: unknown })).requestPasswordReset, true);
    // The link is made after the answer: once accounts has stopped (finishing what it started), nothing can come any more.
    await stack.subgraphs.accounts.stop();
    await stack.restartSubgraph('accounts');
    const [asked] = await queryDatabase<{ n: number }>(
      stack.env,
      'accounts',
      `select count(*)::int as n from outbox_events where type = 'account.password_reset_requested' and envelope->'data'->>'email' = $1`,
      [unknown],
    );
    assert.equal(asked!.n, 0);
    assert.deepEqual(smtp.to(unknown), []);
  });

  it('is rate limited per address asked about, whoever asks, and per client, registered or not', async () => {
    const ivy = await register('10.5.0.1');
    for (let i = 0; i < 3; i++) await from(`10.5.1.${i}`).data(REQUEST, { e: ivy.email });
    const limited = await from('10.5.1.9').request(REQUEST, { e: ivy.email });
    assert.deepEqual(errorCodes(limited), ['RATE_LIMITED']);
    assert.ok(Number(limited.errors?.[0]?.extensions?.retryAfterSeconds) > 0);
    const mails = await mailsTo(smtp, ivy.email, SUBJECT, 3);
    assert.equal(mails.length, 3);

    for (let i = 0; i < 5; i++) await from('10.6.0.1').data(REQUEST, { e: newRegistration('Someone').email });
    assert.deepEqual(errorCodes(await from('10.6.0.1').request(REQUEST, { e: newRegistration('Someone').email })), ['RATE_LIMITED']);
    assert.deepEqual(errorCodes(await from('10.6.0.2').request(REQUEST, { e: newRegistration('Someone').email })), [], 'another client');
  });

  it('is served whatever the Authorization header holds, and a malformed email is BAD_USER_INPUT', async () => {
    const stale = new GraphQLClient(stack.gateway.url, 'a.b.c', { 'x-forwarded-for': '10.7.0.1' });
    assert.equal(
      (await stale.data<{ requestPasswordReset: boolean }>(REQUEST, { e: newRegistration('X').email })).requestPasswordReset,
      true,
    );
    const bad = await from('10.7.0.2').request(REQUEST, { e: 'not an email' });
    assert.deepEqual(errorCodes(bad), ['BAD_USER_INPUT']);
    assert.ok(bad.errors?.[0]?.extensions?.fields?.email);
  });
});

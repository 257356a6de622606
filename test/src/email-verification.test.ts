/**
 * Email verification through the gateway, the email read from a real SMTP server run by the
 * test: registration sends the link, verifyEmail confirms it once, resendVerificationEmail sends
 * another (rate limited), and `User.emailVerified` is shown where `email` is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { type AuthPayload, newRegistration, REGISTER } from './operations.js';
import { linkToken, mailsTo, SmtpCatcher } from './smtp-catcher.js';
import { signUp, type TestUser } from './users.js';

const APP_URL = 'https://app.example.test';
const VERIFY_PAGE = `${APP_URL}/verify-email`;
const SUBJECT = 'Confirm your email address';

const VERIFY = 'mutation($t: String!) { verifyEmail(token: $t) }';
const RESEND = 'mutation { resendVerificationEmail }';
const ME = '{ me { id email emailVerified } }';
const USER = 'query($id: ID!) { user(id: $id) { id email emailVerified } }';

interface Visible {
  id: string;
  email: string | null;
  emailVerified: boolean | null;
}

describe('email verification', () => {
  const smtp = new SmtpCatcher();
  const adminEmail = newRegistration('Admin').email;
  let stack: Stack;
  let admin: TestUser;

  before(async () => {
    await smtp.start();
    stack = await startStack({
      SMTP_URL: smtp.url,
      APP_URL,
      EMAIL_SEND_INTERVAL_MS: '100',
      ADMIN_EMAILS: adminEmail,
      VERIFICATION_EMAIL_MAX_PER_USER: '2',
    });
    const input = { ...newRegistration('Admin'), email: adminEmail };
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
    admin = {
      id: register.user.id,
      displayName: 'Admin',
      email: adminEmail,
      accessToken: register.accessToken,
      client: stack.client(register.accessToken),
    };
  });
  after(async () => {
    await stack?.stop();
    await smtp.stop();
  });

  const verified = async (user: TestUser) => (await user.client.data<{ me: Visible }>(ME)).me.emailVerified;

  it('registration emails a link; following it verifies the address, once', async () => {
    const vera = await signUp(stack, 'Vera');
    assert.equal(await verified(vera), false);
    const [mail] = await mailsTo(smtp, vera.email, SUBJECT);
    const token = linkToken(mail!, VERIFY_PAGE);

    // Served without a token (the link may be opened anywhere), and whatever a stale header holds.
    const stale = new GraphQLClient(stack.gateway.url, 'a.b.c');
    assert.equal((await stale.data<{ verifyEmail: boolean }>(VERIFY, { t: token })).verifyEmail, true);
    assert.equal(await verified(vera), true, 'verified as the mutation returns');

    const again = await stack.client().request(VERIFY, { t: token });
    assert.deepEqual(errorCodes(again), ['BAD_USER_INPUT']);
    assert.ok(again.errors?.[0]?.extensions?.fields?.token);
    assert.equal(
      (await vera.client.data<{ resendVerificationEmail: boolean }>(RESEND)).resendVerificationEmail,
      false,
      'nothing to resend',
    );
  });

  it('resendVerificationEmail sends a new link, rate limited; a link of either works, and then both are spent', async () => {
    const rex = await signUp(stack, 'Rex');
    await mailsTo(smtp, rex.email, SUBJECT);
    for (let i = 0; i < 2; i++)
      assert.equal((await rex.client.data<{ resendVerificationEmail: boolean }>(RESEND)).resendVerificationEmail, true);
    const limited = await rex.client.request(RESEND);
    assert.deepEqual(errorCodes(limited), ['RATE_LIMITED']);
    assert.ok(Number(limited.errors?.[0]?.extensions?.retryAfterSeconds) > 0);
    const mails = await mailsTo(smtp, rex.email, SUBJECT, 3);
    const [first, , last] = mails.map((mail) => linkToken(mail, VERIFY_PAGE));
    assert.equal(new Set(mails.map((mail) => linkToken(mail, VERIFY_PAGE))).size, 3, 'three distinct links');
    assert.equal((await stack.client().data<{ verifyEmail: boolean }>(VERIFY, { t: last })).verifyEmail, true);
    assert.deepEqual(errorCodes(await stack.client().request(VERIFY, { t: first })), ['BAD_USER_INPUT'], 'the other links are void');
    assert.equal(await verified(rex), true);
    assert.deepEqual(errorCodes(await stack.client().request(RESEND)), ['UNAUTHENTICATED'], 'resending needs a sign-in');
  });

  it('refuses tampered, expired, oversized and NUL tokens, changing nothing', async () => {
    const tia = await signUp(stack, 'Tia');
    const token = linkToken((await mailsTo(smtp, tia.email, SUBJECT))[0]!, VERIFY_PAGE);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [tampered, 'x'.repeat(10_000), `${token}\u0000`, '']) {
      const result = await stack.client().request(VERIFY, { t: bad });
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT']);
      assert.ok(result.errors?.[0]?.extensions?.fields?.token);
    }
    await queryDatabase(
      stack.env,
      'accounts',
      `update account_tokens set expires_at = now() - interval '1 second' where account_id = $1 and purpose = 'email_verification'`,
      [tia.id],
    );
    const expired = await stack.client().request(VERIFY, { t: token });
    assert.deepEqual(errorCodes(expired), ['BAD_USER_INPUT']);
    assert.ok(expired.errors?.[0]?.extensions?.fields?.token);
    assert.equal(await verified(tia), false);
  });

  it('emailVerified is visible where email is: to the user themself and to ADMINs, null to anyone else', async () => {
    const [ola, peer] = await Promise.all([signUp(stack, 'Ola'), signUp(stack, 'Peer')]);
    await stack.client().data(VERIFY, { t: linkToken((await mailsTo(smtp, ola.email, SUBJECT))[0]!, VERIFY_PAGE) });
    const seen = async (by: TestUser) => (await by.client.data<{ user: Visible }>(USER, { id: ola.id })).user;
    assert.deepEqual(await seen(ola), { id: ola.id, email: ola.email, emailVerified: true });
    assert.deepEqual(await seen(admin), { id: ola.id, email: ola.email, emailVerified: true });
    assert.deepEqual(await seen(peer), { id: ola.id, email: null, emailVerified: null });
    assert.deepEqual((await admin.client.data<{ user: Visible }>(USER, { id: peer.id })).user.emailVerified, false);
  });

  it('a representation sent straight to accounts with a made-up email learns nothing', async () => {
    const [kai, eve] = await Promise.all([signUp(stack, 'Kai'), signUp(stack, 'Eve')]);
    const direct = new GraphQLClient(stack.subgraphs.accounts.url, eve.accessToken);
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { emailVerified } } }';
    const { _entities } = await direct.data<{ _entities: { emailVerified: boolean | null }[] }>(entities, {
      r: [
        { __typename: 'User', id: kai.id, email: 'guess@example.com' },
        { __typename: 'User', id: kai.id, email: null },
      ],
    });
    assert.deepEqual(_entities, [{ emailVerified: null }, { emailVerified: null }]);
  });
});

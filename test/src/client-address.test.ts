import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCodes, GraphQLClient, type GraphQLResult, type Stack, startStack } from '@taskgraph/stack';
import { type AuthPayload, LOGIN, newRegistration, REGISTER } from './operations.js';

/**
 * The gateway trusts one proxy hop here, and the test is that proxy: it appends the address it
 * "sees" to whatever X-Forwarded-For the client wrote, as a real one does.
 */
const through = (stack: Stack, address: string, spoofed: string): GraphQLClient =>
  new GraphQLClient(stack.gateway.url, undefined, { 'x-forwarded-for': `${spoofed}, ${address}` });

const retryAfter = (result: GraphQLResult<unknown>): unknown => result.errors?.[0]?.extensions?.retryAfterSeconds;

describe('the client address comes from trusted proxies only, and limits follow it', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ TRUST_PROXY: '1', RATE_LIMIT_PER_ADDRESS: '15', LOGIN_MAX_FAILURES: '5', LOGIN_LOCKOUT_SECONDS: '1' });
  });
  after(() => stack.stop());

  async function registered(address: string): Promise<{ email: string; password: string }> {
    const input = newRegistration('Owner');
    await through(stack, address, '203.0.113.1').data<{ register: AuthPayload }>(REGISTER, { input });
    return { email: input.email, password: input.password };
  }

  it('a spoofed X-Forwarded-For resets no per-address budget at the gateway', async () => {
    for (let i = 0; i < 15; i++)
      assert.deepEqual(errorCodes(await through(stack, '10.1.0.1', `198.51.100.${i}`).request('{ __typename }')), []);
    const over = await through(stack, '10.1.0.1', '198.51.100.99').request('{ __typename }');
    assert.equal(over.status, 429);
    assert.deepEqual(errorCodes(over), ['RATE_LIMITED']);
    assert.deepEqual(
      errorCodes(await through(stack, '10.1.0.2', '198.51.100.1').request('{ __typename }')),
      [],
      'another address has its own budget',
    );
  });

  it('five wrong passwords from one address lock that address out of the email, not its owner', async () => {
    const owner = await registered('10.2.0.9');
    for (let i = 0; i < 5; i++) {
      const failed = await through(stack, '10.2.0.1', `198.51.100.${i}`).request(LOGIN, {
        input: { email: owner.email, password: `guess ${i}` },
      });
      assert.deepEqual(errorCodes(failed), ['UNAUTHENTICATED'], `guess ${i}`);
      assert.equal(failed.errors?.[0]?.extensions?.reason, 'LOGIN_REQUIRED');
    }
    const locked = await through(stack, '10.2.0.1', '198.51.100.50').request(LOGIN, { input: owner });
    assert.deepEqual(errorCodes(locked), ['RATE_LIMITED'], 'even the right password, whatever the spoofed header');
    const { login } = await through(stack, '10.2.0.2', '198.51.100.50').data<{ login: AuthPayload }>(LOGIN, { input: owner });
    assert.ok(login.accessToken, 'the owner logs in from their own address');
  });

  it('each further lockout lasts twice as long', async () => {
    const owner = await registered('10.3.0.9');
    const attacker = through(stack, '10.3.0.1', '198.51.100.1');
    const lockOut = async (): Promise<unknown> => {
      for (let i = 0; i < 5; i++)
        assert.deepEqual(errorCodes(await attacker.request(LOGIN, { input: { email: owner.email, password: `guess ${i}` } })), [
          'UNAUTHENTICATED',
        ]);
      const locked = await attacker.request(LOGIN, { input: { email: owner.email, password: 'guess 5' } });
      assert.deepEqual(errorCodes(locked), ['RATE_LIMITED']);
      return retryAfter(locked);
    };
    assert.equal(await lockOut(), 1);
    // The lockout under test is one second long: wait it out.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(await lockOut(), 2);
  });

  it('a subgraph ignores X-Forwarded-For sent to it directly', async () => {
    const owner = await registered('10.4.0.9');
    const direct = (i: number) => new GraphQLClient(stack.subgraphs.accounts.url, undefined, { 'x-forwarded-for': `198.51.100.${i}` });
    for (let i = 0; i < 5; i++)
      assert.deepEqual(errorCodes(await direct(i).request(LOGIN, { input: { email: owner.email, password: `guess ${i}` } })), [
        'UNAUTHENTICATED',
      ]);
    assert.deepEqual(errorCodes(await direct(99).request(LOGIN, { input: owner })), ['RATE_LIMITED']);
  });

  it('an email of 254 characters registers and logs in; 255 is BAD_USER_INPUT', async () => {
    const domain = `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`;
    const email = (length: number) => `${'a'.repeat(length - domain.length - 1)}@${domain}`;
    const client = through(stack, '10.5.0.1', '198.51.100.1');
    const input = { ...newRegistration('Long'), email: email(254) };
    assert.equal(input.email.length, 254);
    await client.data(REGISTER, { input });
    await client.data(LOGIN, { input: { email: input.email, password: input.password } });
    // A wrong password for it is counted like any other (its limiter key fits).
    assert.deepEqual(errorCodes(await client.request(LOGIN, { input: { email: input.email, password: 'not it at all' } })), [
      'UNAUTHENTICATED',
    ]);
    const tooLong = await client.request(REGISTER, { input: { ...newRegistration('Longer'), email: email(255) } });
    assert.deepEqual(errorCodes(tooLong), ['BAD_USER_INPUT']);
    assert.equal(typeof tooLong.errors?.[0]?.extensions?.fields?.email, 'string');
  });
});

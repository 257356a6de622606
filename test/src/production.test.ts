import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type Stack, startStack } from '@taskgraph/stack';
import { exportJWK, generateKeyPair } from 'jose';
import { signUp, type TestUser } from './users.js';

describe('in production mode, through the gateway', () => {
  let stack: Stack;
  let ada: TestUser;
  before(async () => {
    // Production generates no signing key: it must be given one, as a deployment does.
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const signingKeys = JSON.stringify([{ ...(await exportJWK(privateKey)), kid: 'production-test' }]);
    stack = await startStack({ NODE_ENV: 'production', AUTH_SIGNING_KEYS: signingKeys });
    ada = await signUp(stack, 'Ada');
  });
  after(() => stack.stop());

  it('has introspection off', async () => {
    const result = await ada.client.request('{ __schema { queryType { name } } }');
    assert.deepEqual(errorCodes(result), ['GRAPHQL_VALIDATION_FAILED']);
    assert.equal(result.data ?? null, null);
  });

  it('serves no Sandbox on GET /graphql', async () => {
    const response = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    const body = await response.text();
    assert.doesNotMatch(response.headers.get('content-type') ?? '', /html/);
    assert.doesNotMatch(body, /sandbox/i);
  });

  it('allows no foreign browser origin', async () => {
    const origin = 'https://evil.example';
    const preflight = await fetch(stack.gateway.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const post = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    assert.equal(post.headers.get('access-control-allow-origin'), null);
  });

  it('sends user errors without a stack trace', async () => {
    const result = await ada.client.request('query($id: ID!) { user(id: $id) { id } }', { id: 'not an id' });
    assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT']);
    assert.equal(result.errors?.[0]?.extensions?.stacktrace, undefined);
  });

  // Last: it breaks the users database.
  it('masks an unexpected error: no message, stack trace or SQL', async () => {
    await queryDatabase(stack.env, 'users', 'alter table users rename to users_gone');
    const result = await ada.client.request('{ me { id displayName } }');
    assert.deepEqual(errorCodes(result), ['INTERNAL_SERVER_ERROR']);
    const [error] = result.errors!;
    assert.equal(error!.message, 'Internal server error');
    assert.equal(error!.extensions?.stacktrace, undefined);
    assert.doesNotMatch(JSON.stringify(result.errors), /users_gone|relation|select/i);
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { errorCodes, GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { metricsOf } from './metrics.js';
import { signUp, type TestUser } from './users.js';

/** Posts a raw body to the gateway (or a subgraph), as an attacker would, and returns status, body and time taken. */
async function post(
  stack: Stack,
  body: string,
  token?: string,
  url = stack.gateway.url,
): Promise<{ status: number; json: { errors?: { message: string; extensions?: { code?: string } }[] }; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const json = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, json, ms: performance.now() - started };
}

const nested = (depth: number): string => {
  let selection = 'id';
  for (let level = 0; level < depth; level++)
    selection = level % 2 ? `owner { ${selection} }` : `projects { edges { node { ${selection} } } }`;
  return `{ me { ${selection} } }`;
};

describe('hostile operations are refused cheaply, and the gateway keeps answering', () => {
  let stack: Stack;
  let ada: TestUser;
  before(async () => {
    stack = await startStack({ MAX_COST: '400' });
    ada = await signUp(stack, 'Ada');
  });
  after(() => stack.stop());

  const stillServes = async () => {
    const { me } = await ada.client.data<{ me: { displayName: string } }>('{ me { displayName } }');
    assert.equal(me.displayName, 'Ada');
  };

  it('refuses a query 50 levels deep', async () => {
    const result = await post(stack, JSON.stringify({ query: nested(50) }), ada.accessToken);
    assert.equal(result.status, 400);
    assert.ok(result.json.errors?.every((error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED'));
    assert.ok(result.json.errors?.some((error) => /depth limit/i.test(error.message)));
    await stillServes();
  });

  it('refuses 10,000 aliases', async () => {
    const fields = Array.from({ length: 10_000 }, (_, i) => `a${i}: me { id }`).join(' ');
    const result = await post(stack, JSON.stringify({ query: `{ ${fields} }` }), ada.accessToken);
    assert.equal(result.status, 400);
    assert.deepEqual(
      result.json.errors?.map((error) => error.extensions?.code),
      ['GRAPHQL_PARSE_FAILED'],
    );
    assert.match(result.json.errors![0]!.message, /5000 tokens/i);
    // Fewer, but still too many for the alias limit on its own.
    const some = Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ');
    const aliases = await post(stack, JSON.stringify({ query: `{ ${some} }` }), ada.accessToken);
    assert.equal(aliases.status, 400);
    assert.ok(aliases.json.errors?.some((error) => /aliases limit/i.test(error.message)));
    await stillServes();
  });

  it('a subgraph refuses 1,000 aliases sent to it directly, as the gateway does', async () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `a${i}: me { id }`).join(' ');
    const statements = stack.subgraphs.users.statements.count;
    const direct = await new GraphQLClient(stack.subgraphs.users.url, ada.accessToken).request(`{ ${fields} }`);
    assert.equal(direct.status, 400);
    assert.deepEqual(errorCodes(direct), ['GRAPHQL_PARSE_FAILED'], 'past the token limit');
    assert.equal(stack.subgraphs.users.statements.count, statements, 'no SQL was run for it');
    const some = Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ');
    const aliases = await new GraphQLClient(stack.subgraphs.users.url, ada.accessToken).request(`{ ${some} }`);
    assert.equal(aliases.status, 400);
    assert.ok(
      aliases.errors?.some((error) => /aliases limit/i.test(error.message)),
      JSON.stringify(aliases.errors),
    );
  });

  it('keeps metrics bounded whatever operation names clients invent', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `Invented${i}`);
    for (let start = 0; start < names.length; start += 20) {
      await Promise.all(names.slice(start, start + 20).map((name) => ada.client.data(`query ${name} { me { id } }`)));
    }
    for (const url of [stack.gateway.url, stack.subgraphs.users.url]) {
      const labels = new Set(
        [...(await metricsOf(url)).matchAll(/^graphql_operations_total\{[^}]*operation="([^"]+)"/gm)].map((match) => match[1]),
      );
      assert.ok(labels.size <= 202, `${labels.size} operation labels at ${url}`);
      assert.ok(labels.has('other'), 'names beyond the bound are counted as other');
    }
  });

  it('refuses a 5 MB body before reading it as GraphQL, at the gateway and at a subgraph', async () => {
    const body = JSON.stringify({ query: `{ me { id } }`, variables: { padding: 'x'.repeat(5 * 1024 * 1024) } });
    for (const url of [stack.gateway.url, stack.subgraphs.users.url]) {
      const result = await post(stack, body, ada.accessToken, url);
      assert.equal(result.status, 413, url);
      assert.deepEqual(result.json.errors, [{ message: 'Request body is too large', extensions: { code: 'BAD_REQUEST' } }]);
    }
    await stillServes();
  });

  it('answers a body that is not JSON with a GraphQL error, at the gateway and at a subgraph', async () => {
    for (const url of [stack.gateway.url, stack.subgraphs.users.url]) {
      const result = await post(stack, '{"query": "{ me { id } }"', ada.accessToken, url);
      assert.equal(result.status, 400, url);
      assert.deepEqual(result.json.errors, [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }]);
    }
    await stillServes();
  });

  it('refuses a batch of 1,000 operations', async () => {
    const batch = JSON.stringify(Array.from({ length: 1000 }, () => ({ query: '{ me { id } }' })));
    const result = await post(stack, batch, ada.accessToken);
    assert.equal(result.status, 400);
    assert.ok(result.json.errors?.length);
    await stillServes();
  });

  it('refuses a cost bomb on nested connections that stays within the depth and alias limits', async () => {
    const bomb = `{ me { projects(first: 100) { edges { node { members { user { projects(first: 100) { edges { node { name members { role user { displayName } } owner { displayName bio } } } } } } owner { displayName } } } } } }`;
    const result = await post(stack, JSON.stringify({ query: bomb }), ada.accessToken);
    assert.equal(result.status, 400);
    assert.match(result.json.errors![0]!.message, /cost/i);
    await stillServes();
  });

  it('serves automatic persisted queries, and refuses a hash that does not match its query', async () => {
    const query = '{ me { displayName } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await post(stack, JSON.stringify({ extensions: persisted }), ada.accessToken);
    assert.equal(unknown.json.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(stack, JSON.stringify({ query, extensions: persisted }), ada.accessToken);
    assert.deepEqual(registered.json.errors, undefined);
    const byHash = await post(stack, JSON.stringify({ extensions: persisted }), ada.accessToken);
    assert.deepEqual((byHash.json as { data?: unknown }).data, { me: { displayName: 'Ada' } });
    const forged = await post(stack, JSON.stringify({ query: '{ me { id } }', extensions: persisted }), ada.accessToken);
    assert.equal(forged.status, 400);
    assert.match(forged.json.errors?.[0]?.message ?? '', /does not match/);
  });

  it('limits requests per user and per address with RATE_LIMITED, retryAfterSeconds and HTTP 429', async () => {
    const limited = await startStack({ RATE_LIMIT_PER_USER: '5', RATE_LIMIT_PER_ADDRESS: '1000' });
    try {
      const bob = await signUp(limited, 'Bob');
      const results = [];
      for (let i = 0; i < 8; i++) results.push(await bob.client.request('{ me { id } }'));
      // signUp used none of Bob's budget: it ran before he had a token.
      assert.deepEqual(results.slice(0, 5).map(errorCodes), [[], [], [], [], []]);
      for (const result of results.slice(5)) {
        assert.equal(result.status, 429);
        assert.deepEqual(errorCodes(result), ['RATE_LIMITED']);
        const retryAfter = result.errors?.[0]?.extensions?.retryAfterSeconds;
        assert.ok(typeof retryAfter === 'number' && retryAfter >= 1 && retryAfter <= 60);
      }
      const carol = await signUp(limited, 'Carol');
      assert.deepEqual(errorCodes(await carol.client.request('{ me { id } }')), [], 'another user has a budget of their own');
    } finally {
      await limited.stop();
    }
  });
});

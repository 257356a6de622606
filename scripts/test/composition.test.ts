import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeSupergraph, driftedFiles } from '../src/composition.js';

describe('the committed schema files', () => {
  it('compose, and match what the code produces (run `npm run compose` after a schema change)', async () => {
    assert.deepEqual(await driftedFiles(), []);
  });

  it('give clients an API schema without federation’s types and directives', async () => {
    const api = (await composeSupergraph()).get('schema/api.graphql') ?? '';
    assert.ok(api.includes('type Query {'));
    assert.ok(api.includes('type Subscription {'), 'the subscriptions the gateway serves are part of it');
    assert.doesNotMatch(api, /join__|link__|@link|@key|@join|_Entity|_service/);
  });
});

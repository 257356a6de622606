import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import { metricsOf, sample } from './metrics.js';
import { signUp, type TestUser } from './users.js';

describe('Prometheus metrics on every service', () => {
  let stack: Stack;
  let ada: TestUser;
  before(async () => {
    stack = await startStack();
    ada = await signUp(stack, 'Ada');
  });
  after(() => stack.stop());

  it('count and time operations at the gateway and at the subgraphs, and each subgraph fetch', async () => {
    for (let i = 0; i < 3; i++) await ada.client.data('query Me { me { displayName } }');
    const gateway = await metricsOf(stack.gateway.url);
    assert.equal(sample(gateway, 'graphql_operations_total', { operation: 'Me', type: 'query', outcome: 'ok', service: 'gateway' }), 3);
    assert.equal(sample(gateway, 'graphql_operation_duration_seconds_count', { operation: 'Me', type: 'query' }), 3);
    assert.ok((sample(gateway, 'subgraph_fetch_duration_seconds_count', { subgraph: 'users', outcome: '200' }) ?? 0) >= 3);
    assert.ok(gateway.includes('live_subscriptions_open'));

    const users = await metricsOf(stack.subgraphs.users.url);
    assert.ok((sample(users, 'graphql_operations_total', { type: 'query', outcome: 'ok', service: 'users' }) ?? 0) >= 3);
    assert.ok(users.includes('process_resident_memory_bytes'), 'process metrics too');
  });

  it('show the event backbone: outbox backlog, consumer lag, handled events, database pool', async () => {
    const accounts = await metricsOf(stack.subgraphs.accounts.url);
    assert.equal(sample(accounts, 'outbox_backlog', { service: 'accounts' }), 0);
    assert.ok(sample(accounts, 'outbox_oldest_age_seconds', { service: 'accounts' }) !== undefined);
    const users = await eventually(
      async () => {
        const text = await metricsOf(stack.subgraphs.users.url);
        return (sample(text, 'events_handled_total', { consumer: 'users', outcome: 'ok' }) ?? 0) >= 1 ? text : undefined;
      },
      10_000,
      'the users consumer to count the registration',
    );
    assert.equal(sample(users, 'consumer_pending_events', { consumer: 'users' }), 0);
    assert.ok(sample(users, 'db_pool_connections_free', { service: 'users' }) !== undefined);
  });
});

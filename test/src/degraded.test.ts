import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { FlakyProxy } from './flaky-proxy.js';
import { signUp, type TestUser } from './users.js';

describe('a failing subgraph: retries, deadlines and a circuit breaker at the gateway', () => {
  let stack: Stack;
  let ada: TestUser;
  let taskId: string;
  before(async () => {
    stack = await startStack({ SUBGRAPH_TIMEOUT_MS: '2000' });
    ada = await signUp(stack, 'Ada');
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(
      `mutation { createProject(input: { name: "Up" }) { id } }`,
    );
    ({
      createTask: { id: taskId },
    } = await ada.client.data<{ createTask: { id: string } }>(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Still here" }) { id } }`,
      { p: createProject.id },
    ));
  });
  after(() => stack.stop());

  it('tries a reading fetch again when the connection drops, and never a mutation', async () => {
    const proxy = await FlakyProxy.start(stack.subgraphs.users);
    const replica = await stack.startGateway({ USERS_URL: proxy.url() });
    const client = new GraphQLClient(replica.url, ada.accessToken);
    try {
      proxy.drop(2);
      const before = proxy.requests;
      const read = await client.request<{ me: { displayName: string } }>('{ me { displayName } }');
      assert.deepEqual(errorCodes(read), []);
      assert.equal(read.data?.me.displayName, 'Ada');
      assert.equal(proxy.requests - before, 3, 'two dropped attempts, then one answered');

      proxy.drop(1);
      const sent = proxy.requests;
      const write = await client.request('mutation { updateProfile(input: { displayName: "Ada L." }) { displayName } }');
      assert.equal(write.errors?.[0]?.message, 'The users service is unavailable');
      assert.equal(proxy.requests - sent, 1, 'the mutation is sent once');
      const { me } = await ada.client.data<{ me: { displayName: string } }>('{ me { displayName } }');
      assert.equal(me.displayName, 'Ada', 'and it did not take effect');
    } finally {
      await replica.stop();
      await proxy.stop();
    }
  });

  it('gives up on a subgraph that does not answer in time, without trying again', async () => {
    const proxy = await FlakyProxy.start(stack.subgraphs.users);
    const replica = await stack.startGateway({ USERS_URL: proxy.url(), SUBGRAPH_TIMEOUT_MS: '300' });
    try {
      proxy.stall(1);
      const sent = proxy.requests;
      const started = performance.now();
      const result = await new GraphQLClient(replica.url, ada.accessToken).request<{ me: null; task: { title: string } }>(
        `query($t: ID!) { me { displayName } task(id: $t) { title } }`,
        { t: taskId },
      );
      assert.ok(performance.now() - started < 2000, 'answered soon after the deadline');
      assert.equal(result.errors?.[0]?.message, 'The users service did not answer in time');
      assert.equal(result.data?.task.title, 'Still here', 'the other subgraphs’ fields are answered');
      assert.equal(proxy.requests - sent, 1, 'not tried again');
    } finally {
      await replica.stop();
      await proxy.stop();
    }
  });

  it('stops calling a subgraph that keeps failing, then tries it again and closes the circuit', async () => {
    const replica = await stack.startGateway({ CIRCUIT_MIN_CALLS: '3', CIRCUIT_RESET_MS: '500' });
    const client = new GraphQLClient(replica.url, ada.accessToken);
    const query = `query($t: ID!) { me { displayName } task(id: $t) { title } }`;
    const circuitOpen = async () =>
      /subgraph_circuit_open\{[^}]*subgraph="tasks"[^}]*\} 1/.test(await (await fetch(new URL('/metrics', replica.url))).text());

    await stack.subgraphs.tasks.stop();
    const messages = [];
    for (let i = 0; i < 5; i++) {
      const result = await client.request<{ me: { displayName: string } }>(query, { t: taskId });
      assert.equal(result.data?.me.displayName, 'Ada', 'the other subgraphs still answer');
      messages.push(result.errors?.[0]?.message);
    }
    assert.equal(messages[0], 'The tasks service is unavailable');
    assert.equal(messages.at(-1), 'The tasks service is unavailable (not called while it keeps failing)');
    assert.equal(await circuitOpen(), true);

    await stack.restartSubgraph('tasks');
    await eventually(
      async () => {
        const result = await client.request<{ task: { title: string } | null }>(query, { t: taskId });
        return result.data?.task?.title === 'Still here' ? true : undefined;
      },
      10_000,
      'the circuit to close again',
    );
    assert.equal(await circuitOpen(), false);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, type Stack } from './stack.js';
import { GraphQLClient, errorCodes } from './client.js';
import { eventually } from '@taskgraph/kit/testing';
import { signUp, type TestUser } from './users.js';

describe('a subgraph that is down costs only its own fields', () => {
  let stack: Stack;
  let ada: TestUser;
  let taskId: string;
  before(async () => {
    stack = await startStack({ SUBGRAPH_TIMEOUT_MS: '2000' });
    ada = await signUp(stack, 'Ada');
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(`mutation { createProject(input: { name: "Up" }) { id } }`);
    ({ createTask: { id: taskId } } = await ada.client.data<{ createTask: { id: string } }>(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Still here" }) { id } }`,
      { p: createProject.id },
    ));
  });
  after(() => stack.stop());

  it('answers the other subgraphs’ fields with an error on the missing part, and recovers when it is back', async () => {
    const query = `query($t: ID!) { me { displayName } task(id: $t) { title } }`;
    await stack.subgraphs.tasks.stop();
    const degraded = await ada.client.request<{ me: { displayName: string }; task: null }>(query, { t: taskId });
    assert.equal(degraded.status, 200);
    assert.deepEqual(degraded.data, { me: { displayName: 'Ada' }, task: null });
    assert.deepEqual(errorCodes(degraded), ['INTERNAL_SERVER_ERROR']);
    assert.equal(degraded.errors?.[0]?.message, 'The tasks service is unavailable');
    assert.ok(!JSON.stringify(degraded.errors).includes(`:${stack.subgraphs.tasks.port}`), 'the address is not shown');

    await stack.restartSubgraph('tasks');
    const recovered = await ada.client.request<{ task: { title: string } }>(query, { t: taskId });
    assert.deepEqual(errorCodes(recovered), []);
    assert.equal(recovered.data?.task.title, 'Still here');
  });

  it('stops calling a subgraph that keeps failing, then tries it again and closes the circuit', async () => {
    const replica = await stack.startGateway({ CIRCUIT_MIN_CALLS: '3', CIRCUIT_RESET_MS: '500' });
    const client = new GraphQLClient(replica.url, ada.accessToken);
    const query = `query($t: ID!) { me { displayName } task(id: $t) { title } }`;
    const circuitOpen = async () => /subgraph_circuit_open\{[^}]*subgraph="tasks"[^}]*\} 1/.test(await (await fetch(new URL('/metrics', replica.url))).text());

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
    await eventually(async () => {
      const result = await client.request<{ task: { title: string } | null }>(query, { t: taskId });
      return result.data?.task?.title === 'Still here' ? true : undefined;
    }, 10_000, 'the circuit to close again');
    assert.equal(await circuitOpen(), false);
  });
});

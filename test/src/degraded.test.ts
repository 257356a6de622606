import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, type Stack } from './stack.js';
import { errorCodes } from './client.js';
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
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type Stack, startStack } from '@taskgraph/stack';
import { ARCHIVE, as, CREATE_TASK, createProject } from './rights.js';
import { signUp } from './users.js';

describe('a change of rights whose enforcer lags', () => {
  let stack: Stack;
  let second: RunningGateway;
  before(async () => {
    stack = await startStack();
    second = await stack.startGateway();
  });
  after(() => stack.stop());

  it('an enforcer that lags past RIGHTS_WAIT_MS: the archive is saved, and the mutation says it is not yet in force', async () => {
    const owner = await signUp(stack, 'Lagging');
    const p = await createProject(as(stack.gateway, owner), 'Lag');
    // Its durable consumer stays, and stops acknowledging.
    await stack.subgraphs.tasks.stop();
    try {
      const started = Date.now();
      const result = await as(stack.gateway, owner).request(ARCHIVE, { p });
      const elapsed = Date.now() - started;
      assert.deepEqual(
        result.errors?.map((error) => [error.extensions?.code, error.extensions?.reason]),
        [['INTERNAL_SERVER_ERROR', 'NOT_YET_IN_FORCE']],
      );
      assert.match(result.errors![0]!.message, /saved but not yet in force/);
      assert.ok(elapsed >= 5000 && elapsed < 9000, `returned after ${elapsed} ms, at the bound (RIGHTS_WAIT_MS)`);
      const [project] = await queryDatabase<{ archived_at: Date | null }>(
        stack.env,
        'projects',
        'select archived_at from projects where id = $1',
        [p],
      );
      assert.ok(project?.archived_at, 'the archive is saved');
    } finally {
      await stack.restartSubgraph('tasks');
    }
    await eventually(
      async () => (errorCodes(await as(second, owner).request(CREATE_TASK, { p }))[0] === 'FORBIDDEN' ? true : undefined),
      20_000,
      'the archive in force once the enforcer is back',
    );
  });
});

import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { type Stack, startStack } from '@taskgraph/stack';
import { ADD_COMMENT, ARCHIVE, as, CREATE_TASK, createProject, inLanes, refused, UPDATE_TASK } from './rights.js';
import { signUp } from './users.js';

describe('archiving is in force when archiveProject returns, on every gateway replica', () => {
  let stack: Stack;
  let second: RunningGateway;
  before(async () => {
    // Every cycle sends its operations from this one address. What is tested is that a change holds once its mutation
    // returned, not how soon it returns: a loaded test machine is given more time than RIGHTS_WAIT_MS allows by default.
    stack = await startStack({ RATE_LIMIT_PER_ADDRESS: '100000', RIGHTS_WAIT_MS: '30000' });
    second = await stack.startGateway();
  });
  after(() => stack.stop());

  it('100 cycles: right after the archive, createTask, updateTask and addComment are FORBIDDEN, through the other replica', async () => {
    await inLanes(
      (lane) => signUp(stack, `Owner${lane}`),
      async (owner, cycle) => {
        // The mutation through one replica, the next requests through the other.
        const [writes, next] = cycle % 2 ? [stack.gateway, second] : [second, stack.gateway];
        const p = await createProject(as(writes, owner), `P${cycle}`);
        const { createTask } = await as(next, owner).data<{ createTask: { id: string } }>(CREATE_TASK, { p });
        const t = createTask.id;
        await as(writes, owner).data(ARCHIVE, { p });
        await refused(as(next, owner), CREATE_TASK, { p }, 'FORBIDDEN', `cycle ${cycle}: createTask`);
        await refused(as(next, owner), UPDATE_TASK, { t }, 'FORBIDDEN', `cycle ${cycle}: updateTask`);
        await refused(as(next, owner), ADD_COMMENT, { t }, 'FORBIDDEN', `cycle ${cycle}: addComment`);
      },
      async () => undefined,
    );
  });
});

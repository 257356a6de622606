import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { liveClient, type Stack, startStack } from '@taskgraph/stack';
import {
  ADD_COMMENT,
  ADD_MEMBER,
  as,
  CHANGE_ROLE,
  CREATE_TASK,
  createProject,
  inLanes,
  REMOVE_MEMBER,
  refused,
  subscribeRefused,
  TASK,
  UPDATE_TASK,
} from './rights.js';
import { signUp } from './users.js';

describe('a change of membership is in force when its mutation returns, on every gateway replica', () => {
  let stack: Stack;
  let second: RunningGateway;
  before(async () => {
    // Every cycle sends its operations from this one address. What is tested is that a change holds once its mutation
    // returned, not how soon it returns: a loaded test machine is given more time than RIGHTS_WAIT_MS allows by default.
    stack = await startStack({ RATE_LIMIT_PER_ADDRESS: '100000', RIGHTS_WAIT_MS: '30000' });
    second = await stack.startGateway();
  });
  after(() => stack.stop());

  it('100 cycles: a grant, a role lowered to VIEWER and a removal each hold for the very next request, through the other replica', async () => {
    const gateways = [stack.gateway, second] as const;
    await inLanes(
      async (lane) => {
        const [owner, member] = await Promise.all([signUp(stack, `Owner${lane}`), signUp(stack, `Member${lane}`)]);
        const project = await createProject(as(stack.gateway, owner), `P${lane}`);
        return { owner, member, project, live: gateways.map((gateway) => liveClient(gateway.url, member.accessToken)) };
      },
      async ({ owner, member, project: p, live }, cycle) => {
        const what = (step: string) => `cycle ${cycle}: ${step}`;
        const [writes, next] = cycle % 2 ? [gateways[0], gateways[1]] : [gateways[1], gateways[0]];
        const variables = { p, u: member.id };
        await as(writes, owner).data(ADD_MEMBER, variables);
        const { createTask } = await as(next, member).data<{ createTask: { id: string } }>(CREATE_TASK, { p });
        const t = createTask.id;

        await as(writes, owner).data(CHANGE_ROLE, variables);
        await refused(as(next, member), UPDATE_TASK, { t }, 'FORBIDDEN', what('a VIEWER writes'));

        await as(writes, owner).data(REMOVE_MEMBER, variables);
        await refused(as(next, member), TASK, { t }, 'NOT_FOUND', what('a removed member reads'));
        await refused(as(next, member), ADD_COMMENT, { t }, 'NOT_FOUND', what('a removed member writes'));
        await subscribeRefused(live[cycle % 2 ? 1 : 0]!, p, 'FORBIDDEN', what('a removed member subscribes'));
      },
      async ({ live }) => {
        for (const client of live) await client.dispose();
      },
    );
  });
});

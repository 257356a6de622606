/** Operations and checks shared by the tests of rights in force. */
import assert from 'node:assert/strict';
import { errorCodes, GraphQLClient } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { Subscription } from './live.js';
import type { TestUser } from './users.js';

export const CREATE_PROJECT = 'mutation($name: String!) { createProject(input: { name: $name }) { id } }';
export const ADD_MEMBER = 'mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u, role: MEMBER) { id } }';
export const CHANGE_ROLE = 'mutation($p: ID!, $u: ID!) { changeProjectMemberRole(projectId: $p, userId: $u, role: VIEWER) { id } }';
export const REMOVE_MEMBER = 'mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) { id } }';
export const ARCHIVE = 'mutation($p: ID!) { archiveProject(id: $p) { id archivedAt } }';
export const CREATE_TASK =
  'mutation($p: ID!, $a: ID, $due: DateTime) { createTask(input: { projectId: $p, title: "T", assigneeId: $a, dueAt: $due }) { id } }';
export const UPDATE_TASK = 'mutation($t: ID!) { updateTask(id: $t, input: { title: "Changed" }) { id } }';
export const ADD_COMMENT = 'mutation($t: ID!) { addComment(taskId: $t, body: "Hello") { id } }';
export const TASK = 'query($t: ID!) { task(id: $t) { id assignee { id } } }';
export const TASK_CHANGED = 'subscription($p: ID!) { taskChanged(projectId: $p) { kind task { id assignee { id } } } }';

/** Parallel lanes of back-to-back cycles: each lane waits for every step, and a few side by side keep a run short on a small machine. */
export const LANES = 10;
export const CYCLES = 100;

export const as = (gateway: { url: string }, user: TestUser) => new GraphQLClient(gateway.url, user.accessToken);

export async function refused(client: GraphQLClient, query: string, variables: Record<string, unknown>, code: string, what: string) {
  assert.deepEqual(errorCodes(await client.request(query, variables)), [code], what);
}

/** Creates a project and returns its id. */
export async function createProject(client: GraphQLClient, name: string): Promise<string> {
  return (await client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { name })).createProject.id;
}

/** Subscribes to `taskChanged` and expects it refused with `code`. */
export async function subscribeRefused(client: Client, projectId: string, code: string, what: string): Promise<void> {
  const ended = await new Subscription(client, TASK_CHANGED, { p: projectId }).whenEnded(5000);
  assert.ok(ended instanceof Error && ended.message.includes(code), `${what}: ${ended instanceof Error ? ended.message : ended}`);
}

/** Runs `cycle(n)` for n in 0..CYCLES-1, back to back in each of LANES lanes. */
export async function inLanes<L>(
  setUp: (lane: number) => Promise<L>,
  cycle: (lane: L, n: number) => Promise<void>,
  tearDown: (lane: L) => Promise<void>,
) {
  await Promise.all(
    Array.from({ length: LANES }, async (_, index) => {
      const lane = await setUp(index);
      try {
        for (let n = index; n < CYCLES; n += LANES) await cycle(lane, n);
      } finally {
        await tearDown(lane);
      }
    }),
  );
}

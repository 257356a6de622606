import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { liveClient, type Stack, startStack } from '@taskgraph/stack';
import { Subscription } from './live.js';
import { ADD_COMMENT, ADD_MEMBER, as, CREATE_TASK, createProject, REMOVE_MEMBER, TASK, TASK_CHANGED } from './rights.js';
import { signUp } from './users.js';

type Change = { taskChanged: { kind: string; task: { id: string; assignee: { id: string } | null } | null } };

const SCAN_INTERVAL_MS = 200;
/** A new title each time: an update that changes nothing records no event, and the subscription would wait for one. */
const RENAME = 'mutation($t: ID!, $title: String!) { updateTask(id: $t, input: { title: $title }) { id } }';

const count = async (stack: Stack, sql: string, params: unknown[]) =>
  (await queryDatabase<{ n: number }>(stack.env, 'notifications', sql, params))[0]!.n;

describe('removal from a project ends all involvement in it', () => {
  let stack: Stack;
  let second: RunningGateway;
  before(async () => {
    stack = await startStack({ DUE_SOON_SCAN_INTERVAL_MS: String(SCAN_INTERVAL_MS) });
    second = await stack.startGateway();
  });
  after(() => stack.stop());

  it('a removed assignee is unassigned (ASSIGNED), and gets no notification and no reminder of the project afterwards', async () => {
    const [owner, member] = await Promise.all([signUp(stack, 'Olga'), signUp(stack, 'Mats')]);
    const p = await createProject(as(stack.gateway, owner), 'Leaving');
    await as(stack.gateway, owner).data(ADD_MEMBER, { p, u: member.id });
    const due = new Date(Date.now() + 3600_000).toISOString();
    // Reported by the member and assigned to them: both ways of being notified of it.
    const { createTask } = await as(second, member).data<{ createTask: { id: string } }>(CREATE_TASK, { p, a: member.id });
    const t = createTask.id;

    const ownerLive = liveClient(second.url, owner.accessToken);
    try {
      const changes = new Subscription<Change>(ownerLive, TASK_CHANGED, { p });
      // Listening once a change reaches it.
      let renames = 0;
      await eventually(
        async () => {
          renames += 1;
          await as(stack.gateway, owner).data(RENAME, { t, title: `Renamed ${renames}` });
          return changes.results.length ? true : undefined;
        },
        10_000,
        'the subscription to hear changes',
      );
      const heard = changes.results.length;

      await as(stack.gateway, owner).data(REMOVE_MEMBER, { p, u: member.id });
      const { task } = await as(second, owner).data<{ task: { assignee: { id: string } | null } }>(TASK, { t });
      assert.equal(task.assignee, null, 'unassigned when the removal returns');
      const assigned = await eventually(
        async () => changes.results.slice(heard).find((result) => result.data?.taskChanged.kind === 'ASSIGNED'),
        10_000,
        'ASSIGNED on taskChanged',
      );
      assert.deepEqual([assigned.data?.taskChanged.task?.id, assigned.data?.taskChanged.task?.assignee], [t, null]);
      changes.close();
    } finally {
      await ownerLive.dispose();
    }

    // As if the task were theirs again (a late assignment racing the removal): due soon, and commented on.
    await queryDatabase(stack.env, 'tasks', 'update tasks set assignee_id = $1, due_at = $2, due_soon_notified_at = null where id = $3', [
      member.id,
      due,
      t,
    ]);
    // The owner's own reminder shows that the scan runs.
    await as(stack.gateway, owner).data(CREATE_TASK, { p, a: owner.id, due });
    await as(stack.gateway, owner).data(ADD_COMMENT, { t });
    await eventually(
      async () => {
        const reminded = await count(
          stack,
          `select count(*)::int as n from notifications where recipient_id = $1 and kind = 'TASK_DUE_SOON'`,
          [owner.id],
        );
        const commented = await count(stack, `select count(*)::int as n from activity_items where task_id = $1 and kind = 'COMMENTED'`, [
          t,
        ]);
        return reminded === 1 && commented === 1 ? true : undefined;
      },
      10_000,
      "the owner's reminder and the comment handled",
    );
    // A few more scans: a reminder for the non-member would have gone out by now.
    await new Promise((resolve) => setTimeout(resolve, 3 * SCAN_INTERVAL_MS));
    const rows = await queryDatabase<{ kind: string }>(
      stack.env,
      'notifications',
      'select kind from notifications where recipient_id = $1 and project_id = $2 order by created_at',
      [member.id, p],
    );
    assert.deepEqual(
      rows.map((row) => row.kind),
      ['PROJECT_MEMBER_ADDED'],
      'nothing after the removal',
    );
    const [marked] = await queryDatabase<{ at: Date | null }>(
      stack.env,
      'tasks',
      'select due_soon_notified_at as at from tasks where id = $1',
      [t],
    );
    assert.equal(marked!.at, null, 'no reminder claimed for a non-member');
  });
});

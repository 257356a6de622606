/**
 * `projectChanged` and the fields of `TaskEvent` that say what changed: every change to a
 * project and its members reaches its members, each task change comes with its field changes
 * and comment, and a member who is removed hears of it, then the subscription ends FORBIDDEN.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import { endedWithErrors, gatewayLive, Subscription } from './live.js';
import { signUp, type TestUser } from './users.js';

type ProjectChanged = {
  projectChanged: {
    id: string;
    kind: string;
    projectId: string;
    project: { name: string } | null;
    user: { id: string } | null;
    role: string | null;
    actor: { displayName: string } | null;
  };
};
type TaskChanged = {
  taskChanged: { kind: string; changes: { field: string; from: string | null; to: string | null }[]; comment: { body: string } | null };
};

const PROJECT_CHANGED = `subscription($p: ID!) { projectChanged(projectId: $p) { id kind projectId project { name } user { id } role actor { displayName } } }`;
const TASK_CHANGED = `subscription($p: ID!) { taskChanged(projectId: $p) { kind changes { field from to } comment { body } } }`;

describe('projectChanged and what a task event changed', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  let cy: TestUser;
  before(async () => {
    stack = await startStack();
    [ada, bob, cy] = await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob'), signUp(stack, 'Cy')]);
  });
  after(() => stack?.stop());

  it('reports project and membership changes to members, and ends a removed member’s subscription after telling them', async () => {
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(
      `mutation { createProject(input: { name: "Orbit" }) { id } }`,
    );
    const p = createProject.id;
    const member = (query: string, variables: Record<string, unknown>) => ada.client.data(query, { p, ...variables });
    await member(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, { u: bob.id });
    const live = gatewayLive(stack, bob.accessToken);
    const changes = new Subscription<ProjectChanged>(live, PROJECT_CHANGED, { p });
    const tasks = new Subscription<TaskChanged>(live, TASK_CHANGED, { p });
    await eventually(async () => (stack.gateway.live.stream.openSubjects.includes('project.>') ? true : undefined), 5000, 'listening');

    // Someone who is not a member is refused.
    const outsider = gatewayLive(stack, cy.accessToken);
    assert.deepEqual(
      (await endedWithErrors(new Subscription(outsider, PROJECT_CHANGED, { p }))).map((error) => error.extensions?.code),
      ['FORBIDDEN'],
    );
    await outsider.dispose();

    await member(`mutation($p: ID!) { updateProject(id: $p, input: { name: "Orbit 2" }) { id } }`, {});
    await member(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u, role: VIEWER) { id } }`, { u: cy.id });
    await member(`mutation($p: ID!, $u: ID!) { changeProjectMemberRole(projectId: $p, userId: $u, role: MEMBER) { id } }`, { u: cy.id });
    await member(`mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) { id } }`, { u: cy.id });

    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Launch", priority: LOW }) { id } }`,
      { p },
    );
    const t = createTask.id;
    await ada.client.data(`mutation($t: ID!) { updateTask(id: $t, input: { title: "Launch v2", priority: HIGH }) { id } }`, { t });
    await ada.client.data(`mutation($t: ID!, $u: ID) { assignTask(id: $t, assigneeId: $u) { id } }`, { t, u: bob.id });
    await ada.client.data(`mutation($t: ID!) { changeTaskStatus(id: $t, status: IN_PROGRESS) { id } }`, { t });
    await ada.client.data(`mutation($t: ID!) { addComment(taskId: $t, body: "Go") { id } }`, { t });
    await tasks.nth(4);
    assert.deepEqual(
      tasks.results.map((result) => result.data?.taskChanged),
      [
        { kind: 'CREATED', changes: [], comment: null },
        {
          kind: 'UPDATED',
          changes: [
            { field: 'title', from: 'Launch', to: 'Launch v2' },
            { field: 'priority', from: 'LOW', to: 'HIGH' },
          ],
          comment: null,
        },
        { kind: 'ASSIGNED', changes: [{ field: 'assignee', from: null, to: bob.id }], comment: null },
        { kind: 'STATUS_CHANGED', changes: [{ field: 'status', from: 'TODO', to: 'IN_PROGRESS' }], comment: null },
        { kind: 'COMMENTED', changes: [], comment: { body: 'Go' } },
      ],
    );

    await member(`mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) { id } }`, { u: bob.id });
    const [error] = await endedWithErrors(changes);
    assert.equal(error?.extensions?.code, 'FORBIDDEN');
    const actor = { displayName: 'Ada' };
    assert.deepEqual(
      changes.results.map(({ data }) => {
        const { id, ...event } = data!.projectChanged;
        assert.match(id, /^[0-9a-f-]{36}$/);
        return event;
      }),
      [
        { kind: 'UPDATED', projectId: p, project: { name: 'Orbit 2' }, user: null, role: null, actor },
        { kind: 'MEMBER_ADDED', projectId: p, project: { name: 'Orbit 2' }, user: { id: cy.id }, role: 'VIEWER', actor },
        { kind: 'MEMBER_ROLE_CHANGED', projectId: p, project: { name: 'Orbit 2' }, user: { id: cy.id }, role: 'MEMBER', actor },
        { kind: 'MEMBER_REMOVED', projectId: p, project: { name: 'Orbit 2' }, user: { id: cy.id }, role: null, actor },
        // About Bob himself: the project is no longer his to see.
        { kind: 'MEMBER_REMOVED', projectId: p, project: null, user: { id: bob.id }, role: null, actor },
      ],
    );
    assert.equal((await endedWithErrors(tasks)).at(0)?.extensions?.code, 'FORBIDDEN');
    await live.dispose();
  });
});

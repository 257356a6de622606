import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCodes, type Stack, startStack } from '@taskgraph/stack';
import { signUp, type TestUser } from './users.js';

interface TaskNode {
  id: string;
  title: string;
  status: string;
  priority: string;
  completedAt: string | null;
  assignee: { id: string; displayName: string } | null;
  reporter: { displayName: string };
}

describe('a project told through the gateway', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  before(async () => {
    stack = await startStack();
    [ada, bob] = await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob')]);
  });
  after(() => stack.stop());

  it('goes from an empty project to tasks done, commented, filtered, paginated and deleted', async () => {
    const { createProject } = await ada.client.data<{ createProject: { id: string; viewerRole: string; owner: { displayName: string } } }>(
      `mutation { createProject(input: { name: "Analytical Engine", description: "Notes" }) { id viewerRole owner { displayName } } }`,
    );
    assert.equal(createProject.viewerRole, 'OWNER');
    assert.equal(createProject.owner.displayName, 'Ada');
    const projectId = createProject.id;

    // Created an instant ago in projects: tasks must accept it at once.
    const created = await ada.client.data<{ createTask: TaskNode }>(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Design the mill", priority: HIGH }) { id title status priority reporter { displayName } assignee { id } } }`,
      { p: projectId },
    );
    assert.deepEqual(
      [created.createTask.status, created.createTask.priority, created.createTask.reporter.displayName, created.createTask.assignee],
      ['TODO', 'HIGH', 'Ada', null],
    );

    const { addProjectMember } = await ada.client.data<{
      addProjectMember: { members: { role: string; user: { displayName: string } }[] };
    }>(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { members { role user { displayName } } } }`, {
      p: projectId,
      u: bob.id,
    });
    assert.deepEqual(
      addProjectMember.members.map((m) => [m.user.displayName, m.role]),
      [
        ['Ada', 'OWNER'],
        ['Bob', 'MEMBER'],
      ],
    );

    // Bob was added an instant ago: he can be assigned at once.
    const taskId = created.createTask.id;
    const assigned = await ada.client.data<{ assignTask: TaskNode }>(
      `mutation($t: ID!, $u: ID) { assignTask(id: $t, assigneeId: $u) { assignee { id displayName } } }`,
      { t: taskId, u: bob.id },
    );
    assert.deepEqual(assigned.assignTask.assignee, { id: bob.id, displayName: 'Bob' });

    for (const status of ['IN_PROGRESS', 'IN_REVIEW']) {
      const moved = await bob.client.data<{ changeTaskStatus: TaskNode }>(
        `mutation($t: ID!, $s: TaskStatus!) { changeTaskStatus(id: $t, status: $s) { status completedAt } }`,
        { t: taskId, s: status },
      );
      assert.deepEqual(moved.changeTaskStatus, { status, completedAt: null });
    }
    const done = await bob.client.data<{ changeTaskStatus: TaskNode }>(
      `mutation($t: ID!) { changeTaskStatus(id: $t, status: DONE) { status completedAt } }`,
      { t: taskId },
    );
    assert.ok(done.changeTaskStatus.completedAt);
    const reopened = await bob.client.data<{ changeTaskStatus: TaskNode }>(
      `mutation($t: ID!) { changeTaskStatus(id: $t, status: TODO) { completedAt } }`,
      { t: taskId },
    );
    assert.equal(reopened.changeTaskStatus.completedAt, null);

    const { addComment } = await bob.client.data<{
      addComment: { body: string; author: { displayName: string }; task: { title: string } };
    }>(`mutation($t: ID!) { addComment(taskId: $t, body: "  On it.  ") { body author { displayName } task { title } } }`, { t: taskId });
    assert.deepEqual(addComment, { body: 'On it.', author: { displayName: 'Bob' }, task: { title: 'Design the mill' } });

    for (let i = 1; i <= 24; i++) {
      await bob.client.data(
        `mutation($p: ID!, $t: String!, $d: DateTime, $pr: TaskPriority) { createTask(input: { projectId: $p, title: $t, dueAt: $d, priority: $pr }) { id } }`,
        {
          p: projectId,
          t: `Card ${String(i).padStart(2, '0')}`,
          d: i % 3 === 0 ? null : new Date(Date.UTC(2030, 0, i)).toISOString(),
          pr: ['LOW', 'MEDIUM', 'HIGH', 'URGENT'][i % 4],
        },
      );
    }

    // Every page, in due-date order, to the end: no task twice, none missing, undated last.
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: {
        project: {
          tasks: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { title: string } }[] };
        };
      } = await ada.client.data(
        `query($p: ID!, $a: String) { project(id: $p) { tasks(first: 7, after: $a, orderBy: { field: DUE_AT, direction: ASC }, filter: { search: "card" }) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } } }`,
        { p: projectId, a: after },
      );
      const { tasks } = result.project;
      assert.equal(tasks.totalCount, 24);
      seen.push(...tasks.edges.map((edge) => edge.node.title));
      if (!tasks.pageInfo.hasNextPage) break;
      after = tasks.pageInfo.endCursor;
    }
    const dated = Array.from({ length: 24 }, (_, i) => i + 1)
      .filter((i) => i % 3 !== 0)
      .map((i) => `Card ${String(i).padStart(2, '0')}`);
    assert.deepEqual(seen.slice(0, dated.length), dated);
    assert.deepEqual(
      new Set(seen.slice(dated.length)),
      new Set(['Card 03', 'Card 06', 'Card 09', 'Card 12', 'Card 15', 'Card 18', 'Card 21', 'Card 24']),
    );

    const urgent = await ada.client.data<{ project: { tasks: { totalCount: number; edges: { node: { priority: string } }[] } } }>(
      `query($p: ID!) { project(id: $p) { tasks(filter: { priority: [URGENT], dueAfter: "2030-01-01T00:00:00Z", dueBefore: "2030-02-01T00:00:00Z" }, orderBy: { field: PRIORITY, direction: DESC }) { totalCount edges { node { priority } } } } }`,
      { p: projectId },
    );
    assert.ok(urgent.project.tasks.edges.every((edge) => edge.node.priority === 'URGENT'));
    assert.equal(urgent.project.tasks.totalCount, 4, 'cards 4, 8, 16 and 20 (12 and 24 have no due date)');

    const assignedToBob = await bob.client.data<{ me: { assignedTasks: { totalCount: number; edges: { node: { title: string } }[] } } }>(
      `{ me { assignedTasks { totalCount edges { node { title } } } } }`,
    );
    assert.deepEqual(
      assignedToBob.me.assignedTasks.edges.map((edge) => edge.node.title),
      ['Design the mill'],
    );

    const { deleteTask } = await ada.client.data<{ deleteTask: string }>(`mutation($t: ID!) { deleteTask(id: $t) }`, { t: taskId });
    assert.equal(deleteTask, taskId);
    assert.deepEqual(errorCodes(await ada.client.request(`query($t: ID!) { task(id: $t) { id } }`, { t: taskId })), ['NOT_FOUND']);
  });

  it('reads a project, its tasks and each task’s people in one query', async () => {
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(
      `mutation { createProject(input: { name: "Difference Engine" }) { id } }`,
    );
    await ada.client.data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, {
      p: createProject.id,
      u: bob.id,
    });
    for (const title of ['Gears', 'Columns']) {
      await ada.client.data(
        `mutation($p: ID!, $t: String!, $u: ID) { createTask(input: { projectId: $p, title: $t, assigneeId: $u }) { id } }`,
        { p: createProject.id, t: title, u: bob.id },
      );
    }
    const { project } = await ada.client.data<{
      project: { name: string; owner: { displayName: string }; tasks: { edges: { node: TaskNode & { project: { name: string } } }[] } };
    }>(
      `query($p: ID!) { project(id: $p) { name owner { displayName } tasks(orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { title project { name } assignee { displayName } reporter { displayName } } } } } }`,
      { p: createProject.id },
    );
    assert.equal(project.owner.displayName, 'Ada');
    assert.deepEqual(
      project.tasks.edges.map(({ node }) => [node.title, node.project.name, node.assignee?.displayName, node.reporter.displayName]),
      [
        ['Gears', 'Difference Engine', 'Bob', 'Ada'],
        ['Columns', 'Difference Engine', 'Bob', 'Ada'],
      ],
    );
  });
});

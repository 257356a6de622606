/**
 * A task board told through the gateway: columns read in their manual order and counted, cards
 * moved within and across columns (ten at once into one gap), labels and filters, comments edited,
 * deleted and read newest first, and every connection paged backwards to meet its forward pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { signUp, type TestUser } from './users.js';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Page {
  pageInfo: PageInfo;
  edges: { cursor: string; node: { id: string } }[];
}
interface Card {
  id: string;
  title: string;
  status: string;
}
interface Column {
  project: { tasks: { edges: { node: Card }[] } };
}
interface Counts {
  project: { taskCounts: { status: string; count: number }[] };
}

const COLUMN = /* GraphQL */ `
  query($p: ID!, $s: TaskStatus!) {
    project(id: $p) { tasks(first: 100, filter: { status: [$s] }, orderBy: { field: POSITION, direction: ASC }) { edges { node { id title status } } } }
  }
`;
const COUNTS = /* GraphQL */ `query($p: ID!) { project(id: $p) { taskCounts { status count } } }`;
const CREATE = /* GraphQL */ `
  mutation($p: ID!, $t: String!, $s: TaskStatus, $l: [ID!]) { createTask(input: { projectId: $p, title: $t, status: $s, labelIds: $l }) { id status } }
`;
const MOVE = /* GraphQL */ `
  mutation($id: ID!, $s: TaskStatus, $a: ID, $b: ID) { moveTask(id: $id, status: $s, afterTaskId: $a, beforeTaskId: $b) { id status } }
`;
const FILTERED = /* GraphQL */ `
  query($p: ID!, $f: TaskFilter) { project(id: $p) { tasks(first: 100, filter: $f, orderBy: { field: CREATED_AT, direction: ASC }) { totalCount edges { node { title } } } } }
`;

/** Every node of a connection, read forwards and backwards two at a time; the two readings must meet exactly. */
async function pageBothWays(read: (args: Record<string, unknown>) => Promise<Page>): Promise<string[]> {
  const forward: string[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: Page = await read({ first: 2, after: cursor });
    forward.push(...page.edges.map((edge) => edge.node.id));
    assert.equal(page.pageInfo.hasPreviousPage, cursor !== null, 'a page after a cursor has one before it');
    assert.equal(page.pageInfo.startCursor, page.edges[0]?.cursor ?? null);
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  }
  const backward: string[][] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: Page = await read({ last: 2, before: cursor });
    backward.unshift(page.edges.map((edge) => edge.node.id));
    assert.equal(page.pageInfo.hasNextPage, cursor !== null, 'a page before a cursor has one after it');
    assert.equal(page.pageInfo.endCursor, page.edges.at(-1)?.cursor ?? null);
    cursor = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
  }
  assert.deepEqual(backward.flat(), forward, 'backward pages are the forward ones, in the same order, no gap or overlap');
  assert.equal(new Set(forward).size, forward.length, 'no node twice');
  return forward;
}

describe('a task board told through the gateway', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  let projectId: string;
  before(async () => {
    stack = await startStack();
    [ada, bob] = await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob')]);
    ({
      createProject: { id: projectId },
    } = await ada.client.data<{ createProject: { id: string } }>(`mutation { createProject(input: { name: "Board" }) { id } }`));
    await ada.client.data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, { p: projectId, u: bob.id });
  });
  after(() => stack.stop());

  const column = async (status: string) =>
    (await ada.client.data<Column>(COLUMN, { p: projectId, s: status })).project.tasks.edges.map((edge) => edge.node.title);
  const create = async (client: GraphQLClient, title: string, status?: string, labelIds?: string[]) =>
    (await client.data<{ createTask: Card }>(CREATE, { p: projectId, t: title, s: status, l: labelIds })).createTask.id;

  it('keeps columns in their manual order through moves, ten of them at once into one gap, and counts them', async () => {
    const ids: Record<string, string> = {};
    for (const title of ['A', 'B', 'C']) ids[title] = await create(ada.client, title);
    for (const title of ['D', 'E']) ids[title] = await create(ada.client, title, 'IN_PROGRESS');
    assert.deepEqual(await column('TODO'), ['A', 'B', 'C'], 'a new task goes last in its column');
    assert.deepEqual(await column('IN_PROGRESS'), ['D', 'E']);

    await ada.client.data(MOVE, { id: ids.C, b: ids.A });
    assert.deepEqual(await column('TODO'), ['C', 'A', 'B'], 'moved to the front');
    await ada.client.data(MOVE, { id: ids.C, a: ids.A, b: ids.B });
    assert.deepEqual(await column('TODO'), ['A', 'C', 'B'], 'moved between neighbours');
    const { moveTask } = await bob.client.data<{ moveTask: Card }>(MOVE, { id: ids.A, s: 'IN_PROGRESS', a: ids.D });
    assert.equal(moveTask.status, 'IN_PROGRESS');
    assert.deepEqual(
      [await column('TODO'), await column('IN_PROGRESS')],
      [
        ['C', 'B'],
        ['D', 'A', 'E'],
      ],
      'across columns',
    );
    await ada.client.data(`mutation($id: ID!) { changeTaskStatus(id: $id, status: IN_PROGRESS) { id } }`, { id: ids.B });
    assert.deepEqual(await column('IN_PROGRESS'), ['D', 'A', 'E', 'B'], 'a status change puts the task last in its new column');

    // Ten cards dropped at once between the same two neighbours.
    const dropped: string[] = [];
    for (let i = 0; i < 10; i++) dropped.push(await create(ada.client, `N${i}`, 'IN_REVIEW'));
    const [left, right] = [await create(ada.client, 'Left', 'DONE'), await create(ada.client, 'Right', 'DONE')];
    const moves = await Promise.all(dropped.map((id, i) => (i % 2 ? bob : ada).client.request(MOVE, { id, s: 'DONE', a: left, b: right })));
    assert.deepEqual(moves.flatMap(errorCodes), [], 'every move lands');
    const done = await column('DONE');
    assert.deepEqual([done[0], done.at(-1), done.length], ['Left', 'Right', 12], 'every card between the neighbours, none lost');
    assert.deepEqual(await column('IN_REVIEW'), []);
    const ranks = await queryDatabase<{ position: string }>(
      stack.env,
      'tasks',
      `select position from tasks where project_id = $1 and status = 'DONE' order by position`,
      [projectId],
    );
    assert.equal(new Set(ranks.map((row) => row.position)).size, ranks.length, 'all ranks distinct');
    assert.deepEqual(await column('DONE'), done, 'the order reads the same again');

    // Moving after a neighbour only: ten at once after "Left" all land between it and the rest.
    const again = await Promise.all(dropped.map((id) => ada.client.request(MOVE, { id, a: left })));
    assert.deepEqual(again.flatMap(errorCodes), []);
    const settled = await column('DONE');
    assert.deepEqual([settled[0], settled.at(-1), settled.length], ['Left', 'Right', 12]);
    assert.deepEqual(
      errorCodes(await ada.client.request(MOVE, { id: dropped[0], a: right, b: left })),
      ['BAD_USER_INPUT'],
      'neighbours in the wrong order',
    );

    const { project } = await ada.client.data<Counts>(COUNTS, { p: projectId });
    assert.deepEqual(project.taskCounts, [
      { status: 'TODO', count: 1 },
      { status: 'IN_PROGRESS', count: 4 },
      { status: 'IN_REVIEW', count: 0 },
      { status: 'DONE', count: 12 },
      { status: 'CANCELLED', count: 0 },
    ]);

    // Neighbours from another column or project, or the task itself.
    const { createProject: other } = await ada.client.data<{ createProject: { id: string } }>(
      `mutation { createProject(input: { name: "Elsewhere" }) { id } }`,
    );
    const foreign = (await ada.client.data<{ createTask: Card }>(CREATE, { p: other.id, t: 'Foreign' })).createTask.id;
    for (const [args, field] of [
      [{ id: ids.C, a: ids.D }, 'afterTaskId'],
      [{ id: ids.C, b: foreign }, 'beforeTaskId'],
      [{ id: ids.C, a: ids.C }, 'afterTaskId'],
    ] as const) {
      const result = await ada.client.request(MOVE, args);
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT']);
      assert.ok(Object.hasOwn(Object(result.errors?.[0]?.extensions?.fields), field), `${field}: ${JSON.stringify(result.errors)}`);
    }
    assert.deepEqual(await column('TODO'), ['C'], 'nothing moved');
  });

  it('labels tasks and filters by label, by having no assignee and by reporter', async () => {
    const label = async (name: string, color = '#aa3300') =>
      (
        await ada.client.data<{ createLabel: { id: string; name: string; color: string } }>(
          `mutation($p: ID!, $n: String!, $c: String!) { createLabel(projectId: $p, name: $n, color: $c) { id name color } }`,
          { p: projectId, n: name, c: color },
        )
      ).createLabel;
    const bug = await label('Bug');
    const ui = await label('UI', '#00FF00');
    assert.equal(ui.color, '#00ff00');
    const badLabel = async (name: string, color: string) =>
      errorCodes(
        await ada.client.request(`mutation($p: ID!, $n: String!, $c: String!) { createLabel(projectId: $p, name: $n, color: $c) { id } }`, {
          p: projectId,
          n: name,
          c: color,
        }),
      );
    assert.deepEqual(await badLabel('bug', '#000000'), ['CONFLICT'], 'names are unique whatever their case');
    assert.deepEqual(await badLabel('x'.repeat(51), '#000000'), ['BAD_USER_INPUT']);
    assert.deepEqual(await badLabel('Red', 'red'), ['BAD_USER_INPUT']);

    const crash = await create(bob.client, 'Fix the crash', 'TODO', [bug.id]);
    const button = await create(ada.client, 'Blue button');
    await ada.client.data(`mutation($id: ID!, $l: [ID!]!) { setTaskLabels(id: $id, labelIds: $l) { id } }`, {
      id: button,
      l: [ui.id, bug.id],
    });
    await ada.client.data(`mutation($id: ID!, $u: ID) { assignTask(id: $id, assigneeId: $u) { id } }`, { id: crash, u: bob.id });
    const { task } = await ada.client.data<{ task: { labels: { name: string }[] } }>(
      `query($id: ID!) { task(id: $id) { labels { name } } }`,
      {
        id: button,
      },
    );
    assert.deepEqual(
      task.labels.map((l) => l.name),
      ['Bug', 'UI'],
    );

    const titles = async (filter: Record<string, unknown>) =>
      (
        await ada.client.data<{ project: { tasks: { edges: { node: { title: string } }[] } } }>(FILTERED, { p: projectId, f: filter })
      ).project.tasks.edges.map((edge) => edge.node.title);
    assert.deepEqual(await titles({ labelIds: [bug.id] }), ['Fix the crash', 'Blue button']);
    assert.deepEqual(await titles({ labelIds: [ui.id] }), ['Blue button']);
    assert.deepEqual(await titles({ reporterId: bob.id }), ['Fix the crash']);
    assert.ok(!(await titles({ unassigned: true })).includes('Fix the crash'));
    assert.ok((await titles({ unassigned: true })).includes('Blue button'));

    // Another project's label: refused, and the task keeps its labels.
    const { createProject: other } = await ada.client.data<{ createProject: { id: string } }>(
      `mutation { createProject(input: { name: "Other labels" }) { id } }`,
    );
    const { createLabel: foreign } = await ada.client.data<{ createLabel: { id: string } }>(
      `mutation($p: ID!) { createLabel(projectId: $p, name: "Bug", color: "#000000") { id } }`,
      { p: other.id },
    );
    const refused = await ada.client.request(`mutation($id: ID!, $l: [ID!]!) { setTaskLabels(id: $id, labelIds: $l) { id } }`, {
      id: crash,
      l: [foreign.id],
    });
    assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT']);
    assert.deepEqual(await titles({ labelIds: [bug.id] }), ['Fix the crash', 'Blue button']);

    await ada.client.data(`mutation($id: ID!) { deleteLabel(id: $id) }`, { id: bug.id });
    assert.deepEqual(await titles({ labelIds: [bug.id] }), [], 'a deleted label comes off its tasks');
    const { project } = await ada.client.data<{ project: { labels: { name: string }[] } }>(
      `query($p: ID!) { project(id: $p) { labels { name } } }`,
      {
        p: projectId,
      },
    );
    assert.deepEqual(
      project.labels.map((l) => l.name),
      ['UI'],
    );
  });

  it('edits and deletes comments, and pages them newest first', async () => {
    const taskId = await create(ada.client, 'Discussed');
    const commentIds: string[] = [];
    for (const [client, body] of [
      [ada.client, 'one'],
      [bob.client, 'two'],
      [ada.client, 'three'],
      [bob.client, 'four'],
      [ada.client, 'five'],
    ] as const) {
      commentIds.push(
        (
          await client.data<{ addComment: { id: string } }>(`mutation($t: ID!, $b: String!) { addComment(taskId: $t, body: $b) { id } }`, {
            t: taskId,
            b: body,
          })
        ).addComment.id,
      );
    }
    const UPDATE = `mutation($id: ID!, $b: String!) { updateComment(id: $id, body: $b) { body editedAt updatedAt createdAt } }`;
    assert.deepEqual(errorCodes(await ada.client.request(UPDATE, { id: commentIds[1], b: 'not mine' })), ['FORBIDDEN']);
    const { updateComment } = await bob.client.data<{ updateComment: { body: string; editedAt: string | null; createdAt: string } }>(
      UPDATE,
      {
        id: commentIds[1],
        b: 'two, edited',
      },
    );
    assert.equal(updateComment.body, 'two, edited');
    assert.ok(updateComment.editedAt && updateComment.editedAt >= updateComment.createdAt);

    const DELETE = `mutation($id: ID!) { deleteComment(id: $id) }`;
    assert.deepEqual(errorCodes(await bob.client.request(DELETE, { id: commentIds[0] })), ['FORBIDDEN'], 'a MEMBER deletes only their own');
    await bob.client.data(DELETE, { id: commentIds[3] });
    await ada.client.data(DELETE, { id: commentIds[4] }); // the OWNER may delete anyone's, and their own

    const newestFirst = await pageBothWays(
      async (args) =>
        (
          await ada.client.data<{ task: { comments: Page } }>(
            `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
              task(id: $id) { comments(direction: DESC, first: $first, after: $after, last: $last, before: $before) {
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } } }`,
            { id: taskId, ...args },
          )
        ).task.comments,
    );
    assert.deepEqual(newestFirst, [commentIds[2], commentIds[1], commentIds[0]]);
  });

  it('pages every connection backwards to meet its forward pages, and refuses first with last and tampered cursors', async () => {
    const page = `first: $first, after: $after, last: $last, before: $before`;
    const vars = `$first: Int, $after: String, $last: Int, $before: String`;
    const info = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`;
    // Enough of everything for several pages: projects, activity and notifications for Bob.
    for (let i = 0; i < 3; i++) {
      await bob.client.data(`mutation($n: String!) { createProject(input: { name: $n }) { id } }`, { n: `Bob's ${i}` });
      const taskId = await create(ada.client, `For Bob ${i}`);
      await ada.client.data(`mutation($id: ID!, $u: ID) { assignTask(id: $id, assigneeId: $u) { id } }`, { id: taskId, u: bob.id });
    }
    await eventually(
      async () => {
        const { notifications } = await bob.client.data<{ notifications: { totalCount: number } }>(`{ notifications { totalCount } }`);
        return notifications.totalCount >= 4 ? true : undefined;
      },
      10_000,
      'notifications for Bob',
    );
    const connections: Record<string, (args: Record<string, unknown>) => Promise<Page>> = {
      users: async (args) => (await ada.client.data<{ users: Page }>(`query(${vars}) { users(${page}) { ${info} } }`, args)).users,
      projects: async (args) =>
        (await bob.client.data<{ projects: Page }>(`query(${vars}) { projects(${page}) { ${info} } }`, args)).projects,
      'User.projects': async (args) =>
        (
          await bob.client.data<{ user: { projects: Page } }>(
            `query($u: ID!, ${vars}) { user(id: $u) { projects(${page}) { ${info} } } }`,
            { u: bob.id, ...args },
          )
        ).user.projects,
      tasks: async (args) =>
        (
          await ada.client.data<{ project: { tasks: Page } }>(
            `query($p: ID!, ${vars}) { project(id: $p) { tasks(${page}) { ${info} } } }`,
            { p: projectId, ...args },
          )
        ).project.tasks,
      'tasks by POSITION': async (args) =>
        (
          await ada.client.data<{ project: { tasks: Page } }>(
            `query($p: ID!, ${vars}) { project(id: $p) { tasks(${page}, filter: { status: [DONE] }, orderBy: { field: POSITION, direction: DESC }) { ${info} } } }`,
            { p: projectId, ...args },
          )
        ).project.tasks,
      'User.assignedTasks': async (args) =>
        (
          await bob.client.data<{ user: { assignedTasks: Page } }>(
            `query($u: ID!, ${vars}) { user(id: $u) { assignedTasks(${page}) { ${info} } } }`,
            { u: bob.id, ...args },
          )
        ).user.assignedTasks,
      notifications: async (args) =>
        (await bob.client.data<{ notifications: Page }>(`query(${vars}) { notifications(${page}) { ${info} } }`, args)).notifications,
      activity: async (args) =>
        (
          await ada.client.data<{ project: { activity: Page } }>(
            `query($p: ID!, ${vars}) { project(id: $p) { activity(${page}) { ${info} } } }`,
            { p: projectId, ...args },
          )
        ).project.activity,
    };
    for (const [name, read] of Object.entries(connections)) {
      const ids = await pageBothWays(read);
      assert.ok(ids.length >= 1, `${name} has nodes`);
    }
    const { project } = await ada.client.data<{ project: { activity: { totalCount: number } } }>(
      `query($p: ID!) { project(id: $p) { activity { totalCount } } }`,
      { p: projectId },
    );
    assert.ok(project.activity.totalCount > 20);

    const both = await ada.client.request(`query($p: ID!) { project(id: $p) { tasks(first: 2, last: 2) { totalCount } } }`, {
      p: projectId,
    });
    assert.deepEqual(errorCodes(both), ['BAD_USER_INPUT']);
    const tampered = Buffer.from(JSON.stringify(['CREATED_AT', 'DESC', 'not a time', '00000000-0000-7000-8000-000000000000'])).toString(
      'base64url',
    );
    for (const cursor of [tampered, 'garbage']) {
      const result = await ada.client.request(
        `query($p: ID!, $b: String) { project(id: $p) { tasks(last: 2, before: $b) { totalCount } } }`,
        {
          p: projectId,
          b: cursor,
        },
      );
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT'], JSON.stringify(result.errors));
      assert.deepEqual(Object.keys(Object(result.errors?.[0]?.extensions?.fields)), ['before']);
    }
  });
});

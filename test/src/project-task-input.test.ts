import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type GraphQLClient, type GraphQLResult, type Stack, startStack } from '@taskgraph/stack';
import { signUp, type TestUser } from './users.js';

const PROJECT = /* GraphQL */ `query Project($id: ID!) { project(id: $id) { id name description } }`;
const PROJECTS = /* GraphQL */ `
  query Projects($first: Int, $after: String) {
    projects(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } }
  }
`;
const PROJECT_TASKS = /* GraphQL */ `
  query ProjectTasks($id: ID!, $first: Int, $after: String, $filter: TaskFilter, $orderBy: TaskOrder) {
    project(id: $id) {
      tasks(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } }
      }
    }
  }
`;
const TASK = /* GraphQL */ `query Task($id: ID!) { task(id: $id) { id title description status priority dueAt completedAt assignee { id } } }`;
const TASK_COMMENTS = /* GraphQL */ `
  query TaskComments($id: ID!, $first: Int, $after: String) {
    task(id: $id) { comments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id body } } } }
  }
`;
const CREATE_PROJECT = /* GraphQL */ `mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id name description } }`;
const UPDATE_PROJECT = /* GraphQL */ `mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { id name description } }`;
const ARCHIVE_PROJECT = /* GraphQL */ `mutation ArchiveProject($id: ID!) { archiveProject(id: $id) { id archivedAt } }`;
const ADD_MEMBER = /* GraphQL */ `
  mutation AddMember($projectId: ID!, $userId: ID!, $role: ProjectRole) {
    addProjectMember(projectId: $projectId, userId: $userId, role: $role) { id members { role user { id } } }
  }
`;
const CHANGE_ROLE = /* GraphQL */ `
  mutation ChangeRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {
    changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) { id members { role user { id } } }
  }
`;
const REMOVE_MEMBER = /* GraphQL */ `
  mutation RemoveMember($projectId: ID!, $userId: ID!) { removeProjectMember(projectId: $projectId, userId: $userId) { id members { role user { id } } } }
`;
const CREATE_TASK = /* GraphQL */ `
  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id title description status priority dueAt assignee { id } } }
`;
const UPDATE_TASK = /* GraphQL */ `
  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id title description priority dueAt } }
`;
const ASSIGN_TASK = /* GraphQL */ `mutation AssignTask($id: ID!, $assigneeId: ID) { assignTask(id: $id, assigneeId: $assigneeId) { id assignee { id } } }`;
const CHANGE_STATUS = /* GraphQL */ `mutation ChangeStatus($id: ID!, $status: TaskStatus!) { changeTaskStatus(id: $id, status: $status) { id status completedAt } }`;
const DELETE_TASK = /* GraphQL */ `mutation DeleteTask($id: ID!) { deleteTask(id: $id) }`;
const ADD_COMMENT = /* GraphQL */ `mutation AddComment($taskId: ID!, $body: String!) { addComment(taskId: $taskId, body: $body) { id body } }`;

interface TaskRead {
  id: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  dueAt: string | null;
  completedAt: string | null;
  assignee: { id: string } | null;
}
interface TaskPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; title: string } }[];
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Whether `fields` names `name`, as itself or as the last step of a path (`input.name`). */
const names = (fields: Record<string, string>, name: string) => Object.keys(fields).some((key) => key === name || key.endsWith(`.${name}`));

/**
 * Asserts that a result is exactly one error with `code` (and no 5xx), naming each of `fields`
 * in `extensions.fields` with a message.
 */
function assertError(result: GraphQLResult<unknown>, code: string, fields: string[], what: string): void {
  const got = result.errors
    ? JSON.stringify(
        result.errors.map((error) => ({
          code: error.extensions?.code,
          message: error.message.slice(0, 160),
          fields: error.extensions?.fields,
        })),
      )
    : `no error, data ${JSON.stringify(result.data)}`;
  assert.ok(result.status < 500, `${what}: HTTP ${result.status}, ${got}`);
  assert.deepEqual(errorCodes(result), [code], `${what}: expected ${code}, got ${got}`);
  const named = result.errors?.[0]?.extensions?.fields ?? {};
  for (const field of fields) {
    assert.ok(names(named, field), `${what}: extensions.fields names ${field}: ${JSON.stringify(named)}`);
    const message = Object.entries(named).find(([key]) => key === field || key.endsWith(`.${field}`))?.[1];
    assert.ok(typeof message === 'string' && message.length > 0, `${what}: a message for ${field}`);
  }
}

/** Runs the check of every case, then fails with all their messages at once: one broken case does not hide the others. */
async function everyCase<T>(cases: readonly T[], check: (item: T) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  for (const item of cases) {
    try {
      await check(item);
    } catch (error) {
      failures.push((error instanceof Error ? error.message.split('\n')[0]! : String(error)).slice(0, 400));
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed:\n${failures.join('\n')}`);
}

describe('bad input to projects and tasks is refused with the contract error and changes nothing', () => {
  let stack: Stack;
  let ada: TestUser; // OWNER of the project
  let bob: TestUser; // MEMBER
  let vic: TestUser; // VIEWER
  let otto: TestUser; // registered, member of nothing
  let nell: TestUser; // registered, known to projects, never added
  let projectId: string;
  let taskId: string; // "Alpha", assigned to Bob, with two comments
  let otherTaskId: string;

  before(async () => {
    // Short waits: the unknown user and the non-member assignee are refused after these.
    stack = await startStack({ USER_WAIT_MS: '300' });
    [ada, bob, vic, otto, nell] = (await Promise.all(['Ada', 'Bob', 'Vic', 'Otto', 'Nell'].map((name) => signUp(stack, name)))) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const everyone = [ada, bob, vic, otto, nell].map((user) => user.id);
    // Users are learnt by projects from their registration event; wait for it rather than lean on USER_WAIT_MS.
    await eventually(
      async () => {
        const rows = await queryDatabase<{ n: number }>(
          stack.env,
          'projects',
          'select count(*)::int as n from known_users where id = any($1::uuid[])',
          [everyone],
        );
        return rows[0]!.n === everyone.length ? true : undefined;
      },
      10_000,
      'every user known to projects',
    );

    projectId = (
      await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, {
        input: { name: 'Inputs', description: 'Where bad input goes' },
      })
    ).createProject.id;
    await ada.client.data(ADD_MEMBER, { projectId, userId: bob.id });
    await ada.client.data(ADD_MEMBER, { projectId, userId: vic.id, role: 'VIEWER' });
    // The tasks subgraph authorizes against its replica of memberships: wait for it to hold all three.
    await eventually(
      async () => {
        const rows = await queryDatabase<{ user_id: string; role: string }>(
          stack.env,
          'tasks',
          'select user_id, role::text as role from member_replicas where project_id = $1',
          [projectId],
        );
        const roles = Object.fromEntries(rows.map((row) => [row.user_id, row.role]));
        return roles[ada.id] === 'OWNER' && roles[bob.id] === 'MEMBER' && roles[vic.id] === 'VIEWER' ? true : undefined;
      },
      10_000,
      'the membership replica',
    );

    const alpha = await ada.client.data<{ createTask: TaskRead }>(CREATE_TASK, {
      input: { projectId, title: 'Alpha', description: 'First task', assigneeId: bob.id },
    });
    taskId = alpha.createTask.id;
    otherTaskId = (await ada.client.data<{ createTask: TaskRead }>(CREATE_TASK, { input: { projectId, title: 'Beta', priority: 'HIGH' } }))
      .createTask.id;
    for (const body of ['First comment', 'Second comment']) await bob.client.data(ADD_COMMENT, { taskId, body });
  });
  after(() => stack?.stop());

  /**
   * Everything the mutations here can write: rows (their full text, so an update shows) and
   * outbox events of both databases. Replicas and processed events are left out: they change
   * by themselves as events are consumed.
   */
  async function footprint(): Promise<Record<string, unknown>> {
    const rowsOf = (table: string, order: string) =>
      `(select count(*)::int || ':' || md5(coalesce(string_agg(t::text, '|' order by ${order}), '')) from ${table} t)`;
    const events = `(select count(*)::int || ':' || md5(coalesce(string_agg(t.id::text || t.type || t.envelope::text, '|' order by t.id), '')) from outbox_events t)`;
    const [projects] = await queryDatabase(
      stack.env,
      'projects',
      `select ${rowsOf('projects', 't.id')} as projects, ${rowsOf('memberships', 't.project_id, t.user_id')} as memberships, ${events} as events`,
    );
    const [tasks] = await queryDatabase(
      stack.env,
      'tasks',
      `select ${rowsOf('tasks', 't.id')} as tasks, ${rowsOf('comments', 't.id')} as comments, ${events} as events`,
    );
    return { projects, tasks };
  }

  /** Sends a request that must be refused with `code` (naming `fields`), and checks that it wrote nothing. */
  async function refused(
    what: string,
    client: GraphQLClient,
    query: string,
    variables: Record<string, unknown>,
    code: string,
    fields: string[] = [],
  ): Promise<void> {
    const before = await footprint();
    const result = await client.request(query, variables);
    assertError(result, code, fields, what);
    assert.deepEqual(await footprint(), before, `${what}: nothing changed`);
  }

  /** Waits for the tasks subgraph's replica to know of a new project's owner (it learns of it by event). */
  const replicated = (project: string) =>
    eventually(
      async () => {
        const rows = await queryDatabase(stack.env, 'tasks', 'select 1 from member_replicas where project_id = $1', [project]);
        return rows.length ? true : undefined;
      },
      10_000,
      `the replica of project ${project}`,
    );

  const readTask = async (id: string) => (await ada.client.data<{ task: TaskRead }>(TASK, { id })).task;
  const tasksPage = async (client: GraphQLClient, variables: Record<string, unknown>) =>
    (await client.data<{ project: { tasks: TaskPage } }>(PROJECT_TASKS, { id: projectId, ...variables })).project.tasks;

  it('refuses ids that do not exist with NOT_FOUND', async () => {
    const unknown = newId();
    const cases: [string, GraphQLClient, string, Record<string, unknown>][] = [
      ['project', ada.client, PROJECT, { id: unknown }],
      ['task', ada.client, TASK, { id: unknown }],
      ['project.tasks of an unknown project', ada.client, PROJECT_TASKS, { id: unknown }],
      ['updateProject', ada.client, UPDATE_PROJECT, { id: unknown, input: { name: 'Renamed' } }],
      ['archiveProject', ada.client, ARCHIVE_PROJECT, { id: unknown }],
      ['addProjectMember to an unknown project', ada.client, ADD_MEMBER, { projectId: unknown, userId: nell.id }],
      ['addProjectMember of an unknown user', ada.client, ADD_MEMBER, { projectId, userId: newId() }],
      ['changeProjectMemberRole in an unknown project', ada.client, CHANGE_ROLE, { projectId: unknown, userId: bob.id, role: 'ADMIN' }],
      ['changeProjectMemberRole of an unknown user', ada.client, CHANGE_ROLE, { projectId, userId: newId(), role: 'ADMIN' }],
      ['changeProjectMemberRole of a user who is no member', ada.client, CHANGE_ROLE, { projectId, userId: otto.id, role: 'ADMIN' }],
      ['removeProjectMember from an unknown project', ada.client, REMOVE_MEMBER, { projectId: unknown, userId: bob.id }],
      ['removeProjectMember of an unknown user', ada.client, REMOVE_MEMBER, { projectId, userId: newId() }],
      ['createTask in an unknown project', ada.client, CREATE_TASK, { input: { projectId: unknown, title: 'Lost' } }],
      ['updateTask', ada.client, UPDATE_TASK, { id: unknown, input: { title: 'Renamed' } }],
      ['assignTask', ada.client, ASSIGN_TASK, { id: unknown, assigneeId: bob.id }],
      ['changeTaskStatus', ada.client, CHANGE_STATUS, { id: unknown, status: 'DONE' }],
      ['deleteTask', ada.client, DELETE_TASK, { id: unknown }],
      ['addComment', ada.client, ADD_COMMENT, { taskId: unknown, body: 'Hello?' }],
      // Existing, but invisible to a non-member: the same answer, so existence does not leak.
      ['project seen by an outsider', otto.client, PROJECT, { id: projectId }],
      ['task seen by an outsider', otto.client, TASK, { id: taskId }],
      ['updateTask by an outsider', otto.client, UPDATE_TASK, { id: taskId, input: { title: 'Mine now' } }],
      ['addComment by an outsider', otto.client, ADD_COMMENT, { taskId, body: 'Hi' }],
      ['createTask by an outsider', otto.client, CREATE_TASK, { input: { projectId, title: 'Intruder' } }],
    ];
    await everyCase(cases, ([what, client, query, variables]) => refused(what, client, query, variables, 'NOT_FOUND'));
  });

  it('refuses malformed ids with BAD_USER_INPUT naming the argument', async () => {
    const cases: [string, string, Record<string, unknown>, string][] = [];
    for (const bad of ['not-an-id', '', "' or 1=1 --", '00000000-0000-0000-0000-000000000000', `${newId()}x`]) {
      const withBad: [string, string, Record<string, unknown>, string][] = [
        ['project', PROJECT, { id: bad }, 'id'],
        ['task', TASK, { id: bad }, 'id'],
        ['updateProject', UPDATE_PROJECT, { id: bad, input: { name: 'Renamed' } }, 'id'],
        ['archiveProject', ARCHIVE_PROJECT, { id: bad }, 'id'],
        ['addProjectMember projectId', ADD_MEMBER, { projectId: bad, userId: nell.id }, 'projectId'],
        ['addProjectMember userId', ADD_MEMBER, { projectId, userId: bad }, 'userId'],
        ['changeProjectMemberRole projectId', CHANGE_ROLE, { projectId: bad, userId: bob.id, role: 'ADMIN' }, 'projectId'],
        ['changeProjectMemberRole userId', CHANGE_ROLE, { projectId, userId: bad, role: 'ADMIN' }, 'userId'],
        ['removeProjectMember projectId', REMOVE_MEMBER, { projectId: bad, userId: bob.id }, 'projectId'],
        ['removeProjectMember userId', REMOVE_MEMBER, { projectId, userId: bad }, 'userId'],
        ['createTask projectId', CREATE_TASK, { input: { projectId: bad, title: 'Nowhere' } }, 'projectId'],
        ['createTask assigneeId', CREATE_TASK, { input: { projectId, title: 'Nobody', assigneeId: bad } }, 'assigneeId'],
        ['updateTask', UPDATE_TASK, { id: bad, input: { title: 'Renamed' } }, 'id'],
        ['assignTask id', ASSIGN_TASK, { id: bad, assigneeId: bob.id }, 'id'],
        // The task is assigned to Bob: a malformed assignee must not unassign it.
        ['assignTask assigneeId', ASSIGN_TASK, { id: taskId, assigneeId: bad }, 'assigneeId'],
        ['changeTaskStatus', CHANGE_STATUS, { id: bad, status: 'DONE' }, 'id'],
        ['deleteTask', DELETE_TASK, { id: bad }, 'id'],
        ['addComment taskId', ADD_COMMENT, { taskId: bad, body: 'Hello' }, 'taskId'],
        ['project.tasks filter assigneeId', PROJECT_TASKS, { id: projectId, filter: { assigneeId: bad } }, 'assigneeId'],
      ];
      cases.push(
        ...withBad.map(([what, query, variables, field]): [string, string, Record<string, unknown>, string] => [
          `${what} = ${JSON.stringify(bad)}`,
          query,
          variables,
          field,
        ]),
      );
    }
    await everyCase(cases, ([what, query, variables, field]) => refused(what, ada.client, query, variables, 'BAD_USER_INPUT', [field]));
    assert.equal((await readTask(taskId)).assignee?.id, bob.id, 'the task is still assigned to Bob');
  });

  it('refuses names, titles, descriptions and comment bodies out of bounds', async () => {
    const cases: [string, string, Record<string, unknown>, string[]][] = [
      ['createProject with an empty name', CREATE_PROJECT, { input: { name: '' } }, ['name']],
      ['createProject with a whitespace name', CREATE_PROJECT, { input: { name: ' \t\n ' } }, ['name']],
      ['createProject with a 121-character name', CREATE_PROJECT, { input: { name: 'n'.repeat(121) } }, ['name']],
      ['createProject with a 10,000-character name', CREATE_PROJECT, { input: { name: 'n'.repeat(10_000) } }, ['name']],
      [
        'createProject with a 10,000-character description',
        CREATE_PROJECT,
        { input: { name: 'Fine', description: 'd'.repeat(10_000) } },
        ['description'],
      ],
      [
        'createProject with a bad name and description',
        CREATE_PROJECT,
        { input: { name: '', description: 'd'.repeat(100_000) } },
        ['name', 'description'],
      ],
      ['updateProject with an empty name', UPDATE_PROJECT, { id: projectId, input: { name: '' } }, ['name']],
      ['updateProject with a whitespace name', UPDATE_PROJECT, { id: projectId, input: { name: '   ' } }, ['name']],
      ['updateProject with a 121-character name', UPDATE_PROJECT, { id: projectId, input: { name: 'n'.repeat(121) } }, ['name']],
      [
        'updateProject with a 10,000-character description',
        UPDATE_PROJECT,
        { id: projectId, input: { description: 'd'.repeat(10_000) } },
        ['description'],
      ],
      ['createTask with an empty title', CREATE_TASK, { input: { projectId, title: '' } }, ['title']],
      ['createTask with a whitespace title', CREATE_TASK, { input: { projectId, title: '  \t ' } }, ['title']],
      ['createTask with a 201-character title', CREATE_TASK, { input: { projectId, title: 't'.repeat(201) } }, ['title']],
      [
        'createTask with a 20,001-character description',
        CREATE_TASK,
        { input: { projectId, title: 'Fine', description: 'd'.repeat(20_001) } },
        ['description'],
      ],
      [
        'createTask with a bad title and description',
        CREATE_TASK,
        { input: { projectId, title: '', description: 'd'.repeat(100_000) } },
        ['title', 'description'],
      ],
      ['updateTask with an empty title', UPDATE_TASK, { id: taskId, input: { title: '' } }, ['title']],
      ['updateTask with a 201-character title', UPDATE_TASK, { id: taskId, input: { title: 't'.repeat(201) } }, ['title']],
      [
        'updateTask with a 20,001-character description',
        UPDATE_TASK,
        { id: taskId, input: { description: 'd'.repeat(20_001) } },
        ['description'],
      ],
      ['addComment with an empty body', ADD_COMMENT, { taskId, body: '' }, ['body']],
      ['addComment with a whitespace body', ADD_COMMENT, { taskId, body: ' \n\t ' }, ['body']],
      ['addComment with a 10,001-character body', ADD_COMMENT, { taskId, body: 'b'.repeat(10_001) }, ['body']],
      ['addComment with a 100,000-character body', ADD_COMMENT, { taskId, body: 'b'.repeat(100_000) }, ['body']],
      // Not a DateTime: refused as the client's mistake (the subgraph's own validation), not an internal error.
      ['createTask with a dueAt that is not a date', CREATE_TASK, { input: { projectId, title: 'Fine', dueAt: 'next tuesday' } }, []],
      ['updateTask with a dueAt that is not a date', UPDATE_TASK, { id: taskId, input: { dueAt: '2030-13-45T99:00:00Z' } }, []],
      ['project.tasks with a dueBefore that is not a date', PROJECT_TASKS, { id: projectId, filter: { dueBefore: 'tomorrow' } }, []],
    ];
    await everyCase(cases, ([what, query, variables, fields]) => refused(what, ada.client, query, variables, 'BAD_USER_INPUT', fields));

    // At the limits, the same inputs are accepted: the refusals above were about the limits.
    const { createProject } = await ada.client.data<{ createProject: { id: string; name: string; description: string } }>(CREATE_PROJECT, {
      input: { name: `  ${'n'.repeat(120)}  `, description: 'd'.repeat(5000) },
    });
    assert.equal(createProject.name, 'n'.repeat(120), 'a 120-character name, trimmed');
    const { createTask } = await ada.client.data<{ createTask: TaskRead }>(CREATE_TASK, {
      input: { projectId, title: 't'.repeat(200), description: 'd'.repeat(20_000) },
    });
    assert.equal(createTask.title.length, 200);
    const { addComment } = await ada.client.data<{ addComment: { body: string } }>(ADD_COMMENT, {
      taskId: createTask.id,
      body: 'b'.repeat(10_000),
    });
    assert.equal(addComment.body.length, 10_000);
    await ada.client.data(DELETE_TASK, { id: createTask.id });
  });

  it('refuses the OWNER role, an existing member and assignees who may not work on tasks', async () => {
    const assigned = (
      await ada.client.data<{ createTask: TaskRead }>(CREATE_TASK, { input: { projectId, title: 'Assigned to Bob', assigneeId: bob.id } })
    ).createTask.id;
    await refused(
      'addProjectMember with role OWNER',
      ada.client,
      ADD_MEMBER,
      { projectId, userId: nell.id, role: 'OWNER' },
      'BAD_USER_INPUT',
      ['role'],
    );
    await refused('addProjectMember of an existing MEMBER', ada.client, ADD_MEMBER, { projectId, userId: bob.id }, 'CONFLICT');
    await refused(
      'addProjectMember of an existing MEMBER with another role',
      ada.client,
      ADD_MEMBER,
      { projectId, userId: bob.id, role: 'VIEWER' },
      'CONFLICT',
    );
    await refused('addProjectMember of the OWNER', ada.client, ADD_MEMBER, { projectId, userId: ada.id, role: 'ADMIN' }, 'CONFLICT');

    const assignees: [string, string][] = [
      ['a registered user who is no member', otto.id],
      ['a VIEWER', vic.id],
      ['an id nobody has', newId()],
    ];
    for (const [who, assigneeId] of assignees) {
      await refused(
        `createTask assigned to ${who}`,
        ada.client,
        CREATE_TASK,
        { input: { projectId, title: 'Assigned', assigneeId } },
        'BAD_USER_INPUT',
        ['assigneeId'],
      );
      await refused(`assignTask to ${who}`, ada.client, ASSIGN_TASK, { id: assigned, assigneeId }, 'BAD_USER_INPUT', ['assigneeId']);
    }
    assert.equal((await readTask(assigned)).assignee?.id, bob.id, 'the task is still assigned to Bob');

    // A MEMBER is assignable, and Nell can be added as long as it is not as OWNER.
    const { assignTask } = await ada.client.data<{ assignTask: { assignee: { id: string } } }>(ASSIGN_TASK, {
      id: otherTaskId,
      assigneeId: bob.id,
    });
    assert.equal(assignTask.assignee.id, bob.id);
    const { addProjectMember } = await ada.client.data<{ addProjectMember: { members: { role: string; user: { id: string } }[] } }>(
      ADD_MEMBER,
      { projectId, userId: nell.id, role: 'ADMIN' },
    );
    assert.deepEqual(addProjectMember.members.find((member) => member.user.id === nell.id)?.role, 'ADMIN');
    await ada.client.data(REMOVE_MEMBER, { projectId, userId: nell.id });
  });

  it('refuses status transitions the workflow does not allow, and allows the others', async () => {
    const { createTask } = await bob.client.data<{ createTask: TaskRead }>(CREATE_TASK, { input: { projectId, title: 'Workflow' } });
    const id = createTask.id;
    const move = async (status: string) => {
      const { changeTaskStatus } = await bob.client.data<{ changeTaskStatus: { status: string; completedAt: string | null } }>(
        CHANGE_STATUS,
        { id, status },
      );
      return { status: changeTaskStatus.status, completedAt: changeTaskStatus.completedAt };
    };

    assert.equal((await move('CANCELLED')).status, 'CANCELLED');
    for (const status of ['DONE', 'IN_PROGRESS', 'IN_REVIEW']) {
      await refused(`CANCELLED → ${status}`, bob.client, CHANGE_STATUS, { id, status }, 'BAD_USER_INPUT', ['status']);
    }
    assert.equal((await readTask(id)).status, 'CANCELLED');

    assert.equal((await move('TODO')).status, 'TODO', 'a cancelled task is reopened as TODO');
    const done = await move('DONE');
    assert.equal(done.status, 'DONE');
    assert.ok(done.completedAt, 'DONE sets completedAt');
    await refused('DONE → CANCELLED', bob.client, CHANGE_STATUS, { id, status: 'CANCELLED' }, 'BAD_USER_INPUT', ['status']);
    const read = await readTask(id);
    assert.deepEqual([read.status, read.completedAt], ['DONE', done.completedAt], 'still DONE, completed at the same time');
    await refused('an unknown status', bob.client, CHANGE_STATUS, { id, status: 'ARCHIVED' }, 'BAD_USER_INPUT');

    assert.deepEqual(await move('IN_REVIEW'), { status: 'IN_REVIEW', completedAt: null }, 'a done task may be reopened');
    assert.equal((await move('CANCELLED')).status, 'CANCELLED', 'an open task may be cancelled');
    await ada.client.data(DELETE_TASK, { id });
  });

  it('refuses page sizes above 100 or below 0 on every connection', async () => {
    const connections: [string, string, Record<string, unknown>][] = [
      ['project.tasks', PROJECT_TASKS, { id: projectId }],
      ['projects', PROJECTS, {}],
      ['Task.comments', TASK_COMMENTS, { id: taskId }],
    ];
    await everyCase(connections, async ([what, query, variables]) => {
      for (const first of [101, -1, 1_000_000])
        await refused(`${what}(first: ${first})`, ada.client, query, { ...variables, first }, 'BAD_USER_INPUT', ['first']);
      const result = await ada.client.request(query, { ...variables, first: 100 });
      assert.equal(result.errors, undefined, `${what}(first: 100) is allowed: ${JSON.stringify(result.errors)}`);
    });
  });

  it('refuses tampered cursors with BAD_USER_INPUT naming after, never a 500', async () => {
    const firstTask = await tasksPage(ada.client, { first: 1 });
    assert.ok(firstTask.pageInfo.hasNextPage && firstTask.pageInfo.endCursor, 'a real task cursor');
    const taskCursor = firstTask.pageInfo.endCursor;
    const next = await tasksPage(ada.client, { first: 1, after: taskCursor });
    assert.notEqual(next.edges[0]?.node.id, firstTask.edges[0]!.node.id, 'a real cursor pages on');
    const byPriority = { field: 'PRIORITY', direction: 'ASC' };
    const priorityCursor = (await tasksPage(ada.client, { first: 1, orderBy: byPriority })).pageInfo.endCursor;
    assert.ok(priorityCursor);
    await tasksPage(ada.client, { first: 1, orderBy: byPriority, after: priorityCursor });

    const projectCursor = (await ada.client.data<{ projects: TaskPage }>(PROJECTS, { first: 1 })).projects.pageInfo.endCursor;
    const comments = (await ada.client.data<{ task: { comments: TaskPage } }>(TASK_COMMENTS, { id: taskId, first: 1 })).task.comments;
    const commentCursor = comments.pageInfo.endCursor;
    assert.ok(projectCursor && commentCursor && comments.pageInfo.hasNextPage);
    const nextComment = (
      await ada.client.data<{ task: { comments: TaskPage } }>(TASK_COMMENTS, { id: taskId, first: 1, after: commentCursor })
    ).task.comments;
    assert.notEqual(nextComment.edges[0]?.node.id, comments.edges[0]!.node.id, 'a real comment cursor pages on');

    const now = new Date().toISOString();
    const taskCases: [string, string, Record<string, string>?][] = [
      ['garbage', 'garbage'],
      ['not base64url', '!!!***'],
      ['an object', base64url({ a: 1 })],
      ['an empty array', base64url([])],
      ['null', base64url(null)],
      ['a number', base64url(42)],
      ['a projects cursor', projectCursor],
      ['a comments cursor', commentCursor],
      ['a CREATED_AT DESC cursor with orderBy PRIORITY ASC', taskCursor, byPriority],
      ['a CREATED_AT DESC cursor with orderBy CREATED_AT ASC', taskCursor, { field: 'CREATED_AT', direction: 'ASC' }],
      ['a PRIORITY ASC cursor with the default order', priorityCursor],
      ['a value that is not a date', base64url(['CREATED_AT', 'DESC', 'not-a-date', newId()])],
      ['a date out of range', base64url(['CREATED_AT', 'DESC', '294277-01-01T00:00:00Z', newId()])],
      ['SQL in the value', base64url(['CREATED_AT', 'DESC', "2020-01-01') or 1=1 --", newId()])],
      ['a due date that is not a date', base64url(['DUE_AT', 'ASC', 'soon', newId()]), { field: 'DUE_AT', direction: 'ASC' }],
      ['a priority that does not exist', base64url(['PRIORITY', 'ASC', 'NOPE', newId()]), byPriority],
      ['an id that is not a uuid', base64url(['CREATED_AT', 'DESC', now, 'x'])],
      ['an unknown order field', base64url(['TITLE', 'ASC', 'a', newId()])],
      ['a 10,000-character value', base64url(['CREATED_AT', 'DESC', '9'.repeat(10_000), newId()])],
      ['extra values', base64url(['CREATED_AT', 'DESC', now, newId(), 'extra'])],
    ];
    await everyCase(taskCases, ([what, after, orderBy]) =>
      refused(
        `project.tasks after ${what}`,
        ada.client,
        PROJECT_TASKS,
        { id: projectId, first: 1, after, ...(orderBy ? { orderBy } : {}) },
        'BAD_USER_INPUT',
        ['after'],
      ),
    );

    const projectCases: [string, string][] = [
      ['garbage', 'garbage'],
      ['a tasks cursor', taskCursor],
      ['a non-id', base64url(['not-a-uuid'])],
      ['an id plus extra values', base64url([projectId, 'extra'])],
      ['an object', base64url({ id: projectId })],
    ];
    await everyCase(projectCases, ([what, after]) =>
      refused(`projects after ${what}`, ada.client, PROJECTS, { first: 1, after }, 'BAD_USER_INPUT', ['after']),
    );

    const commentCases: [string, string][] = [
      ['garbage', 'garbage'],
      ['a tasks cursor', taskCursor],
      ['a value that is not a date', base64url(['not-a-date', newId()])],
      ['a date out of range', base64url(['294277-01-01T00:00:00Z', newId()])],
      ['an id that is not a uuid', base64url([now, 'x'])],
      ['extra values', base64url([now, newId(), 'extra'])],
    ];
    await everyCase(commentCases, ([what, after]) =>
      refused(`Task.comments after ${what}`, ada.client, TASK_COMMENTS, { id: taskId, first: 1, after }, 'BAD_USER_INPUT', ['after']),
    );
  });

  it('refuses contradictory due ranges and long searches, and matches % and _ literally', async () => {
    const dueRangeRefused = async (what: string, filter: Record<string, unknown>) => {
      const before = await footprint();
      const result = await ada.client.request(PROJECT_TASKS, { id: projectId, filter });
      assertError(result, 'BAD_USER_INPUT', [], what);
      const fields = result.errors?.[0]?.extensions?.fields ?? {};
      assert.ok(names(fields, 'dueAfter') || names(fields, 'dueBefore'), `${what}: names dueAfter or dueBefore: ${JSON.stringify(fields)}`);
      assert.deepEqual(await footprint(), before);
    };
    await dueRangeRefused('dueAfter after dueBefore', { dueAfter: '2030-02-01T00:00:00Z', dueBefore: '2030-01-01T00:00:00Z' });
    await dueRangeRefused('dueAfter equal to dueBefore', { dueAfter: '2030-01-01T00:00:00Z', dueBefore: '2030-01-01T00:00:00Z' });

    await refused(
      'a 201-character search',
      ada.client,
      PROJECT_TASKS,
      { id: projectId, filter: { search: 's'.repeat(201) } },
      'BAD_USER_INPUT',
      ['search'],
    );
    await refused(
      'a 10,000-character search',
      ada.client,
      PROJECT_TASKS,
      { id: projectId, filter: { search: 's'.repeat(10_000) } },
      'BAD_USER_INPUT',
      ['search'],
    );
    assert.equal((await tasksPage(ada.client, { filter: { search: 's'.repeat(200) } })).totalCount, 0, 'a 200-character search is allowed');

    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { input: { name: 'Search' } });
    const searchProject = createProject.id;
    const titles: [string, string | null, string | null][] = [
      ['100% done', null, '2030-01-10T00:00:00.000Z'],
      ['under_score', null, '2030-01-20T00:00:00.000Z'],
      ['under score', null, null],
      ['Plain task', 'Costs 5% more', null],
    ];
    await replicated(searchProject);
    for (const [title, description, dueAt] of titles)
      await ada.client.data(CREATE_TASK, { input: { projectId: searchProject, title, description, dueAt } });
    const search = async (text: string) =>
      (await ada.client.data<{ project: { tasks: TaskPage } }>(PROJECT_TASKS, { id: searchProject, first: 100, filter: { search: text } }))
        .project.tasks;
    for (const [text, expected] of [
      ['%', ['100% done', 'Plain task']],
      ['0%', ['100% done']],
      ['5%', ['Plain task']],
      ['_', ['under_score']],
      ['r_s', ['under_score']],
      ['\\', []],
      ['PLAIN', ['Plain task']],
      ['  under  ', ['under_score', 'under score']],
    ] as const) {
      const found = await search(text);
      assert.deepEqual(found.edges.map((edge) => edge.node.title).sort(), [...expected].sort(), `search ${JSON.stringify(text)}`);
      assert.equal(found.totalCount, expected.length, `search ${JSON.stringify(text)}: totalCount`);
    }
    const ranged = await ada.client.data<{ project: { tasks: TaskPage } }>(PROJECT_TASKS, {
      id: searchProject,
      filter: { dueAfter: '2030-01-01T00:00:00Z', dueBefore: '2030-01-15T00:00:00Z' },
    });
    assert.deepEqual(
      ranged.project.tasks.edges.map((edge) => edge.node.title),
      ['100% done'],
      'a proper range filters',
    );
  });

  it('updateTask refuses a null title but clears a null description; updateProject refuses a null name', async () => {
    const { createTask } = await ada.client.data<{ createTask: TaskRead }>(CREATE_TASK, {
      input: { projectId, title: 'Nullable', description: 'Will be cleared', dueAt: '2030-03-01T00:00:00.000Z' },
    });
    const id = createTask.id;
    await refused('updateTask title: null', ada.client, UPDATE_TASK, { id, input: { title: null } }, 'BAD_USER_INPUT', ['title']);
    await refused(
      'updateTask title: null with description: null',
      ada.client,
      UPDATE_TASK,
      { id, input: { title: null, description: null } },
      'BAD_USER_INPUT',
      ['title'],
    );
    await refused('updateTask priority: null', ada.client, UPDATE_TASK, { id, input: { priority: null } }, 'BAD_USER_INPUT', ['priority']);
    const unchanged = await readTask(id);
    assert.deepEqual([unchanged.title, unchanged.description, unchanged.priority], ['Nullable', 'Will be cleared', 'MEDIUM']);

    const { updateTask } = await ada.client.data<{ updateTask: TaskRead }>(UPDATE_TASK, { id, input: { description: null } });
    assert.deepEqual([updateTask.title, updateTask.description, updateTask.dueAt], ['Nullable', null, '2030-03-01T00:00:00.000Z']);
    const cleared = await ada.client.data<{ updateTask: TaskRead }>(UPDATE_TASK, { id, input: { dueAt: null } });
    assert.equal(cleared.updateTask.dueAt, null, 'a null dueAt clears it');
    const [row] = await queryDatabase<{ title: string; description: string | null; due_at: Date | null }>(
      stack.env,
      'tasks',
      'select title, description, due_at from tasks where id = $1',
      [id],
    );
    assert.deepEqual(row, { title: 'Nullable', description: null, due_at: null });

    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, {
      input: { name: 'Named', description: 'Described' },
    });
    const project = createProject.id;
    await refused('updateProject name: null', ada.client, UPDATE_PROJECT, { id: project, input: { name: null } }, 'BAD_USER_INPUT', [
      'name',
    ]);
    await refused(
      'updateProject name: null with description: null',
      ada.client,
      UPDATE_PROJECT,
      { id: project, input: { name: null, description: null } },
      'BAD_USER_INPUT',
      ['name'],
    );
    assert.deepEqual((await ada.client.data<{ project: unknown }>(PROJECT, { id: project })).project, {
      id: project,
      name: 'Named',
      description: 'Described',
    });
    const { updateProject } = await ada.client.data<{ updateProject: unknown }>(UPDATE_PROJECT, {
      id: project,
      input: { description: null },
    });
    assert.deepEqual(updateProject, { id: project, name: 'Named', description: null }, 'a null description clears it');
  });
});

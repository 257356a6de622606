/**
 * The permission matrix, through the real gateway: for each actor (the OWNER, an ADMIN, a
 * MEMBER and a VIEWER of a project, a registered non-member, and an anonymous client) and each
 * project and task operation, the result the contract promises. Every refused call is checked
 * to have changed nothing: the rows of the projects and tasks databases, their outboxes (no
 * event recorded), and what the OWNER reads back through the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type GraphQLClient, type GraphQLResult, type Stack, startStack } from '@taskgraph/stack';
import { signUp, type TestUser } from './users.js';

type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER';
type Actor = Role | 'non-member' | 'anonymous';
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED';
type Matrix = Record<Actor, Outcome>;

// ---------------------------------------------------------------- what the operations answer
interface Ref {
  id: string;
}
interface Member {
  role: Role;
  user: Ref;
}
interface ProjectData {
  project: {
    id: string;
    name: string;
    description: string | null;
    viewerRole: Role;
    archivedAt: string | null;
    updatedAt: string;
    owner: Ref;
    members: Member[];
  };
}
interface TaskData {
  task: {
    id: string;
    title: string;
    description: string | null;
    status: string;
    priority: string;
    completedAt: string | null;
    updatedAt: string;
    project: Ref;
    assignee: Ref | null;
    reporter: Ref;
    labels: { id: string; name: string }[];
    comments: { totalCount: number; edges: { node: { id: string; body: string; author: Ref } }[] };
  };
}
interface ProjectTasksData {
  project: { id: string; all: { totalCount: number }; found: { edges: { node: Ref }[] } };
}
interface UpdateProjectData {
  updateProject: { id: string; description: string | null };
}
interface ArchiveProjectData {
  archiveProject: { id: string; archivedAt: string | null };
}
interface ChangeRoleData {
  changeProjectMemberRole: { id: string; viewerRole: Role; owner: Ref; members: Member[] };
}
interface CreateTaskData {
  createTask: { id: string; title: string; project: Ref; reporter: Ref };
}
interface DeleteTaskData {
  deleteTask: string;
}
interface AddCommentData {
  addComment: { id: string; body: string; author: Ref; task: Ref };
}
interface MoveTaskData {
  moveTask: { id: string; status: string };
}
interface SetTaskLabelsData {
  setTaskLabels: { id: string; labels: Ref[] };
}
interface LabelData {
  id: string;
  name: string;
  color: string;
}
interface CreateLabelData {
  createLabel: LabelData;
}
interface UpdateLabelData {
  updateLabel: LabelData;
}
interface DeleteLabelData {
  deleteLabel: string;
}
interface UpdateCommentData {
  updateComment: { id: string; body: string; editedAt: string | null };
}
interface DeleteCommentData {
  deleteComment: string;
}
interface ProjectLabelsData {
  project: { labels: LabelData[] };
}
interface UserProjectsData {
  user: { id: string; projects: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Ref }[] } };
}
interface AssignedTasksData {
  user: { id: string; assignedTasks: { totalCount: number; edges: { node: Ref }[] } };
}

const ACTORS: Actor[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER', 'non-member', 'anonymous'];
const ok = 'ok';
const FORBIDDEN = 'FORBIDDEN';
const NOT_FOUND = 'NOT_FOUND';
const UNAUTHENTICATED = 'UNAUTHENTICATED';
const matrix = (...outcomes: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]): Matrix =>
  Object.fromEntries(ACTORS.map((actor, i) => [actor, outcomes[i]])) as Matrix;

//                          OWNER      ADMIN      MEMBER     VIEWER     non-member  anonymous
const READERS = /*      */ matrix(ok, ok, ok, ok, NOT_FOUND, UNAUTHENTICATED);
const WORKERS = /*      */ matrix(ok, ok, ok, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED);
const ADMINS = /*       */ matrix(ok, ok, FORBIDDEN, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED);
const OWNER_ONLY = /*   */ matrix(ok, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED);
const NOBODY = /*       */ matrix(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED);
const LEAVERS = /*      */ matrix(FORBIDDEN, ok, ok, ok, NOT_FOUND, UNAUTHENTICATED);
const SIGNED_IN = /*    */ matrix(ok, ok, ok, ok, ok, UNAUTHENTICATED);
const NOT_THEIRS = /*   */ matrix(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED);
const AUTHOR_ONLY = /*  */ matrix(FORBIDDEN, FORBIDDEN, ok, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED);

const summary = (expect: Matrix) =>
  (['ok', FORBIDDEN, NOT_FOUND, UNAUTHENTICATED] as Outcome[])
    .map((outcome) => [outcome, ACTORS.filter((actor) => expect[actor] === outcome)] as const)
    .filter(([, actors]) => actors.length)
    .map(([outcome, actors]) => `${actors.join(', ')} ${outcome}`)
    .join('; ');

// ---------------------------------------------------------------- operations
const PROJECT = /* GraphQL */ `query($id: ID!) { project(id: $id) { id name description viewerRole archivedAt updatedAt owner { id } members { role user { id } } } }`;
const CREATE_PROJECT = /* GraphQL */ `mutation($n: String!) { createProject(input: { name: $n }) { id } }`;
const UPDATE_PROJECT = /* GraphQL */ `mutation($id: ID!, $d: String) { updateProject(id: $id, input: { description: $d }) { id description } }`;
const ARCHIVE_PROJECT = /* GraphQL */ `mutation($id: ID!) { archiveProject(id: $id) { id archivedAt } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!, $r: ProjectRole) { addProjectMember(projectId: $p, userId: $u, role: $r) { id members { role user { id } } } }`;
const CHANGE_ROLE = /* GraphQL */ `mutation($p: ID!, $u: ID!, $r: ProjectRole!) { changeProjectMemberRole(projectId: $p, userId: $u, role: $r) { id viewerRole owner { id } members { role user { id } } } }`;
const REMOVE_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) { id members { role user { id } } } }`;
const TASK = /* GraphQL */ `
  query($id: ID!) {
    task(id: $id) {
      id title description status priority completedAt updatedAt project { id } assignee { id } reporter { id }
      labels { id name }
      comments { totalCount edges { node { id body author { id } } } }
    }
  }
`;
const PROJECT_TASKS = /* GraphQL */ `query($id: ID!, $search: String) { project(id: $id) { id all: tasks { totalCount } found: tasks(filter: { search: $search }) { edges { node { id } } } } }`;
const CREATE_TASK = /* GraphQL */ `mutation($p: ID!, $t: String!, $u: ID) { createTask(input: { projectId: $p, title: $t, assigneeId: $u }) { id title project { id } reporter { id } } }`;
const UPDATE_TASK = /* GraphQL */ `mutation($id: ID!, $t: String) { updateTask(id: $id, input: { title: $t }) { id title } }`;
const ASSIGN_TASK = /* GraphQL */ `mutation($id: ID!, $u: ID) { assignTask(id: $id, assigneeId: $u) { id assignee { id } } }`;
const CHANGE_STATUS = /* GraphQL */ `mutation($id: ID!, $s: TaskStatus!) { changeTaskStatus(id: $id, status: $s) { id status } }`;
const DELETE_TASK = /* GraphQL */ `mutation($id: ID!) { deleteTask(id: $id) }`;
const ADD_COMMENT = /* GraphQL */ `mutation($id: ID!, $b: String!) { addComment(taskId: $id, body: $b) { id body author { id } task { id } } }`;
const MOVE_TASK = /* GraphQL */ `mutation($id: ID!, $s: TaskStatus) { moveTask(id: $id, status: $s) { id status } }`;
const SET_TASK_LABELS = /* GraphQL */ `mutation($id: ID!, $l: [ID!]!) { setTaskLabels(id: $id, labelIds: $l) { id labels { id } } }`;
const CREATE_LABEL = /* GraphQL */ `mutation($p: ID!, $n: String!) { createLabel(projectId: $p, name: $n, color: "#123456") { id name color } }`;
const UPDATE_LABEL = /* GraphQL */ `mutation($id: ID!, $n: String) { updateLabel(id: $id, name: $n) { id name color } }`;
const DELETE_LABEL = /* GraphQL */ `mutation($id: ID!) { deleteLabel(id: $id) }`;
const UPDATE_COMMENT = /* GraphQL */ `mutation($id: ID!, $b: String!) { updateComment(id: $id, body: $b) { id body editedAt } }`;
const DELETE_COMMENT = /* GraphQL */ `mutation($id: ID!) { deleteComment(id: $id) }`;
const PROJECT_LABELS = /* GraphQL */ `query($id: ID!) { project(id: $id) { labels { id name color } } }`;
const USER_PROJECTS = /* GraphQL */ `
  query($u: ID!, $after: String) { user(id: $u) { id projects(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }
`;
const ASSIGNED_TASKS = /* GraphQL */ `query($u: ID!) { user(id: $u) { id assignedTasks { totalCount edges { node { id } } } } }`;

/** What one attempt acts on: the project and task by default, or fresh ones made for it. */
interface Fixture {
  projectId: string;
  taskId: string;
  taskTitle: string;
  archived: boolean;
  /** A label of the project. */
  labelId: string;
  /** A comment on the task, by the MEMBER. */
  commentId: string;
}

/** Who is attempting: their client, and the user id they would call "themself". */
interface Attempt {
  actor: Actor;
  client: GraphQLClient;
  self: string;
}

interface Operation<T> {
  /** The call. */
  run(attempt: Attempt, fixture: Fixture): Promise<GraphQLResult<T>>;
  /** What the OWNER reads through the API of the thing the call would change: a refusal leaves it as it was. */
  observe?(fixture: Fixture): Promise<unknown>;
  /** The events a successful call records, per database; none for a read (which must change nothing). */
  events?: { projects?: string[]; tasks?: string[] };
  /** Checks the answer and effect of a successful call. */
  verify?(data: T, fixture: Fixture, attempt: Attempt): Promise<void>;
}

interface Case<T> extends Operation<T> {
  name: string;
  expect: Matrix;
  /** Builds a fresh fixture (a task, a project) for one actor's attempt, so attempts do not depend on each other. */
  prepare?(actor: Actor): Promise<Partial<Fixture>>;
}

describe('the permission matrix through the gateway', () => {
  let stack: Stack;
  let people: Record<Role | 'non-member', TestUser>;
  /** Never a member of the projects below until a case adds them. */
  let newcomer: TestUser;
  /** A member some cases act on (a fresh project each time). */
  let target: TestUser;
  /** Has tasks assigned in the shared project and in a project of their own. */
  let worker: TestUser;
  /** Removed from a project in the last part. */
  let leaver: TestUser;
  /** The shared project and task; the actors hold their roles in it. */
  let shared: Fixture;
  let workerTaskInShared: string;
  let projectCount = 0;
  let taskCount = 0;

  const owner = () => people.OWNER;
  const attempt = (actor: Actor): Attempt =>
    actor === 'anonymous'
      ? { actor, client: stack.client(), self: people.MEMBER.id }
      : { actor, client: people[actor].client, self: people[actor].id };

  // ---------------------------------------------------------------- state and fixtures
  interface Footprint {
    projects: { projects: unknown; memberships: unknown; events: { id: string; type: string }[] };
    tasks: { tasks: unknown; comments: unknown; labels: unknown; taskLabels: unknown; events: { id: string; type: string }[] };
  }
  const table = (name: string, order: string) =>
    `(select json_build_object('rows', count(*), 'md5', md5(coalesce(json_agg(t order by ${order})::text, ''))) from ${name} t)`;
  const events = `(select coalesce(json_agg(json_build_object('id', e.id, 'type', e.type) order by e.id), '[]'::json) from outbox_events e)`;

  /** Everything an API call can write in the projects and tasks databases (replicas, filled by events, aside). */
  async function footprint(): Promise<Footprint> {
    const [[projects], [tasks]] = await Promise.all([
      queryDatabase<{ f: Footprint['projects'] }>(
        stack.env,
        'projects',
        `select json_build_object(
        'projects', ${table('projects', 't.id')}, 'memberships', ${table('memberships', 't.project_id, t.user_id')}, 'events', ${events}) as f`,
      ),
      queryDatabase<{ f: Footprint['tasks'] }>(
        stack.env,
        'tasks',
        `select json_build_object(
        'tasks', ${table('tasks', 't.id')}, 'comments', ${table('comments', 't.id')}, 'labels', ${table('labels', 't.id')},
        'taskLabels', ${table('task_labels', 't.task_id, t.label_id')}, 'events', ${events}) as f`,
      ),
    ]);
    return { projects: projects!.f, tasks: tasks!.f };
  }

  const newEvents = (before: Footprint, after: Footprint) => {
    const added = (was: { id: string }[], now: { id: string; type: string }[]) => {
      const old = new Set(was.map((event) => event.id));
      return now
        .filter((event) => !old.has(event.id))
        .map((event) => event.type)
        .sort();
    };
    return { projects: added(before.projects.events, after.projects.events), tasks: added(before.tasks.events, after.tasks.events) };
  };

  /** A refused call: exactly the error `code`, no data, and nothing changed, in the databases or as the OWNER sees it. */
  async function assertRefused(
    what: string,
    call: () => Promise<GraphQLResult<unknown>>,
    code: Outcome,
    observe?: () => Promise<unknown>,
  ): Promise<void> {
    const before = await footprint();
    const seen = await observe?.();
    const result = await call();
    assert.deepEqual(errorCodes(result), [code], `${what}: ${JSON.stringify(result.errors)}`);
    assert.ok(
      Object.values(result.data ?? {}).every((value) => value === null),
      `${what}: no data, got ${JSON.stringify(result.data)}`,
    );
    const after = await footprint();
    assert.deepEqual(newEvents(before, after), { projects: [], tasks: [] }, `${what}: no event was recorded`);
    assert.deepEqual(after, before, `${what}: no row changed`);
    if (observe) assert.deepEqual(await observe(), seen, `${what}: the OWNER reads the same as before`);
  }

  /** Every actor's attempt at one operation, each a subtest named after the actor and the expected outcome. */
  async function runMatrix<T>(t: TestContext, operation: Case<T>, base: () => Fixture): Promise<void> {
    for (const actor of ACTORS) {
      const expected = operation.expect[actor];
      await t.test(`${actor}: ${expected}`, async () => {
        const fixture = { ...base(), ...(await operation.prepare?.(actor)) };
        const who = attempt(actor);
        const what = `${operation.name} as ${actor}`;
        if (expected !== 'ok') {
          await assertRefused(what, () => operation.run(who, fixture), expected, operation.observe && (() => operation.observe!(fixture)));
          return;
        }
        const before = await footprint();
        const result = await operation.run(who, fixture);
        assert.deepEqual(errorCodes(result), [], `${what}: ${JSON.stringify(result.errors)}`);
        const after = await footprint();
        assert.deepEqual(
          newEvents(before, after),
          { projects: [...(operation.events?.projects ?? [])].sort(), tasks: [...(operation.events?.tasks ?? [])].sort() },
          `${what}: the events recorded`,
        );
        if (!operation.events) assert.deepEqual(after, before, `${what}: a read changes nothing`);
        await operation.verify?.(result.data!, fixture, who);
      });
    }
  }

  /** A row of the table: its operation's response type stays inside, so rows of every type sit in one list. */
  interface Row {
    name: string;
    expect: Matrix;
    run(t: TestContext, base: () => Fixture): Promise<void>;
  }
  const row = <T>(operation: Case<T>): Row => ({
    name: operation.name,
    expect: operation.expect,
    run: (t, base) => runMatrix(t, operation, base),
  });

  async function createProject(by: TestUser, members: [TestUser, Role][]): Promise<string> {
    const { createProject } = await by.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: `Project ${++projectCount}` });
    await Promise.all(members.map(([user, role]) => by.client.data(ADD_MEMBER, { p: createProject.id, u: user.id, r: role })));
    return createProject.id;
  }

  /** A fresh project where every actor holds their usual role, and `extra` members. */
  const team = (extra: [TestUser, Role][] = []) =>
    createProject(owner(), [[people.ADMIN, 'ADMIN'], [people.MEMBER, 'MEMBER'], [people.VIEWER, 'VIEWER'], ...extra]);

  async function createTask(
    by: TestUser,
    projectId: string,
    title = `Task ${++taskCount}`,
    assigneeId: string | null = null,
  ): Promise<string> {
    const { createTask } = await by.client.data<{ createTask: { id: string } }>(CREATE_TASK, { p: projectId, t: title, u: assigneeId });
    return createTask.id;
  }

  /** A fresh task in the shared project, made by the OWNER. */
  const freshTask = async (): Promise<Partial<Fixture>> => ({ taskId: await createTask(owner(), shared.projectId) });

  let labelCount = 0;
  async function createLabel(projectId: string): Promise<string> {
    const { createLabel } = await owner().client.data<CreateLabelData>(CREATE_LABEL, { p: projectId, n: `Label ${++labelCount}` });
    return createLabel.id;
  }
  const freshLabel = async (): Promise<Partial<Fixture>> => ({ labelId: await createLabel(shared.projectId) });

  async function addCommentAs(by: TestUser, taskId: string): Promise<string> {
    const { addComment } = await by.client.data<AddCommentData>(ADD_COMMENT, { id: taskId, b: `By ${by.id}` });
    return addComment.id;
  }
  /** A fresh task in the shared project with a comment by `author`. */
  const freshComment = (author: () => TestUser) => async (): Promise<Partial<Fixture>> => {
    const taskId = await createTask(owner(), shared.projectId);
    return { taskId, commentId: await addCommentAs(author(), taskId) };
  };

  /** Waits until the tasks subgraph's replica of the project's members is exactly `members`. */
  async function replicated(projectId: string, members: [TestUser, Role][]): Promise<void> {
    const want = JSON.stringify(members.map(([user, role]) => `${user.id}:${role}`).sort());
    await eventually(
      async () => {
        const rows = await queryDatabase<{ user_id: string; role: string }>(
          stack.env,
          'tasks',
          'select user_id, role from member_replicas where project_id = $1',
          [projectId],
        );
        return JSON.stringify(rows.map((row) => `${row.user_id}:${row.role}`).sort()) === want ? true : undefined;
      },
      10_000,
      `the tasks replica of project ${projectId}`,
    );
  }

  // ---------------------------------------------------------------- what the OWNER reads
  const ownerReads = async <T>(query: string, variables: Record<string, unknown>) => {
    const result = await owner().client.request<T>(query, variables);
    return { data: result.data ?? null, codes: errorCodes(result) };
  };
  const projectAsOwner = (fixture: Fixture) => ownerReads<ProjectData>(PROJECT, { id: fixture.projectId });
  const taskAsOwner = (fixture: Pick<Fixture, 'taskId'>) => ownerReads<TaskData>(TASK, { id: fixture.taskId });
  const labelsAsOwner = (fixture: Fixture) => ownerReads<ProjectLabelsData>(PROJECT_LABELS, { id: fixture.projectId });
  const membersAsOwner = async (projectId: string) => {
    const { project } = await owner().client.data<ProjectData>(PROJECT, {
      id: projectId,
    });
    return Object.fromEntries(project.members.map((member) => [member.user.id, member.role]));
  };
  const ownProjectIds = async (client: GraphQLClient, userId: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let after: string | null = null; ; ) {
      const page: UserProjectsData = await client.data(USER_PROJECTS, { u: userId, after });
      const { user } = page;
      ids.push(...user.projects.edges.map((edge) => edge.node.id));
      if (!user.projects.pageInfo.hasNextPage) return ids.sort();
      after = user.projects.pageInfo.endCursor;
    }
  };
  const roleOf = (actor: Actor) => (actor === 'non-member' || actor === 'anonymous' ? null : actor);

  // ---------------------------------------------------------------- operations, as the table uses them
  const readProject: Operation<ProjectData> = {
    run: ({ client }, { projectId }) => client.request(PROJECT, { id: projectId }),
    async verify({ project }, fixture, { actor, self }) {
      assert.equal(project.id, fixture.projectId);
      assert.equal(project.viewerRole, actor, 'viewerRole is the actor’s role');
      assert.equal(project.owner.id, owner().id);
      const members = Object.fromEntries(project.members.map((member) => [member.user.id, member.role]));
      assert.deepEqual(members, await membersAsOwner(fixture.projectId), 'everyone sees the same members');
      assert.equal(members[self], actor);
      assert.equal(members[owner().id], 'OWNER');
      assert.equal(project.archivedAt !== null, fixture.archived, 'archivedAt');
    },
  };
  const readTask: Operation<TaskData> = {
    run: ({ client }, { taskId }) => client.request(TASK, { id: taskId }),
    async verify({ task }, fixture) {
      assert.equal(task.id, fixture.taskId);
      assert.equal(task.project.id, fixture.projectId);
      assert.equal(task.title, fixture.taskTitle);
    },
  };
  const readProjectTasks: Operation<ProjectTasksData> = {
    run: ({ client }, { projectId, taskTitle }) => client.request(PROJECT_TASKS, { id: projectId, search: taskTitle }),
    async verify({ project }, fixture) {
      assert.deepEqual(
        project.found.edges.map((edge) => edge.node.id),
        [fixture.taskId],
      );
      const [row] = await queryDatabase<{ n: number }>(stack.env, 'tasks', 'select count(*)::int as n from tasks where project_id = $1', [
        fixture.projectId,
      ]);
      assert.equal(project.all.totalCount, row!.n, 'every task of the project is counted');
    },
  };
  const updateProject: Operation<UpdateProjectData> = {
    run: ({ client, actor }, { projectId }) => client.request(UPDATE_PROJECT, { id: projectId, d: `Edited by ${actor}` }),
    observe: projectAsOwner,
    events: { projects: ['project.updated'] },
    async verify({ updateProject }, fixture, { actor }) {
      assert.equal(updateProject.description, `Edited by ${actor}`);
      assert.equal((await projectAsOwner(fixture)).data?.project.description, `Edited by ${actor}`);
    },
  };
  const archiveProject: Operation<ArchiveProjectData> = {
    run: ({ client }, { projectId }) => client.request(ARCHIVE_PROJECT, { id: projectId }),
    observe: projectAsOwner,
    events: { projects: ['project.archived'] },
    async verify({ archiveProject }, fixture) {
      assert.ok(archiveProject.archivedAt);
      assert.equal((await projectAsOwner(fixture)).data?.project.archivedAt, archiveProject.archivedAt);
    },
  };
  const addMember = (role: Role): Operation<unknown> => ({
    run: ({ client }, { projectId }) => client.request(ADD_MEMBER, { p: projectId, u: newcomer.id, r: role }),
    observe: projectAsOwner,
    events: { projects: ['project.member_added'] },
    async verify(_data, { projectId }) {
      assert.equal((await membersAsOwner(projectId))[newcomer.id], role);
    },
  });
  const changeRole = (who: () => TestUser, role: Role): Operation<unknown> => ({
    run: ({ client }, { projectId }) => client.request(CHANGE_ROLE, { p: projectId, u: who().id, r: role }),
    observe: projectAsOwner,
    events: { projects: ['project.member_role_changed'] },
    async verify(_data, { projectId }) {
      assert.equal((await membersAsOwner(projectId))[who().id], role);
    },
  });
  const handOver: Operation<ChangeRoleData> = {
    run: ({ client }, { projectId }) => client.request(CHANGE_ROLE, { p: projectId, u: target.id, r: 'OWNER' }),
    observe: projectAsOwner,
    events: { projects: ['project.member_role_changed', 'project.member_role_changed'] },
    async verify({ changeProjectMemberRole }, { projectId }) {
      assert.equal(changeProjectMemberRole.owner.id, target.id, 'the project has a new OWNER');
      assert.equal(changeProjectMemberRole.viewerRole, 'ADMIN', 'the previous OWNER is now ADMIN');
      const members = await membersAsOwner(projectId);
      assert.deepEqual([members[owner().id], members[target.id]], ['ADMIN', 'OWNER']);
      assert.equal(Object.values(members).filter((role) => role === 'OWNER').length, 1, 'exactly one OWNER');
      await replicated(projectId, [
        [owner(), 'ADMIN'],
        [people.ADMIN, 'ADMIN'],
        [people.MEMBER, 'MEMBER'],
        [people.VIEWER, 'VIEWER'],
        [target, 'OWNER'],
      ]);
    },
  };
  const removeMember = (who: (attempt: Attempt) => string): Operation<unknown> => ({
    run: (attempt, { projectId }) => attempt.client.request(REMOVE_MEMBER, { p: projectId, u: who(attempt) }),
    observe: projectAsOwner,
    events: { projects: ['project.member_removed'] },
    async verify(_data, { projectId }, attempt) {
      assert.equal((await membersAsOwner(projectId))[who(attempt)], undefined, 'no longer a member');
    },
  });
  const createTaskOperation: Operation<CreateTaskData> = {
    run: ({ client, actor }, { projectId }) => client.request(CREATE_TASK, { p: projectId, t: `Created by ${actor}` }),
    observe: (fixture) => ownerReads(PROJECT_TASKS, { id: fixture.projectId, search: 'Created by' }),
    events: { tasks: ['task.created'] },
    async verify({ createTask }, { projectId }, { actor, self }) {
      assert.deepEqual([createTask.title, createTask.project.id, createTask.reporter.id], [`Created by ${actor}`, projectId, self]);
      assert.equal((await taskAsOwner({ taskId: createTask.id })).data?.task.title, `Created by ${actor}`);
    },
  };
  const updateTask: Operation<unknown> = {
    run: ({ client, actor }, { taskId }) => client.request(UPDATE_TASK, { id: taskId, t: `Renamed by ${actor}` }),
    observe: taskAsOwner,
    events: { tasks: ['task.updated'] },
    async verify(_data, fixture, { actor }) {
      assert.equal((await taskAsOwner(fixture)).data?.task.title, `Renamed by ${actor}`);
    },
  };
  const assignTask: Operation<unknown> = {
    run: ({ client }, { taskId }) => client.request(ASSIGN_TASK, { id: taskId, u: people.MEMBER.id }),
    observe: taskAsOwner,
    events: { tasks: ['task.assigned'] },
    async verify(_data, fixture) {
      assert.equal((await taskAsOwner(fixture)).data?.task.assignee?.id, people.MEMBER.id);
    },
  };
  const changeStatus: Operation<unknown> = {
    run: ({ client }, { taskId }) => client.request(CHANGE_STATUS, { id: taskId, s: 'IN_PROGRESS' }),
    observe: taskAsOwner,
    events: { tasks: ['task.status_changed'] },
    async verify(_data, fixture) {
      assert.equal((await taskAsOwner(fixture)).data?.task.status, 'IN_PROGRESS');
    },
  };
  const deleteTask: Operation<DeleteTaskData> = {
    run: ({ client }, { taskId }) => client.request(DELETE_TASK, { id: taskId }),
    observe: taskAsOwner,
    events: { tasks: ['task.deleted'] },
    async verify({ deleteTask }, fixture) {
      assert.equal(deleteTask, fixture.taskId);
      assert.deepEqual((await taskAsOwner(fixture)).codes, [NOT_FOUND]);
    },
  };
  const addComment: Operation<AddCommentData> = {
    run: ({ client, actor }, { taskId }) => client.request(ADD_COMMENT, { id: taskId, b: `Said by ${actor}` }),
    observe: taskAsOwner,
    events: { tasks: ['task.commented'] },
    async verify({ addComment }, fixture, { actor, self }) {
      assert.deepEqual([addComment.body, addComment.author.id, addComment.task.id], [`Said by ${actor}`, self, fixture.taskId]);
      const { task } = (await taskAsOwner(fixture)).data!;
      assert.deepEqual(
        task.comments.edges.map((edge) => [edge.node.body, edge.node.author.id]),
        [[`Said by ${actor}`, self]],
      );
    },
  };

  const moveTask: Operation<MoveTaskData> = {
    run: ({ client }, { taskId }) => client.request(MOVE_TASK, { id: taskId, s: 'IN_REVIEW' }),
    observe: taskAsOwner,
    events: { tasks: ['task.moved'] },
    async verify({ moveTask }, fixture) {
      assert.equal(moveTask.status, 'IN_REVIEW');
      assert.equal((await taskAsOwner(fixture)).data?.task.status, 'IN_REVIEW');
    },
  };
  const setTaskLabels: Operation<SetTaskLabelsData> = {
    run: ({ client }, { taskId, labelId }) => client.request(SET_TASK_LABELS, { id: taskId, l: [labelId] }),
    observe: taskAsOwner,
    events: { tasks: ['task.updated'] },
    async verify({ setTaskLabels }, fixture) {
      assert.deepEqual(
        setTaskLabels.labels.map((label) => label.id),
        [fixture.labelId],
      );
      assert.deepEqual(
        (await taskAsOwner(fixture)).data?.task.labels.map((label) => label.id),
        [fixture.labelId],
      );
    },
  };
  // Labels are the project's own business: no event.
  const createLabelOperation: Operation<CreateLabelData> = {
    run: ({ client, actor }, { projectId }) => client.request(CREATE_LABEL, { p: projectId, n: `Made by ${actor}` }),
    observe: labelsAsOwner,
    events: {},
    async verify({ createLabel }, fixture, { actor }) {
      assert.deepEqual([createLabel.name, createLabel.color], [`Made by ${actor}`, '#123456']);
      assert.ok((await labelsAsOwner(fixture)).data?.project.labels.some((label) => label.id === createLabel.id));
    },
  };
  const updateLabel: Operation<UpdateLabelData> = {
    run: ({ client, actor }, { labelId }) => client.request(UPDATE_LABEL, { id: labelId, n: `Renamed by ${actor}` }),
    observe: labelsAsOwner,
    events: {},
    async verify({ updateLabel }, fixture, { actor }) {
      assert.equal(updateLabel.name, `Renamed by ${actor}`);
      const labels = (await labelsAsOwner(fixture)).data?.project.labels ?? [];
      assert.equal(labels.find((label) => label.id === fixture.labelId)?.name, `Renamed by ${actor}`);
    },
  };
  const deleteLabel: Operation<DeleteLabelData> = {
    run: ({ client }, { labelId }) => client.request(DELETE_LABEL, { id: labelId }),
    observe: labelsAsOwner,
    events: {},
    async verify({ deleteLabel }, fixture) {
      assert.equal(deleteLabel, fixture.labelId);
      assert.ok(!(await labelsAsOwner(fixture)).data?.project.labels.some((label) => label.id === fixture.labelId));
    },
  };
  const updateComment: Operation<UpdateCommentData> = {
    run: ({ client, actor }, { commentId }) => client.request(UPDATE_COMMENT, { id: commentId, b: `Edited by ${actor}` }),
    observe: taskAsOwner,
    events: { tasks: ['task.comment_updated'] },
    async verify({ updateComment }, fixture, { actor }) {
      assert.equal(updateComment.body, `Edited by ${actor}`);
      assert.ok(updateComment.editedAt);
      const comments = (await taskAsOwner(fixture)).data?.task.comments.edges ?? [];
      assert.equal(comments.find((edge) => edge.node.id === fixture.commentId)?.node.body, `Edited by ${actor}`);
    },
  };
  const deleteComment: Operation<DeleteCommentData> = {
    run: ({ client }, { commentId }) => client.request(DELETE_COMMENT, { id: commentId }),
    observe: taskAsOwner,
    events: { tasks: ['task.comment_deleted'] },
    async verify({ deleteComment }, fixture) {
      assert.equal(deleteComment, fixture.commentId);
      assert.equal((await taskAsOwner(fixture)).data?.task.comments.totalCount, 0);
    },
  };

  before(async () => {
    stack = await startStack();
    const [OWNER, ADMIN, MEMBER, VIEWER, outsider, ...others] = await Promise.all(
      ['Olive', 'Adam', 'Mia', 'Vic', 'Nemo', 'Newt', 'Tara', 'Wanda', 'Lee'].map((name) => signUp(stack, name)),
    );
    people = { OWNER: OWNER!, ADMIN: ADMIN!, MEMBER: MEMBER!, VIEWER: VIEWER!, 'non-member': outsider! };
    [newcomer, target, worker, leaver] = others as [TestUser, TestUser, TestUser, TestUser];
    const everyone = [...Object.values(people), ...others];
    // Profiles (users) and known users (projects) arrive by event: wait for them, so nothing below waits.
    await eventually(
      async () => {
        const ids = everyone.map((user) => user.id);
        const [[profiles], [known]] = await Promise.all([
          queryDatabase<{ n: number }>(stack.env, 'users', 'select count(*)::int as n from users where id = any($1)', [ids]),
          queryDatabase<{ n: number }>(stack.env, 'projects', 'select count(*)::int as n from known_users where id = any($1)', [ids]),
        ]);
        return profiles!.n === ids.length && known!.n === ids.length ? true : undefined;
      },
      10_000,
      'every user to be known to users and projects',
    );

    const members: [TestUser, Role][] = [
      [people.ADMIN, 'ADMIN'],
      [people.MEMBER, 'MEMBER'],
      [people.VIEWER, 'VIEWER'],
      [worker, 'MEMBER'],
    ];
    const sharedId = await createProject(owner(), members);
    const workersOwn = await createProject(worker, []);
    await replicated(sharedId, [[owner(), 'OWNER'], ...members]);
    await replicated(workersOwn, [[worker, 'OWNER']]);
    const sharedTask = await createTask(owner(), sharedId, 'Shared task');
    shared = {
      projectId: sharedId,
      taskId: sharedTask,
      taskTitle: 'Shared task',
      archived: false,
      labelId: await createLabel(sharedId),
      commentId: await addCommentAs(people.MEMBER, sharedTask),
    };
    workerTaskInShared = await createTask(owner(), sharedId, 'For the worker', worker.id);
    await createTask(worker, workersOwn, 'The worker’s own', worker.id);
    const { user } = await worker.client.data<{ user: { assignedTasks: { totalCount: number } } }>(ASSIGNED_TASKS, { u: worker.id });
    assert.equal(user.assignedTasks.totalCount, 2, 'the worker has a task in each project');
  });
  after(() => stack?.stop());

  describe('in a live project', () => {
    const cases: Row[] = [
      row({ name: 'project(id) with members and viewerRole', expect: READERS, ...readProject }),
      row({ name: 'updateProject', expect: ADMINS, ...updateProject }),
      row({
        name: 'archiveProject (a fresh project each)',
        expect: ADMINS,
        prepare: async () => ({ projectId: await team() }),
        ...archiveProject,
      }),
      row({
        name: 'addProjectMember as MEMBER',
        expect: ADMINS,
        prepare: async () => ({ projectId: await team() }),
        ...addMember('MEMBER'),
      }),
      row({
        name: 'addProjectMember as ADMIN (an ADMIN adds only below ADMIN)',
        expect: OWNER_ONLY,
        prepare: async () => ({ projectId: await team() }),
        ...addMember('ADMIN'),
      }),
      row({
        name: 'changeProjectMemberRole of a MEMBER to VIEWER',
        expect: ADMINS,
        prepare: async () => ({ projectId: await team([[target, 'MEMBER']]) }),
        ...changeRole(() => target, 'VIEWER'),
      }),
      row({
        name: 'changeProjectMemberRole of a MEMBER to ADMIN (promoting to ADMIN)',
        expect: OWNER_ONLY,
        prepare: async () => ({ projectId: await team([[target, 'MEMBER']]) }),
        ...changeRole(() => target, 'ADMIN'),
      }),
      row({
        name: 'changeProjectMemberRole of another ADMIN to MEMBER',
        expect: OWNER_ONLY,
        prepare: async () => ({ projectId: await team([[target, 'ADMIN']]) }),
        ...changeRole(() => target, 'MEMBER'),
      }),
      row({
        name: 'changeProjectMemberRole of the OWNER to ADMIN without handing over (a project keeps one OWNER)',
        expect: NOBODY,
        prepare: async () => ({ projectId: await team() }),
        ...changeRole(owner, 'ADMIN'),
      }),
      row({
        name: 'handing over: changeProjectMemberRole to OWNER (the OWNER becomes ADMIN)',
        expect: OWNER_ONLY,
        prepare: async () => ({ projectId: await team([[target, 'MEMBER']]) }),
        ...handOver,
      }),
      row({
        name: 'removeProjectMember of a VIEWER',
        expect: ADMINS,
        prepare: async () => ({ projectId: await team([[target, 'VIEWER']]) }),
        ...removeMember(() => target.id),
      }),
      row({
        name: 'removeProjectMember of another ADMIN',
        expect: OWNER_ONLY,
        prepare: async () => ({ projectId: await team([[target, 'ADMIN']]) }),
        ...removeMember(() => target.id),
      }),
      row({
        name: 'removeProjectMember of the OWNER (not even by the OWNER)',
        expect: NOBODY,
        prepare: async () => ({ projectId: await team() }),
        ...removeMember(() => owner().id),
      }),
      row({
        name: 'removeProjectMember of oneself (leaving)',
        expect: LEAVERS,
        prepare: async () => ({ projectId: await team() }),
        ...removeMember((attempt) => attempt.self),
        async verify(_data, { projectId }, { client, self }) {
          assert.equal((await membersAsOwner(projectId))[self], undefined, 'no longer a member');
          assert.deepEqual(errorCodes(await client.request(PROJECT, { id: projectId })), [NOT_FOUND], 'the project is gone for them');
        },
      }),
      row({ name: 'task(id)', expect: READERS, ...readTask }),
      row({ name: 'project.tasks', expect: READERS, ...readProjectTasks }),
      row({ name: 'createTask', expect: WORKERS, ...createTaskOperation }),
      row({ name: 'updateTask', expect: WORKERS, prepare: freshTask, ...updateTask }),
      row({ name: 'assignTask', expect: WORKERS, prepare: freshTask, ...assignTask }),
      row({ name: 'changeTaskStatus', expect: WORKERS, prepare: freshTask, ...changeStatus }),
      row({ name: 'deleteTask', expect: WORKERS, prepare: freshTask, ...deleteTask }),
      row({ name: 'addComment', expect: WORKERS, prepare: freshTask, ...addComment }),
      row<UserProjectsData>({
        name: 'User.projects of oneself',
        expect: SIGNED_IN,
        run: ({ client, self }) => client.request(USER_PROJECTS, { u: self }),
        async verify({ user }, fixture, { actor, client, self }) {
          const rows = await queryDatabase<{ project_id: string }>(
            stack.env,
            'projects',
            'select m.project_id from memberships m join projects p on p.id = m.project_id where m.user_id = $1 and p.archived_at is null',
            [self],
          );
          assert.equal(user.projects.totalCount, rows.length);
          assert.deepEqual(await ownProjectIds(client, self), rows.map((row) => row.project_id).sort());
          assert.equal((await ownProjectIds(client, self)).includes(fixture.projectId), roleOf(actor) !== null);
        },
      }),
      row({
        name: 'User.projects of another user',
        expect: NOT_THEIRS,
        run: ({ client }) => client.request(USER_PROJECTS, { u: worker.id }),
      }),
      row<AssignedTasksData>({
        name: 'User.assignedTasks of another user, restricted to the projects the viewer can see',
        expect: SIGNED_IN,
        run: ({ client }) => client.request(ASSIGNED_TASKS, { u: worker.id }),
        async verify({ user }, _fixture, { actor }) {
          // The worker has a task in the shared project and one in a project of their own, which no actor is in.
          const visible = roleOf(actor) ? [workerTaskInShared] : [];
          assert.deepEqual(
            [user.assignedTasks.totalCount, user.assignedTasks.edges.map((edge) => edge.node.id)],
            [visible.length, visible],
          );
        },
      }),
      row({ name: 'moveTask', expect: WORKERS, prepare: freshTask, ...moveTask }),
      row({ name: 'setTaskLabels', expect: WORKERS, prepare: freshTask, ...setTaskLabels }),
      row({ name: 'createLabel', expect: WORKERS, ...createLabelOperation }),
      row({ name: 'updateLabel', expect: WORKERS, prepare: freshLabel, ...updateLabel }),
      row({ name: 'deleteLabel', expect: WORKERS, prepare: freshLabel, ...deleteLabel }),
      row({
        name: "updateComment of the MEMBER's comment (its author only)",
        expect: AUTHOR_ONLY,
        prepare: freshComment(() => people.MEMBER),
        ...updateComment,
      }),
      row({
        name: "deleteComment of the MEMBER's comment (its author, or ADMIN or higher)",
        expect: WORKERS,
        prepare: freshComment(() => people.MEMBER),
        ...deleteComment,
      }),
      row({ name: "deleteComment of the OWNER's comment", expect: ADMINS, prepare: freshComment(owner), ...deleteComment }),
    ];
    for (const operation of cases) {
      it(`${operation.name}: ${summary(operation.expect)}`, (t) => operation.run(t, () => shared));
    }
  });

  describe('in an archived project, which stays readable and refuses every change', () => {
    let archived: Fixture;
    before(async () => {
      const members: [TestUser, Role][] = [
        [people.ADMIN, 'ADMIN'],
        [people.MEMBER, 'MEMBER'],
        [people.VIEWER, 'VIEWER'],
        [target, 'VIEWER'],
      ];
      const projectId = await team(members.slice(3));
      await replicated(projectId, [[owner(), 'OWNER'], ...members]);
      const taskId = await createTask(owner(), projectId, 'Archived task');
      archived = {
        projectId,
        taskId,
        taskTitle: 'Archived task',
        archived: true,
        labelId: await createLabel(projectId),
        commentId: await addCommentAs(people.MEMBER, taskId),
      };
      await owner().client.data(ARCHIVE_PROJECT, { id: projectId });
      await eventually(
        async () => {
          const [row] = await queryDatabase<{ archived_at: Date | null }>(
            stack.env,
            'tasks',
            'select archived_at from project_replicas where id = $1',
            [projectId],
          );
          return row?.archived_at ? true : undefined;
        },
        10_000,
        'the tasks subgraph to learn of the archiving',
      );
    });

    const cases: Row[] = [
      row({ name: 'project(id)', expect: READERS, ...readProject }),
      row({ name: 'task(id)', expect: READERS, ...readTask }),
      row({ name: 'project.tasks', expect: READERS, ...readProjectTasks }),
      row({ name: 'updateProject', expect: NOBODY, ...updateProject }),
      row({ name: 'addProjectMember', expect: NOBODY, ...addMember('MEMBER') }),
      row({ name: 'changeProjectMemberRole of a VIEWER to MEMBER', expect: NOBODY, ...changeRole(() => target, 'MEMBER') }),
      row({ name: 'removeProjectMember of a VIEWER', expect: NOBODY, ...removeMember(() => target.id) }),
      row({ name: 'createTask', expect: NOBODY, ...createTaskOperation }),
      row({ name: 'updateTask', expect: NOBODY, ...updateTask }),
      row({ name: 'assignTask', expect: NOBODY, ...assignTask }),
      row({ name: 'changeTaskStatus', expect: NOBODY, ...changeStatus }),
      row({ name: 'deleteTask', expect: NOBODY, ...deleteTask }),
      row({ name: 'addComment', expect: NOBODY, ...addComment }),
      row({ name: 'moveTask', expect: NOBODY, ...moveTask }),
      row({ name: 'setTaskLabels', expect: NOBODY, ...setTaskLabels }),
      row({ name: 'createLabel', expect: NOBODY, ...createLabelOperation }),
      row({ name: 'updateLabel', expect: NOBODY, ...updateLabel }),
      row({ name: 'deleteLabel', expect: NOBODY, ...deleteLabel }),
      row({ name: "updateComment of the MEMBER's comment", expect: NOBODY, ...updateComment }),
      row({ name: "deleteComment of the MEMBER's comment", expect: NOBODY, ...deleteComment }),
    ];
    for (const operation of cases) {
      it(`${operation.name}: ${summary(operation.expect)}`, (t) => operation.run(t, () => archived));
    }
  });

  describe('a removed member', () => {
    it('loses the project at once, and its tasks (NOT_FOUND) as soon as the tasks subgraph hears of it', async () => {
      const members: [TestUser, Role][] = [
        [people.ADMIN, 'ADMIN'],
        [people.MEMBER, 'MEMBER'],
        [people.VIEWER, 'VIEWER'],
        [leaver, 'MEMBER'],
      ];
      const projectId = await team(members.slice(3));
      await replicated(projectId, [[owner(), 'OWNER'], ...members]);
      const taskId = await createTask(owner(), projectId, 'Before the removal');
      // While a member, they read and work on the project.
      const commentId = await addCommentAs(leaver, taskId);
      assert.ok((await ownProjectIds(leaver.client, leaver.id)).includes(projectId));

      await owner().client.data(REMOVE_MEMBER, { p: projectId, u: leaver.id });
      const { client } = leaver;
      const fixture: Fixture = {
        projectId,
        taskId,
        taskTitle: 'Before the removal',
        archived: false,
        labelId: await createLabel(projectId),
        commentId,
      };
      await assertRefused('project(id) right after the removal', () => client.request(PROJECT, { id: projectId }), NOT_FOUND);
      assert.ok(!(await ownProjectIds(client, leaver.id)).includes(projectId), 'nor is it among their projects');

      await eventually(
        async () => (errorCodes(await client.request(TASK, { id: taskId }))[0] === NOT_FOUND ? true : undefined),
        10_000,
        'task(id) to be NOT_FOUND',
      );
      const [replica] = await queryDatabase<{ n: number }>(
        stack.env,
        'tasks',
        'select count(*)::int as n from member_replicas where project_id = $1 and user_id = $2',
        [projectId, leaver.id],
      );
      assert.equal(replica!.n, 0);

      const as = { actor: 'MEMBER' as const, client, self: leaver.id };
      await assertRefused('task(id)', () => readTask.run(as, fixture), NOT_FOUND);
      await assertRefused('project.tasks', () => readProjectTasks.run(as, fixture), NOT_FOUND);
      await assertRefused(
        'createTask',
        () => createTaskOperation.run(as, fixture),
        NOT_FOUND,
        () => createTaskOperation.observe!(fixture),
      );
      for (const [name, operation] of Object.entries({
        updateTask,
        assignTask,
        changeStatus,
        deleteTask,
        addComment,
        moveTask,
        setTaskLabels,
        updateComment,
        deleteComment,
      })) {
        await assertRefused(
          name,
          () => operation.run(as, fixture),
          NOT_FOUND,
          () => taskAsOwner(fixture),
        );
      }
      await assertRefused(
        'removeProjectMember of themself again',
        () => client.request(REMOVE_MEMBER, { p: projectId, u: leaver.id }),
        NOT_FOUND,
        () => projectAsOwner(fixture),
      );
      // Nor can the task be given to them any more.
      const before = await footprint();
      const assigned = await owner().client.request(ASSIGN_TASK, { id: taskId, u: leaver.id });
      assert.deepEqual(errorCodes(assigned), ['BAD_USER_INPUT'], JSON.stringify(assigned.errors));
      assert.deepEqual(await footprint(), before);
    });
  });
});

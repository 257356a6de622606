import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type GraphQLResult, type Stack, startStack } from '@taskgraph/stack';
import { type ConsumerMessages, connect, type NatsConnection } from 'nats';
import { signUp, type TestUser } from './users.js';

const CREATE_PROJECT = /* GraphQL */ `mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id name description } }`;
const UPDATE_PROJECT = /* GraphQL */ `mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { id name description } }`;
const ARCHIVE_PROJECT = /* GraphQL */ `mutation ArchiveProject($id: ID!) { archiveProject(id: $id) { id archivedAt } }`;
const PROJECT = /* GraphQL */ `query Project($id: ID!) { project(id: $id) { id owner { id } viewerRole members { role user { id } } } }`;
const ADD_MEMBER = /* GraphQL */ `
  mutation AddMember($projectId: ID!, $userId: ID!, $role: ProjectRole) { addProjectMember(projectId: $projectId, userId: $userId, role: $role) { id } }
`;
const CHANGE_ROLE = /* GraphQL */ `
  mutation ChangeRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) { changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) { id } }
`;
const REMOVE_MEMBER = /* GraphQL */ `mutation RemoveMember($projectId: ID!, $userId: ID!) { removeProjectMember(projectId: $projectId, userId: $userId) { id } }`;
const CREATE_TASK = /* GraphQL */ `mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const UPDATE_TASK = /* GraphQL */ `mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id title description priority dueAt } }`;
const ASSIGN_TASK = /* GraphQL */ `mutation AssignTask($id: ID!, $assigneeId: ID) { assignTask(id: $id, assigneeId: $assigneeId) { id } }`;
const CHANGE_STATUS = /* GraphQL */ `mutation ChangeStatus($id: ID!, $status: TaskStatus!) { changeTaskStatus(id: $id, status: $status) { id status } }`;
const DELETE_TASK = /* GraphQL */ `mutation DeleteTask($id: ID!) { deleteTask(id: $id) }`;
const ADD_COMMENT = /* GraphQL */ `mutation AddComment($taskId: ID!, $body: String!) { addComment(taskId: $taskId, body: $body) { id } }`;
const MOVE_TASK = /* GraphQL */ `
  mutation MoveTask($id: ID!, $status: TaskStatus, $afterTaskId: ID, $beforeTaskId: ID) { moveTask(id: $id, status: $status, afterTaskId: $afterTaskId, beforeTaskId: $beforeTaskId) { id } }
`;
const SET_LABELS = /* GraphQL */ `mutation SetLabels($id: ID!, $labelIds: [ID!]!) { setTaskLabels(id: $id, labelIds: $labelIds) { id } }`;
const UPDATE_COMMENT = /* GraphQL */ `mutation UpdateComment($id: ID!, $body: String!) { updateComment(id: $id, body: $body) { id } }`;
const DELETE_COMMENT = /* GraphQL */ `mutation DeleteComment($id: ID!) { deleteComment(id: $id) }`;

type Subgraph = 'projects' | 'tasks';

interface Envelope {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

interface ExpectedEvent {
  type: string;
  data: Record<string, unknown>;
}

type Snapshot = {
  taskId: string;
  projectId: string;
  title: string;
  status: string;
  priority: string;
  dueAt: string | null;
  assigneeId: string | null;
  reporterId: string;
};

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A short account of a GraphQL result, for assertion messages. */
const describeResult = (result: GraphQLResult<unknown>) =>
  result.errors
    ? JSON.stringify(result.errors.map((error) => ({ code: error.extensions?.code, message: error.message.slice(0, 160) })))
    : `data ${JSON.stringify(result.data)}`;

describe('each mutation emits exactly one event of the right type, and none when it fails', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  let cy: TestUser;
  let dan: TestUser;
  let otto: TestUser; // registered, member of nothing
  let nats: NatsConnection;
  let messages: ConsumerMessages;
  let reading: Promise<void>;
  /** Every event read back from the JetStream stream, by id. */
  const streamed = new Map<string, { subject: string; envelope: Envelope }[]>();

  before(async () => {
    stack = await startStack({ USER_WAIT_MS: '300' });
    [ada, bob, cy, dan, otto] = (await Promise.all(['Ada', 'Bob', 'Cy', 'Dan', 'Otto'].map((name) => signUp(stack, name)))) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const everyone = [ada, bob, cy, dan, otto].map((user) => user.id);
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

    // The stream of the run, read from its start with an ordered consumer: what JetStream stored.
    nats = await connect({ servers: stack.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    const consumer = await nats.jetstream().consumers.get(stack.env.EVENTS_STREAM!);
    messages = await consumer.consume();
    reading = (async () => {
      for await (const message of messages) {
        const envelope = message.json<Envelope>();
        streamed.set(envelope.id, [...(streamed.get(envelope.id) ?? []), { subject: message.subject, envelope }]);
      }
    })();
  });
  after(async () => {
    messages?.stop();
    await reading;
    await nats?.close();
    await stack?.stop();
  });

  const outbox = (subgraph: Subgraph) =>
    queryDatabase<{ id: string; type: string; envelope: Envelope }>(
      stack.env,
      subgraph,
      'select id, type, envelope from outbox_events order by id',
    );

  /** The ids of the events in both outboxes now. */
  const recorded = async () => ({
    projects: new Set((await outbox('projects')).map((row) => row.id)),
    tasks: new Set((await outbox('tasks')).map((row) => row.id)),
  });

  /** The events recorded in either outbox since `before`. */
  async function since(before: Awaited<ReturnType<typeof recorded>>) {
    return {
      projects: (await outbox('projects')).filter((row) => !before.projects.has(row.id)),
      tasks: (await outbox('tasks')).filter((row) => !before.tasks.has(row.id)),
    };
  }

  /**
   * Runs a mutation that must succeed, and checks it recorded exactly `expected` in `subgraph`'s
   * outbox (nothing in the other), each in a well-formed envelope with the caller as actor, and
   * that the same events reach the JetStream stream on their subject.
   */
  async function emits<T>(
    subgraph: Subgraph,
    actor: TestUser,
    work: () => Promise<T>,
    expected: (result: T) => ExpectedEvent[],
    { anyOrder = false } = {},
  ): Promise<T> {
    const before = await recorded();
    const startedAt = Date.now();
    const result = await work();
    const finishedAt = Date.now();
    const added = await since(before);
    const other: Subgraph = subgraph === 'projects' ? 'tasks' : 'projects';
    assert.deepEqual(
      added[other].map((row) => row.type),
      [],
      `no event in the ${other} outbox`,
    );

    const wanted = expected(result);
    const order = <E extends ExpectedEvent>(events: E[]): E[] =>
      anyOrder
        ? [...events].sort((a, b) => `${a.type}${String(a.data.userId)}`.localeCompare(`${b.type}${String(b.data.userId)}`))
        : events;
    const rows = order(added[subgraph].map((row) => ({ ...row, data: row.envelope.data })));
    const got = rows.map((row) => row.type);
    assert.deepEqual(
      got,
      order(wanted).map((event) => event.type),
      `the events recorded by ${subgraph}: ${JSON.stringify(got)}`,
    );
    order(wanted).forEach((event, index) => {
      const { id, type, envelope } = rows[index]!;
      // Tracing is off here (no collector): an event carries no trace context then.
      assert.deepEqual(
        Object.keys(envelope).sort(),
        ['actorId', 'data', 'id', 'occurredAt', 'type', 'version'],
        `${type}: envelope fields`,
      );
      assert.equal(envelope.id, id, `${type}: the envelope id is the row id`);
      assert.match(envelope.id, UUID_V7, `${type}: a UUIDv7 id`);
      assert.equal(envelope.type, type);
      assert.equal(envelope.version, 1, `${type}: version`);
      assert.equal(envelope.actorId, actor.id, `${type}: the caller is the actor`);
      const occurredAt = Date.parse(envelope.occurredAt);
      assert.equal(new Date(occurredAt).toISOString(), envelope.occurredAt, `${type}: occurredAt is an ISO-8601 date-time`);
      assert.ok(
        occurredAt >= startedAt - 1000 && occurredAt <= finishedAt + 1000,
        `${type}: occurredAt ${envelope.occurredAt} is during the mutation`,
      );
      // The order in which task.updated lists the changed fields is not part of the contract.
      const fieldsSorted = (data: Record<string, unknown>) =>
        Array.isArray(data.changed) ? { ...data, changed: [...(data.changed as string[])].sort() } : data;
      assert.deepEqual(fieldsSorted(envelope.data), fieldsSorted(event.data), `${type}: data`);
    });

    for (const { id, type, envelope } of rows) {
      const copies = await eventually(async () => streamed.get(id), 10_000, `${type} ${id} on the stream`);
      assert.equal(copies[0]!.subject, `${stack.env.EVENTS_SUBJECT_PREFIX}.${type}`, `${type}: its subject`);
      assert.deepEqual(copies[0]!.envelope, envelope, `${type}: the stream carries the recorded envelope`);
    }
    return result;
  }

  /** Runs a mutation that fails or changes nothing, and checks that neither outbox gained an event. */
  async function emitsNothing(what: string, work: () => Promise<GraphQLResult<unknown>>, expectedCode: string | null): Promise<void> {
    const before = await recorded();
    const result = await work();
    if (expectedCode) assert.deepEqual(errorCodes(result), [expectedCode], `${what}: ${describeResult(result)}`);
    else assert.equal(result.errors, undefined, `${what} succeeds: ${describeResult(result)}`);
    const added = await since(before);
    const types = [...added.projects, ...added.tasks].map((row) => row.type);
    assert.deepEqual(types, [], `${what}: expected no event, got ${JSON.stringify(types)}`);
  }

  /** Runs every case, then fails with all their messages at once: one broken case does not hide the others. */
  async function everyCase(cases: [string, () => Promise<GraphQLResult<unknown>>, string | null][]): Promise<void> {
    const failures: string[] = [];
    for (const [what, work, code] of cases) {
      try {
        await emitsNothing(what, work, code);
      } catch (error) {
        failures.push((error instanceof Error ? error.message.split('\n')[0]! : String(error)).slice(0, 400));
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed:\n${failures.join('\n')}`);
  }

  /** Waits until the tasks subgraph's replica gives each user the role (null: no longer a member). */
  const replicated = (projectId: string, roles: [TestUser, string | null][]) =>
    eventually(
      async () => {
        const rows = await queryDatabase<{ user_id: string; role: string }>(
          stack.env,
          'tasks',
          'select user_id, role::text as role from member_replicas where project_id = $1',
          [projectId],
        );
        const found = new Map(rows.map((row) => [row.user_id, row.role]));
        return roles.every(([user, role]) => (found.get(user.id) ?? null) === role) ? true : undefined;
      },
      10_000,
      'the membership replica',
    );

  async function newProject(owner: TestUser, name: string, members: [TestUser, string][] = []): Promise<string> {
    const { createProject } = await owner.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { input: { name } });
    for (const [user, role] of members) await owner.client.data(ADD_MEMBER, { projectId: createProject.id, userId: user.id, role });
    await replicated(createProject.id, [[owner, 'OWNER'], ...members]);
    return createProject.id;
  }

  it('createProject, updateProject and archiveProject emit project.created, project.updated and project.archived', async () => {
    const created = await emits(
      'projects',
      ada,
      () => ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { input: { name: '  Engine  ', description: 'Notes' } }),
      (result) => [{ type: 'project.created', data: { projectId: result.createProject.id, name: 'Engine', ownerId: ada.id } }],
    );
    const projectId = created.createProject.id;
    await ada.client.data(ADD_MEMBER, { projectId, userId: bob.id }); // a MEMBER, for the refusals below

    await emits(
      'projects',
      ada,
      () => ada.client.data(UPDATE_PROJECT, { id: projectId, input: { name: 'Engine 2' } }),
      () => [{ type: 'project.updated', data: { projectId, name: 'Engine 2', description: 'Notes' } }],
    );
    await emits(
      'projects',
      ada,
      () => ada.client.data(UPDATE_PROJECT, { id: projectId, input: { description: null } }),
      () => [{ type: 'project.updated', data: { projectId, name: 'Engine 2', description: null } }],
    );

    await everyCase([
      ['createProject with an empty name', () => ada.client.request(CREATE_PROJECT, { input: { name: ' ' } }), 'BAD_USER_INPUT'],
      [
        'updateProject with a 121-character name',
        () => ada.client.request(UPDATE_PROJECT, { id: projectId, input: { name: 'n'.repeat(121) } }),
        'BAD_USER_INPUT',
      ],
      ['updateProject by a MEMBER', () => bob.client.request(UPDATE_PROJECT, { id: projectId, input: { name: 'Mine' } }), 'FORBIDDEN'],
      ['updateProject by an outsider', () => otto.client.request(UPDATE_PROJECT, { id: projectId, input: { name: 'Mine' } }), 'NOT_FOUND'],
      ['archiveProject by a MEMBER', () => bob.client.request(ARCHIVE_PROJECT, { id: projectId }), 'FORBIDDEN'],
    ]);

    await emits(
      'projects',
      ada,
      () => ada.client.data(ARCHIVE_PROJECT, { id: projectId }),
      () => [{ type: 'project.archived', data: { projectId } }],
    );
    // The tasks subgraph learns of the archive by the event: once it has, tasks are refused too.
    await eventually(
      async () => {
        const rows = await queryDatabase(stack.env, 'tasks', 'select 1 from project_replicas where id = $1 and archived_at is not null', [
          projectId,
        ]);
        return rows.length ? true : undefined;
      },
      10_000,
      'the archive to reach tasks',
    );
    await everyCase([
      ['archiveProject again', () => ada.client.request(ARCHIVE_PROJECT, { id: projectId }), null],
      [
        'updateProject of an archived project',
        () => ada.client.request(UPDATE_PROJECT, { id: projectId, input: { name: 'Revived' } }),
        'FORBIDDEN',
      ],
      ['addProjectMember to an archived project', () => ada.client.request(ADD_MEMBER, { projectId, userId: cy.id }), 'FORBIDDEN'],
      [
        'createTask in an archived project',
        () => ada.client.request(CREATE_TASK, { input: { projectId, title: 'Too late' } }),
        'FORBIDDEN',
      ],
    ]);
  });

  it('member mutations emit project.member_added, project.member_role_changed (two on a handover) and project.member_removed', async () => {
    const projectId = await newProject(ada, 'Members');
    await emits(
      'projects',
      ada,
      () => ada.client.data(ADD_MEMBER, { projectId, userId: bob.id }),
      () => [{ type: 'project.member_added', data: { projectId, userId: bob.id, role: 'MEMBER' } }],
    );
    await emits(
      'projects',
      ada,
      () => ada.client.data(ADD_MEMBER, { projectId, userId: cy.id, role: 'VIEWER' }),
      () => [{ type: 'project.member_added', data: { projectId, userId: cy.id, role: 'VIEWER' } }],
    );
    await emits(
      'projects',
      ada,
      () => ada.client.data(ADD_MEMBER, { projectId, userId: dan.id, role: 'ADMIN' }),
      () => [{ type: 'project.member_added', data: { projectId, userId: dan.id, role: 'ADMIN' } }],
    );

    await emits(
      'projects',
      ada,
      () => ada.client.data(CHANGE_ROLE, { projectId, userId: bob.id, role: 'ADMIN' }),
      () => [{ type: 'project.member_role_changed', data: { projectId, userId: bob.id, role: 'ADMIN', previousRole: 'MEMBER' } }],
    );
    await emits(
      'projects',
      dan,
      () => dan.client.data(CHANGE_ROLE, { projectId, userId: cy.id, role: 'MEMBER' }),
      () => [{ type: 'project.member_role_changed', data: { projectId, userId: cy.id, role: 'MEMBER', previousRole: 'VIEWER' } }],
    );

    await everyCase([
      [
        'changeProjectMemberRole to the role the member has',
        () => ada.client.request(CHANGE_ROLE, { projectId, userId: cy.id, role: 'MEMBER' }),
        null,
      ],
      ['addProjectMember of an existing member', () => ada.client.request(ADD_MEMBER, { projectId, userId: bob.id }), 'CONFLICT'],
      [
        'addProjectMember with role OWNER',
        () => ada.client.request(ADD_MEMBER, { projectId, userId: otto.id, role: 'OWNER' }),
        'BAD_USER_INPUT',
      ],
      ['addProjectMember by a MEMBER', () => cy.client.request(ADD_MEMBER, { projectId, userId: otto.id }), 'FORBIDDEN'],
      [
        'addProjectMember of an ADMIN by an ADMIN',
        () => dan.client.request(ADD_MEMBER, { projectId, userId: otto.id, role: 'ADMIN' }),
        'FORBIDDEN',
      ],
      [
        'changeProjectMemberRole of an ADMIN by an ADMIN',
        () => dan.client.request(CHANGE_ROLE, { projectId, userId: bob.id, role: 'MEMBER' }),
        'FORBIDDEN',
      ],
      ['a hand-over by an ADMIN', () => dan.client.request(CHANGE_ROLE, { projectId, userId: cy.id, role: 'OWNER' }), 'FORBIDDEN'],
      [
        'changeProjectMemberRole of the OWNER',
        () => ada.client.request(CHANGE_ROLE, { projectId, userId: ada.id, role: 'ADMIN' }),
        'FORBIDDEN',
      ],
      ['removeProjectMember of the OWNER', () => dan.client.request(REMOVE_MEMBER, { projectId, userId: ada.id }), 'FORBIDDEN'],
      ['removeProjectMember of an ADMIN by a MEMBER', () => cy.client.request(REMOVE_MEMBER, { projectId, userId: dan.id }), 'FORBIDDEN'],
      ['removeProjectMember of a non-member', () => ada.client.request(REMOVE_MEMBER, { projectId, userId: otto.id }), 'NOT_FOUND'],
    ]);

    // Handing over: exactly two role changes, the new OWNER's and the old OWNER's (now ADMIN), both by Ada.
    await emits(
      'projects',
      ada,
      () => ada.client.data(CHANGE_ROLE, { projectId, userId: bob.id, role: 'OWNER' }),
      () => [
        { type: 'project.member_role_changed', data: { projectId, userId: bob.id, role: 'OWNER', previousRole: 'ADMIN' } },
        { type: 'project.member_role_changed', data: { projectId, userId: ada.id, role: 'ADMIN', previousRole: 'OWNER' } },
      ],
      { anyOrder: true },
    );
    const { project } = await ada.client.data<{ project: { owner: { id: string }; viewerRole: string } }>(PROJECT, { id: projectId });
    assert.deepEqual([project.owner.id, project.viewerRole], [bob.id, 'ADMIN']);

    await emits(
      'projects',
      bob,
      () => bob.client.data(REMOVE_MEMBER, { projectId, userId: cy.id }),
      () => [{ type: 'project.member_removed', data: { projectId, userId: cy.id } }],
    );
    // A member leaving removes themself: they are the actor.
    await emits(
      'projects',
      dan,
      () => dan.client.data(REMOVE_MEMBER, { projectId, userId: dan.id }),
      () => [{ type: 'project.member_removed', data: { projectId, userId: dan.id } }],
    );
    await everyCase([
      [
        'removeProjectMember of a member already removed',
        () => bob.client.request(REMOVE_MEMBER, { projectId, userId: cy.id }),
        'NOT_FOUND',
      ],
      ['removeProjectMember by a former member', () => dan.client.request(REMOVE_MEMBER, { projectId, userId: ada.id }), 'NOT_FOUND'],
    ]);
  });

  it('task mutations emit task.created, task.updated, task.assigned, task.status_changed, task.completed, task.commented and task.deleted', async () => {
    const projectId = await newProject(ada, 'Tasks', [
      [bob, 'MEMBER'],
      [cy, 'MEMBER'],
      [dan, 'VIEWER'],
    ]);
    let task: Snapshot = {
      taskId: '',
      projectId,
      title: 'Mill',
      status: 'TODO',
      priority: 'HIGH',
      dueAt: '2030-01-02T03:04:05.678Z',
      assigneeId: cy.id,
      reporterId: bob.id,
    };
    const { createTask } = await emits(
      'tasks',
      bob,
      () =>
        bob.client.data<{ createTask: { id: string } }>(CREATE_TASK, {
          input: { projectId, title: '  Mill ', description: 'Gears', priority: 'HIGH', dueAt: task.dueAt, assigneeId: cy.id },
        }),
      (result) => [{ type: 'task.created', data: { ...task, taskId: result.createTask.id } }],
    );
    const id = createTask.id;
    task = { ...task, taskId: id };

    // task.updated lists exactly the fields that changed, with their values before and after (the description in the first is the one it has).
    type Change = { field: string; from: string | null; to: string | null };
    const updated = async (actor: TestUser, input: Record<string, unknown>, values: Partial<Snapshot>, changes: Change[]) => {
      task = { ...task, ...values };
      await emits(
        'tasks',
        actor,
        () => actor.client.data(UPDATE_TASK, { id, input }),
        () => [{ type: 'task.updated', data: { ...task, changed: changes.map((change) => change.field), changes } }],
      );
    };
    await updated(cy, { title: 'Mill v2', priority: 'URGENT', description: 'Gears' }, { title: 'Mill v2', priority: 'URGENT' }, [
      { field: 'title', from: 'Mill', to: 'Mill v2' },
      { field: 'priority', from: 'HIGH', to: 'URGENT' },
    ]);
    await updated(cy, { description: null }, {}, [{ field: 'description', from: 'Gears', to: null }]);
    await updated(bob, { dueAt: '2031-06-01T12:00:00.000Z' }, { dueAt: '2031-06-01T12:00:00.000Z' }, [
      { field: 'dueAt', from: '2030-01-02T03:04:05.678Z', to: '2031-06-01T12:00:00.000Z' },
    ]);
    await updated(bob, { dueAt: null }, { dueAt: null }, [{ field: 'dueAt', from: '2031-06-01T12:00:00.000Z', to: null }]);

    task = { ...task, assigneeId: bob.id };
    await emits(
      'tasks',
      ada,
      () => ada.client.data(ASSIGN_TASK, { id, assigneeId: bob.id }),
      () => [{ type: 'task.assigned', data: { ...task, previousAssigneeId: cy.id } }],
    );
    task = { ...task, assigneeId: null };
    await emits(
      'tasks',
      ada,
      () => ada.client.data(ASSIGN_TASK, { id, assigneeId: null }),
      () => [{ type: 'task.assigned', data: { ...task, previousAssigneeId: bob.id } }],
    );
    task = { ...task, assigneeId: cy.id };
    await emits(
      'tasks',
      ada,
      () => ada.client.data(ASSIGN_TASK, { id, assigneeId: cy.id }),
      () => [{ type: 'task.assigned', data: { ...task, previousAssigneeId: null } }],
    );

    task = { ...task, status: 'IN_PROGRESS' };
    await emits(
      'tasks',
      cy,
      () => cy.client.data(CHANGE_STATUS, { id, status: 'IN_PROGRESS' }),
      () => [{ type: 'task.status_changed', data: { ...task, previousStatus: 'TODO' } }],
    );
    // To DONE: task.completed instead of task.status_changed, not both.
    task = { ...task, status: 'DONE' };
    await emits(
      'tasks',
      cy,
      () => cy.client.data(CHANGE_STATUS, { id, status: 'DONE' }),
      () => [{ type: 'task.completed', data: { ...task, previousStatus: 'IN_PROGRESS' } }],
    );
    task = { ...task, status: 'IN_REVIEW' };
    await emits(
      'tasks',
      bob,
      () => bob.client.data(CHANGE_STATUS, { id, status: 'IN_REVIEW' }),
      () => [{ type: 'task.status_changed', data: { ...task, previousStatus: 'DONE' } }],
    );

    const commented = await emits(
      'tasks',
      cy,
      () => cy.client.data<{ addComment: { id: string } }>(ADD_COMMENT, { taskId: id, body: 'On it' }),
      (result) => [{ type: 'task.commented', data: { ...task, commentId: result.addComment.id, authorId: cy.id } }],
    );
    assert.match(commented.addComment.id, UUID_V7);

    await everyCase([
      ['createTask by a VIEWER', () => dan.client.request(CREATE_TASK, { input: { projectId, title: 'Watching' } }), 'FORBIDDEN'],
      ['createTask by an outsider', () => otto.client.request(CREATE_TASK, { input: { projectId, title: 'Intruding' } }), 'NOT_FOUND'],
      ['createTask with an empty title', () => bob.client.request(CREATE_TASK, { input: { projectId, title: '' } }), 'BAD_USER_INPUT'],
      [
        'createTask assigned to a VIEWER',
        () => bob.client.request(CREATE_TASK, { input: { projectId, title: 'For Dan', assigneeId: dan.id } }),
        'BAD_USER_INPUT',
      ],
      ['updateTask by a VIEWER', () => dan.client.request(UPDATE_TASK, { id, input: { title: 'Mine' } }), 'FORBIDDEN'],
      [
        'updateTask with a 201-character title',
        () => bob.client.request(UPDATE_TASK, { id, input: { title: 't'.repeat(201) } }),
        'BAD_USER_INPUT',
      ],
      ['updateTask with nothing in it', () => bob.client.request(UPDATE_TASK, { id, input: {} }), null],
      [
        'updateTask with the values it has',
        () => bob.client.request(UPDATE_TASK, { id, input: { title: ' Mill v2 ', priority: 'URGENT', description: null, dueAt: null } }),
        null,
      ],
      ['assignTask to a VIEWER', () => bob.client.request(ASSIGN_TASK, { id, assigneeId: dan.id }), 'BAD_USER_INPUT'],
      ['assignTask to an outsider', () => bob.client.request(ASSIGN_TASK, { id, assigneeId: otto.id }), 'BAD_USER_INPUT'],
      ['assignTask to the assignee it has', () => bob.client.request(ASSIGN_TASK, { id, assigneeId: cy.id }), null],
      ['assignTask by a VIEWER', () => dan.client.request(ASSIGN_TASK, { id, assigneeId: bob.id }), 'FORBIDDEN'],
      ['changeTaskStatus to the status it has', () => bob.client.request(CHANGE_STATUS, { id, status: 'IN_REVIEW' }), null],
      ['changeTaskStatus by a VIEWER', () => dan.client.request(CHANGE_STATUS, { id, status: 'DONE' }), 'FORBIDDEN'],
      ['addComment with an empty body', () => bob.client.request(ADD_COMMENT, { taskId: id, body: '   ' }), 'BAD_USER_INPUT'],
      ['addComment by a VIEWER', () => dan.client.request(ADD_COMMENT, { taskId: id, body: 'Me too' }), 'FORBIDDEN'],
      ['deleteTask by a VIEWER', () => dan.client.request(DELETE_TASK, { id }), 'FORBIDDEN'],
      ['deleteTask by an outsider', () => otto.client.request(DELETE_TASK, { id }), 'NOT_FOUND'],
    ]);

    await emits(
      'tasks',
      bob,
      () => bob.client.data(DELETE_TASK, { id }),
      () => [{ type: 'task.deleted', data: task }],
    );
    await everyCase([
      ['deleteTask of a deleted task', () => bob.client.request(DELETE_TASK, { id }), 'NOT_FOUND'],
      ['addComment on a deleted task', () => bob.client.request(ADD_COMMENT, { taskId: id, body: 'Hello?' }), 'NOT_FOUND'],
      ['changeTaskStatus of a deleted task', () => bob.client.request(CHANGE_STATUS, { id, status: 'DONE' }), 'NOT_FOUND'],
    ]);
  });

  it('board mutations emit task.moved, task.updated (labels), task.comment_updated and task.comment_deleted; refused ones nothing', async () => {
    const projectId = await newProject(ada, 'Board', [[bob, 'MEMBER']]);
    const made = async (title: string) =>
      (await bob.client.data<{ createTask: { id: string } }>(CREATE_TASK, { input: { projectId, title } })).createTask.id;
    const [first, second] = [await made('First'), await made('Second')];
    const snapshot = (taskId: string, title: string, status = 'TODO'): Snapshot => ({
      taskId,
      projectId,
      title,
      status,
      priority: 'MEDIUM',
      dueAt: null,
      assigneeId: null,
      reporterId: bob.id,
    });
    const rank = async (taskId: string) =>
      (await queryDatabase<{ position: string }>(stack.env, 'tasks', 'select position from tasks where id = $1', [taskId]))[0]!.position;
    const before = await rank(first);
    await emits(
      'tasks',
      bob,
      () => bob.client.data(MOVE_TASK, { id: first, status: 'IN_PROGRESS' }),
      () => [
        {
          type: 'task.moved',
          data: { ...snapshot(first, 'First', 'IN_PROGRESS'), previousStatus: 'TODO', previousPosition: before, position: 'a0' },
        },
      ],
    );

    const { createLabel } = await ada.client.data<{ createLabel: { id: string } }>(
      `mutation($p: ID!) { createLabel(projectId: $p, name: "Bug", color: "#ff0000") { id } }`,
      { p: projectId },
    );
    await emits(
      'tasks',
      ada,
      () => ada.client.data(SET_LABELS, { id: second, labelIds: [createLabel.id] }),
      () => [
        {
          type: 'task.updated',
          data: { ...snapshot(second, 'Second'), changed: ['labels'], changes: [{ field: 'labels', from: null, to: createLabel.id }] },
        },
      ],
    );

    const { addComment } = await bob.client.data<{ addComment: { id: string } }>(ADD_COMMENT, { taskId: second, body: 'Hello' });
    const commented = { ...snapshot(second, 'Second'), commentId: addComment.id, authorId: bob.id };
    await emits(
      'tasks',
      bob,
      () => bob.client.data(UPDATE_COMMENT, { id: addComment.id, body: 'Hello again' }),
      () => [{ type: 'task.comment_updated', data: commented }],
    );

    const { createProject: other } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { input: { name: 'Other' } });
    const { createTask: foreign } = await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, {
      input: { projectId: other.id, title: 'x' },
    });
    await everyCase([
      [
        'moveTask after a task of another project',
        () => bob.client.request(MOVE_TASK, { id: second, afterTaskId: foreign.id }),
        'BAD_USER_INPUT',
      ],
      [
        'moveTask before a task of another column',
        () => bob.client.request(MOVE_TASK, { id: second, beforeTaskId: first }),
        'BAD_USER_INPUT',
      ],
      ['moveTask by a non-member', () => dan.client.request(MOVE_TASK, { id: second }), 'NOT_FOUND'],
      ['setTaskLabels with the labels it has', () => ada.client.request(SET_LABELS, { id: second, labelIds: [createLabel.id] }), null],
      ['updateComment by someone else', () => ada.client.request(UPDATE_COMMENT, { id: addComment.id, body: 'Mine now' }), 'FORBIDDEN'],
      ['updateComment with the same body', () => bob.client.request(UPDATE_COMMENT, { id: addComment.id, body: 'Hello again' }), null],
    ]);

    await emits(
      'tasks',
      ada,
      () => ada.client.data(DELETE_COMMENT, { id: addComment.id }),
      () => [{ type: 'task.comment_deleted', data: commented }],
    );
  });

  it('invalid status transitions record no event, the allowed way round does', async () => {
    const projectId = await newProject(ada, 'Workflow', [[bob, 'MEMBER']]);
    const { createTask } = await bob.client.data<{ createTask: { id: string } }>(CREATE_TASK, { input: { projectId, title: 'Flow' } });
    const id = createTask.id;
    const moved = (status: string, previousStatus: string) => () => [
      {
        type: status === 'DONE' ? 'task.completed' : 'task.status_changed',
        data: {
          taskId: id,
          projectId,
          title: 'Flow',
          status,
          priority: 'MEDIUM',
          dueAt: null,
          assigneeId: null,
          reporterId: bob.id,
          previousStatus,
        },
      },
    ];
    await emits('tasks', bob, () => bob.client.data(CHANGE_STATUS, { id, status: 'CANCELLED' }), moved('CANCELLED', 'TODO'));
    await everyCase([['CANCELLED → DONE', () => bob.client.request(CHANGE_STATUS, { id, status: 'DONE' }), 'BAD_USER_INPUT']]);
    await emits('tasks', bob, () => bob.client.data(CHANGE_STATUS, { id, status: 'TODO' }), moved('TODO', 'CANCELLED'));
    await emits('tasks', bob, () => bob.client.data(CHANGE_STATUS, { id, status: 'DONE' }), moved('DONE', 'TODO'));
    await everyCase([['DONE → CANCELLED', () => bob.client.request(CHANGE_STATUS, { id, status: 'CANCELLED' }), 'BAD_USER_INPUT']]);
  });

  it('updateProject that changes nothing records no event', async () => {
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, {
      input: { name: 'Still', description: 'Same' },
    });
    const id = createProject.id;
    await everyCase([
      ['updateProject with nothing in it', () => ada.client.request(UPDATE_PROJECT, { id, input: {} }), null],
      [
        'updateProject with the values it has',
        () => ada.client.request(UPDATE_PROJECT, { id, input: { name: ' Still ', description: 'Same' } }),
        null,
      ],
    ]);
  });

  describe('updateTask notices every real change', () => {
    let projectId: string;
    before(async () => {
      projectId = await newProject(ada, 'Precision');
    });
    const newTask = async (input: Record<string, unknown>) => {
      const { createTask } = await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, {
        input: { projectId, title: 'Precise', ...input },
      });
      return {
        id: createTask.id,
        snapshot: {
          taskId: createTask.id,
          projectId,
          title: 'Precise',
          status: 'TODO',
          priority: 'MEDIUM',
          dueAt: null,
          assigneeId: null,
          reporterId: ada.id,
        },
      };
    };

    it('a dueAt moved by less than a second', async () => {
      const { id, snapshot } = await newTask({ dueAt: '2030-05-05T10:00:00.000Z' });
      // 250 ms later is another time, though it reads the same to the second.
      const later = '2030-05-05T10:00:00.250Z';
      const moved = await emits(
        'tasks',
        ada,
        () => ada.client.data<{ updateTask: { dueAt: string } }>(UPDATE_TASK, { id, input: { dueAt: later } }),
        () => [
          {
            type: 'task.updated',
            data: {
              ...snapshot,
              dueAt: later,
              changed: ['dueAt'],
              changes: [{ field: 'dueAt', from: '2030-05-05T10:00:00.000Z', to: later }],
            },
          },
        ],
      );
      assert.equal(moved.updateTask.dueAt, later);
    });

    it('a description that reads "null" being cleared', async () => {
      const { id, snapshot } = await newTask({ description: 'null' });
      const cleared = await emits(
        'tasks',
        ada,
        () => ada.client.data<{ updateTask: { description: string | null } }>(UPDATE_TASK, { id, input: { description: null } }),
        () => [
          {
            type: 'task.updated',
            data: { ...snapshot, changed: ['description'], changes: [{ field: 'description', from: 'null', to: null }] },
          },
        ],
      );
      assert.equal(cleared.updateTask.description, null);
    });
  });

  it('every recorded event reached the stream exactly once, and no other event did', async () => {
    const rows = [...(await outbox('projects')), ...(await outbox('tasks'))];
    assert.ok(rows.length > 40, `events were recorded (${rows.length})`);
    await eventually(async () => (rows.every((row) => streamed.has(row.id)) ? true : undefined), 10_000, 'every event on the stream');
    for (const row of rows) assert.equal(streamed.get(row.id)!.length, 1, `${row.type} ${row.id} is on the stream once`);
    // Events of other subgraphs (registrations, notifications) are not these subgraphs' to account for.
    const recordedIds = new Set(rows.map((row) => row.id));
    const extra = [...streamed.values()]
      .map((copies) => copies[0]!.envelope)
      .filter((envelope) => /^(project|task)\./.test(envelope.type) && !recordedIds.has(envelope.id));
    assert.deepEqual(
      extra.map((envelope) => envelope.type),
      [],
      'no project or task event on the stream that is not in an outbox',
    );
  });
});

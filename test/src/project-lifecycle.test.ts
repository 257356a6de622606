/**
 * A project's lifecycle through the gateway: unarchived by an ADMIN, deleted by its OWNER only,
 * and a deleted project taken out of every subgraph (tasks, comments, activity, notifications,
 * membership replicas), also when its event comes again; live subscriptions to it end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type Stack, startStack } from '@taskgraph/stack';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { gatewayLive, Subscription } from './live.js';
import { signUp, type TestUser } from './users.js';

const CREATE_PROJECT = /* GraphQL */ `mutation($n: String!) { createProject(input: { name: $n }) { id } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!, $r: ProjectRole) { addProjectMember(projectId: $p, userId: $u, role: $r) { id } }`;
const ARCHIVE = /* GraphQL */ `mutation($id: ID!) { archiveProject(id: $id) { archivedAt } }`;
const UNARCHIVE = /* GraphQL */ `mutation($id: ID!) { unarchiveProject(id: $id) { id archivedAt } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteProject(id: $id) }`;
const PROJECT = /* GraphQL */ `query($id: ID!) { project(id: $id) { id archivedAt } }`;
const CREATE_TASK = /* GraphQL */ `mutation($p: ID!, $t: String!, $a: ID) { createTask(input: { projectId: $p, title: $t, assigneeId: $a }) { id } }`;
const ADD_COMMENT = /* GraphQL */ `mutation($id: ID!, $b: String!) { addComment(taskId: $id, body: $b) { id } }`;
const TASK_CHANGED = /* GraphQL */ `subscription($p: ID!) { taskChanged(projectId: $p) { kind taskId } }`;

/** What each subgraph holds of a project, by table. */
const holdings = {
  tasks: {
    tasks: 'select count(*)::int as n from tasks where project_id = $1',
    comments: 'select count(*)::int as n from comments c join tasks t on t.id = c.task_id where t.project_id = $1',
    member_replicas: 'select count(*)::int as n from member_replicas where project_id = $1',
    project_replicas: 'select count(*)::int as n from project_replicas where id = $1',
  },
  notifications: {
    activity_items: 'select count(*)::int as n from activity_items where project_id = $1',
    notifications: 'select count(*)::int as n from notifications where project_id = $1',
    member_replicas: 'select count(*)::int as n from member_replicas where project_id = $1',
    project_replicas: 'select count(*)::int as n from project_replicas where id = $1',
  },
  projects: {
    projects: 'select count(*)::int as n from projects where id = $1',
    memberships: 'select count(*)::int as n from memberships where project_id = $1',
  },
} as const;

describe('unarchiving and deleting a project', () => {
  let stack: Stack;
  let ada: TestUser; // OWNER
  let bob: TestUser; // ADMIN
  let cy: TestUser; // MEMBER
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  before(async () => {
    stack = await startStack();
    [ada, bob, cy] = (await Promise.all(['Ada', 'Bob', 'Cy'].map((name) => signUp(stack, name)))) as [TestUser, TestUser, TestUser];
    nc = await connect({ servers: stack.env.NATS_URL });
    jsm = await nc.jetstreamManager();
  });
  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  const newProject = async (name: string): Promise<string> => {
    const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: name });
    await ada.client.data(ADD_MEMBER, { p: createProject.id, u: bob.id, r: 'ADMIN' });
    await ada.client.data(ADD_MEMBER, { p: createProject.id, u: cy.id, r: 'MEMBER' });
    return createProject.id;
  };

  const countsOf = async (projectId: string): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const [subgraph, tables] of Object.entries(holdings)) {
      for (const [table, sql] of Object.entries(tables)) {
        const [row] = await queryDatabase<{ n: number }>(stack.env, subgraph, sql, [projectId]);
        counts[`${subgraph}.${table}`] = row!.n;
      }
    }
    return counts;
  };
  const allGone = (counts: Record<string, number>) => Object.values(counts).every((n) => n === 0);

  /** Waits until a durable consumer has handled everything up to `seq`. */
  const caughtUp = (durable: string, seq: number) =>
    eventually(
      async () => {
        const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= seq ? true : undefined;
      },
      10_000,
      `the ${durable} consumer to catch up`,
    );

  it('lets an ADMIN unarchive, not a MEMBER, and the project can be changed again', async () => {
    const projectId = await newProject('Unarchived');
    await bob.client.data(ARCHIVE, { id: projectId });
    const refused = await cy.client.request(UNARCHIVE, { id: projectId });
    assert.deepEqual(errorCodes(refused), ['FORBIDDEN']);
    assert.ok((await ada.client.data<{ project: { archivedAt: string | null } }>(PROJECT, { id: projectId })).project.archivedAt);

    const { unarchiveProject } = await bob.client.data<{ unarchiveProject: { id: string; archivedAt: string | null } }>(UNARCHIVE, {
      id: projectId,
    });
    assert.deepEqual(unarchiveProject, { id: projectId, archivedAt: null });
    const [event] = await queryDatabase<{ n: number }>(
      stack.env,
      'projects',
      "select count(*)::int as n from outbox_events where type = 'project.unarchived' and envelope->'data'->>'projectId' = $1",
      [projectId],
    );
    assert.equal(event!.n, 1);
    // The tasks replica hears of it: a task can be created again.
    await eventually(async () => {
      const [row] = await queryDatabase<{ archived: boolean }>(
        stack.env,
        'tasks',
        'select archived_at is not null as archived from project_replicas where id = $1',
        [projectId],
      );
      return row?.archived === false ? true : undefined;
    });
    await cy.client.data(CREATE_TASK, { p: projectId, t: 'After the archive' });
  });

  it('refuses deleteProject to an ADMIN and changes nothing', async () => {
    const projectId = await newProject('Kept');
    await cy.client.data(CREATE_TASK, { p: projectId, t: 'Still here' });
    const before = await countsOf(projectId);
    for (const user of [bob, cy]) {
      const refused = await user.client.request(DELETE, { id: projectId });
      assert.deepEqual(errorCodes(refused), ['FORBIDDEN']);
    }
    assert.equal((await ada.client.data<{ project: { id: string } }>(PROJECT, { id: projectId })).project.id, projectId);
    assert.deepEqual(await countsOf(projectId), before);
    assert.equal(before['projects.memberships'], 3);
  });

  it('deletes everything of the project in every subgraph, ends live subscriptions, and a redelivered event changes nothing', async () => {
    const projectId = await newProject('Doomed');
    const { createTask } = await ada.client.data<{ createTask: { id: string } }>(CREATE_TASK, { p: projectId, t: 'Doomed task', a: cy.id });
    await bob.client.data(ADD_COMMENT, { id: createTask.id, b: 'Last words' });
    // Cy is notified of the assignment and the comment, Ada of the comment; the feed has both.
    await eventually(async () => {
      const counts = await countsOf(projectId);
      return counts['notifications.notifications']! >= 3 && counts['notifications.activity_items'] === 2 ? counts : undefined;
    });
    assert.ok(!allGone(await countsOf(projectId)));

    const live = gatewayLive(stack, cy.accessToken);
    const cys = new Subscription(live, TASK_CHANGED, { p: projectId });
    // Listening once an event comes through: one made before the subscription was accepted is not its to hear.
    await eventually(
      async () => {
        await cy.client.data(CREATE_TASK, { p: projectId, t: 'Heard live' });
        return cys.results.length ? true : undefined;
      },
      10_000,
      'the subscription to hear a task created',
    );

    const { deleteProject } = await ada.client.data<{ deleteProject: string }>(DELETE, { id: projectId });
    assert.equal(deleteProject, projectId);
    assert.match(String(await cys.whenEnded()), /not found/i);
    await live.dispose();

    for (const user of [ada, bob, cy]) assert.deepEqual(errorCodes(await user.client.request(PROJECT, { id: projectId })), ['NOT_FOUND']);
    await eventually(async () => (allGone(await countsOf(projectId)) ? true : undefined), 10_000, 'the project gone from every subgraph');
    // The members lost their access in the subgraphs too.
    const refused = await cy.client.request(CREATE_TASK, { p: projectId, t: 'Too late' });
    assert.deepEqual(errorCodes(refused), ['NOT_FOUND']);

    // The same event again, as after a crash between handling and ack: each consumer runs its handler
    // once more (its processed row removed), on a project already gone.
    const [{ envelope }] = (await queryDatabase<{ envelope: { id: string; type: string } }>(
      stack.env,
      'projects',
      "select envelope from outbox_events where type = 'project.deleted' and envelope->'data'->>'projectId' = $1",
      [projectId],
    )) as [{ envelope: { id: string; type: string } }];
    const consumers = { tasks: 'tasks', notifications: 'notifications-projects' } as const;
    for (const [subgraph, durable] of Object.entries(consumers)) {
      await queryDatabase(stack.env, subgraph, 'delete from processed_events where consumer = $1 and event_id = $2', [
        durable,
        envelope.id,
      ]);
    }
    const ack = await nc.jetstream().publish(`${stack.env.EVENTS_SUBJECT_PREFIX}.${envelope.type}`, JSON.stringify(envelope), {
      msgID: `${envelope.id}-again`,
    });
    for (const [subgraph, durable] of Object.entries(consumers)) {
      await caughtUp(durable, ack.seq);
      const [processed] = await queryDatabase<{ n: number }>(
        stack.env,
        subgraph,
        'select count(*)::int as n from processed_events where consumer = $1 and event_id = $2',
        [durable, envelope.id],
      );
      assert.equal(processed!.n, 1, `${durable} handled it again`);
      await assert.rejects(
        jsm.streams.getMessage(stack.env.EVENTS_STREAM!, { last_by_subj: `${stack.env.EVENTS_SUBJECT_PREFIX}.deadletter.${durable}` }),
        `${durable} parked nothing`,
      );
    }
    assert.ok(allGone(await countsOf(projectId)));
  });
});

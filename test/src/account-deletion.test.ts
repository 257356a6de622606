/**
 * deleteAccount through the real gateway: what the user held in every subgraph is removed or
 * anonymised, their sessions end at once, their projects pass on or go, and a user.deleted
 * delivered again changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { createEvent } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, liveClient, type Stack, startStack } from '@taskgraph/stack';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { Subscription } from './live.js';
import { type AuthPayload, LOGIN, REFRESH, REGISTER } from './operations.js';
import { signUp, type TestUser } from './users.js';

const DELETE_ACCOUNT = /* GraphQL */ `mutation($password: String!) { deleteAccount(password: $password) }`;
const CREATE_PROJECT = /* GraphQL */ `mutation($n: String!) { createProject(input: { name: $n }) { id } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!, $r: ProjectRole) { addProjectMember(projectId: $p, userId: $u, role: $r) { id } }`;
const CREATE_TASK = /* GraphQL */ `mutation($p: ID!, $t: String!, $a: ID) { createTask(input: { projectId: $p, title: $t, assigneeId: $a }) { id } }`;
const ADD_COMMENT = /* GraphQL */ `mutation($t: ID!, $b: String!) { addComment(taskId: $t, body: $b) { id } }`;
const UPDATE_PROFILE = /* GraphQL */ `mutation { updateProfile(input: { avatarUrl: "https://example.com/d.png", bio: "Tester", timezone: "Europe/Oslo" }) { id } }`;
const SET_PREFERENCES = /* GraphQL */ `mutation { updateNotificationPreferences(preferences: [{ kind: TASK_COMMENTED, channels: [EMAIL] }]) { kind } }`;
const WHO = /* GraphQL */ `{ me { id displayName } }`;
const USER = /* GraphQL */ `query($u: ID!) { user(id: $u) { id displayName email avatarUrl bio timezone } }`;
const SEARCH = /* GraphQL */ `query($s: String!) { users(search: $s, first: 100) { edges { node { id } } } }`;
const PROJECT = /* GraphQL */ `query($p: ID!) { project(id: $p) { id owner { id } members { role user { id } } } }`;
const TASK = /* GraphQL */ `
  query($t: ID!) { task(id: $t) { id assignee { id } comments { edges { node { body author { id displayName } } } } } }
`;
const NOTIFICATIONS = /* GraphQL */ `{ notifications(first: 100) { edges { node { kind actor { id displayName } } } } }`;

type Member = { role: string; user: { id: string } };
type ProjectShape = { project: { id: string; owner: { id: string }; members: Member[] } };
type TaskShape = {
  task: {
    id: string;
    assignee: { id: string } | null;
    comments: { edges: { node: { body: string; author: { id: string; displayName: string } } }[] };
  };
};

const PASSWORD = 'correct horse battery staple';

describe('deleting an account', () => {
  let stack: Stack;
  let other: RunningGateway;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  // Dora deletes her account; Ada and Ben are ADMINs of her first project (Ada the longer-standing),
  // Cy a MEMBER of both of hers, and Ada owns a project where Dora is a MEMBER.
  let dora: TestUser;
  let ada: TestUser;
  let ben: TestUser;
  let cy: TestUser;
  let doraRefreshToken: string;
  let handedOver: string;
  let orphaned: string;
  let team: string;
  const tasks = { handedOver: '', orphaned: '', assigned: '', commented: '' };

  const sql = async <T extends Record<string, unknown>>(subgraph: string, text: string, params: unknown[] = []) =>
    queryDatabase<T>(stack.env, subgraph, text, params);
  const count = async (subgraph: string, text: string, params: unknown[] = []) => (await sql<{ n: number }>(subgraph, text, params))[0]!.n;

  /** Everything the subgraphs hold of Dora and of the projects she was in: what a refused deletion must leave as it was. */
  const holdings = async () => ({
    accounts: await sql('accounts', 'select email, password_hash from accounts where id = $1', [dora.id]),
    openSessions: await count('accounts', 'select count(*)::int as n from refresh_tokens where account_id = $1 and revoked_at is null', [
      dora.id,
    ]),
    profile: await sql(
      'users',
      'select display_name, email, avatar_url, bio, timezone, role, deleted_at, updated_at from users where id = $1',
      [dora.id],
    ),
    knownUsers: await count('projects', 'select count(*)::int as n from known_users where id = $1', [dora.id]),
    projects: await sql('projects', 'select id, owner_id from projects where id = any($1) order by id', [[handedOver, orphaned, team]]),
    memberships: await sql(
      'projects',
      'select project_id, user_id, role from memberships where project_id = any($1) order by project_id, user_id',
      [[handedOver, orphaned, team]],
    ),
    tasks: await sql('tasks', 'select id, assignee_id from tasks where id = any($1) order by id', [Object.values(tasks)]),
    comments: await sql('tasks', 'select body, author_id from comments where task_id = $1', [tasks.commented]),
    notifications: await count('notifications', 'select count(*)::int as n from notifications where recipient_id = $1', [dora.id]),
    preferences: await count('notifications', 'select count(*)::int as n from notification_preferences where user_id = $1', [dora.id]),
    emails: await count(
      'notifications',
      'select count(*)::int as n from email_deliveries where notification_id in (select id from notifications where recipient_id = $1)',
      [dora.id],
    ),
    name: await sql('notifications', 'select display_name, email from user_names where id = $1', [dora.id]),
    // No service recorded anything more.
    outboxes: {
      accounts: await count('accounts', 'select count(*)::int as n from outbox_events'),
      users: await count('users', 'select count(*)::int as n from outbox_events'),
      projects: await count('projects', 'select count(*)::int as n from outbox_events'),
      tasks: await count('tasks', 'select count(*)::int as n from outbox_events'),
      notifications: await count('notifications', 'select count(*)::int as n from outbox_events'),
    },
  });

  /** The consumers of user.deleted, by subgraph. */
  const consumers = { users: 'users', projects: 'projects', notifications: 'notifications-users' } as const;
  const everyDurable = [...Object.values(consumers), 'accounts', 'tasks', 'notifications-projects', 'notifications-tasks'];

  /** Every durable consumer has handled what the stream holds now (of the subjects it reads). */
  const settled = async () => {
    for (const durable of everyDurable) {
      await eventually(
        async () => {
          const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, durable);
          return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
        },
        10_000,
        `the ${durable} consumer to catch up`,
      );
    }
  };

  before(async () => {
    stack = await startStack();
    other = await stack.startGateway();
    nc = await connect({ servers: stack.env.NATS_URL });
    jsm = await nc.jetstreamManager();
    [dora, ada, ben, cy] = (await Promise.all(['Dora', 'Ada', 'Ben', 'Cy'].map((name) => signUp(stack, name)))) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    doraRefreshToken = (await stack.client().data<{ login: AuthPayload }>(LOGIN, { input: { email: dora.email, password: PASSWORD } }))
      .login.refreshToken;
    const create = async (owner: TestUser, name: string) =>
      (await owner.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: name })).createProject.id;
    const task = async (user: TestUser, p: string, title: string, assignee: string | null) =>
      (await user.client.data<{ createTask: { id: string } }>(CREATE_TASK, { p, t: title, a: assignee })).createTask.id;

    handedOver = await create(dora, 'Handed over');
    // One after the other: Ada has been ADMIN longer than Ben.
    await dora.client.data(ADD_MEMBER, { p: handedOver, u: ada.id, r: 'ADMIN' });
    await dora.client.data(ADD_MEMBER, { p: handedOver, u: ben.id, r: 'ADMIN' });
    await dora.client.data(ADD_MEMBER, { p: handedOver, u: cy.id, r: 'MEMBER' });
    tasks.handedOver = await task(dora, handedOver, 'Her own', dora.id);

    orphaned = await create(dora, 'Orphaned');
    await dora.client.data(ADD_MEMBER, { p: orphaned, u: cy.id, r: 'MEMBER' });
    tasks.orphaned = await task(cy, orphaned, 'Goes with it', cy.id);

    team = await create(ada, 'Team');
    await ada.client.data(ADD_MEMBER, { p: team, u: dora.id, r: 'MEMBER' });
    tasks.assigned = await task(ada, team, 'Assigned to Dora', dora.id);
    tasks.commented = await task(ada, team, 'Commented by Dora', null);
    await dora.client.data(ADD_COMMENT, { t: tasks.commented, b: 'Kept for the team' });

    await dora.client.data(UPDATE_PROFILE);
    await dora.client.data(SET_PREFERENCES);
    // Added to Ada's project and assigned there: two notifications for Dora, each with an email to send (no SMTP here: pending).
    await eventually(
      async () =>
        (await count('notifications', 'select count(*)::int as n from notifications where recipient_id = $1', [dora.id])) === 2 &&
        (await count('notifications', `select count(*)::int as n from notifications where recipient_id = $1 and kind = 'TASK_COMMENTED'`, [
          ada.id,
        ])) === 1
          ? true
          : undefined,
      10_000,
      "Dora's notifications and Ada's of her comment",
    );
    await settled();
  });
  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('needs the password again: a wrong one is BAD_USER_INPUT on password and changes nothing; without a token, UNAUTHENTICATED', async () => {
    const before = await holdings();
    const wrong = await dora.client.request(DELETE_ACCOUNT, { password: 'not the password at all' });
    assert.deepEqual(errorCodes(wrong), ['BAD_USER_INPUT']);
    assert.deepEqual(wrong.errors?.[0]?.extensions?.fields, { password: 'is incorrect' });
    const anonymous = await stack.client().request(DELETE_ACCOUNT, { password: PASSWORD });
    assert.deepEqual(errorCodes(anonymous), ['UNAUTHENTICATED']);
    await settled();
    assert.deepEqual(await holdings(), before);
    assert.equal((await dora.client.data<{ me: { id: string } }>(WHO)).me.id, dora.id, 'still signed in');
  });

  it('with the right one: every session ends at once, on every replica, sockets included, and the credentials are gone', async () => {
    const closed: number[] = [];
    const socket = liveClient(other.url, dora.accessToken, (code) => closed.push(code));
    try {
      await new Promise((resolve) => socket.on('connected', resolve));
      const subscription = new Subscription(socket, 'subscription { notificationAdded { id } }');

      assert.equal((await dora.client.data<{ deleteAccount: boolean }>(DELETE_ACCOUNT, { password: PASSWORD })).deleteAccount, true);
      for (const { url } of [stack.gateway, other, stack.subgraphs.projects]) {
        const result = await new GraphQLClient(url, dora.accessToken).request(WHO);
        assert.equal(result.status, 401, `status at ${url}`);
        assert.deepEqual(
          result.errors?.map((error) => [error.extensions?.code, error.extensions?.reason]),
          [['UNAUTHENTICATED', 'SESSION_REVOKED']],
          `refused at ${url}`,
        );
      }
      await eventually(async () => (closed.includes(4401) ? true : undefined), 5000, 'the socket closed');
      subscription.close();
    } finally {
      await socket.dispose();
    }

    const login = await stack.client().request(LOGIN, { input: { email: dora.email, password: PASSWORD } });
    assert.deepEqual(errorCodes(login), ['UNAUTHENTICATED']);
    const refresh = await stack.client().request(REFRESH, { refreshToken: doraRefreshToken });
    assert.deepEqual(
      refresh.errors?.map((error) => [error.extensions?.code, error.extensions?.reason]),
      [['UNAUTHENTICATED', 'TOKEN_INVALID']],
    );
    assert.equal(await count('accounts', 'select count(*)::int as n from accounts where id = $1', [dora.id]), 0);
    assert.equal(await count('accounts', 'select count(*)::int as n from refresh_tokens where account_id = $1', [dora.id]), 0);
  });

  it('her profile becomes "Deleted user", found by no search; references to her still resolve', async () => {
    const { user } = await eventually(
      async () => {
        const data = await ada.client.data<{ user: { displayName: string } | null }>(USER, { u: dora.id });
        return data.user?.displayName === 'Deleted user' ? data : undefined;
      },
      10_000,
      'the profile anonymised',
    );
    assert.deepEqual(user, { id: dora.id, displayName: 'Deleted user', email: null, avatarUrl: null, bio: null, timezone: null });
    const [profile] = await sql<{ email: string | null; role: string }>('users', 'select email, role from users where id = $1', [dora.id]);
    assert.deepEqual(profile, { email: null, role: 'USER' }, 'no email kept, so none finds her');
    for (const search of ['Dora', 'Deleted user']) {
      const { users } = await ada.client.data<{ users: { edges: { node: { id: string } }[] } }>(SEARCH, { s: search });
      assert.ok(!users.edges.some(({ node }) => node.id === dora.id), `not found by "${search}"`);
    }
  });

  it('a project she owned passes to its longest-standing ADMIN; one without an ADMIN is deleted; she leaves the others', async () => {
    const { project } = await eventually(
      async () => {
        const data = await ada.client.data<ProjectShape>(PROJECT, { p: handedOver });
        return data.project.owner.id === ada.id && data.project.members.length === 3 ? data : undefined;
      },
      10_000,
      'the project handed over',
    );
    const roles = (members: Member[]) => Object.fromEntries(members.map(({ role, user }) => [user.id, role]));
    assert.deepEqual(roles(project.members), { [ada.id]: 'OWNER', [ben.id]: 'ADMIN', [cy.id]: 'MEMBER' });

    await eventually(
      async () => (errorCodes(await cy.client.request(PROJECT, { p: orphaned }))[0] === 'NOT_FOUND' ? true : undefined),
      10_000,
      'the project without an ADMIN deleted',
    );
    await eventually(
      async () =>
        (await count('tasks', 'select count(*)::int as n from tasks where project_id = $1', [orphaned])) === 0 ? true : undefined,
      10_000,
      'its tasks gone with it',
    );

    const { project: kept } = await eventually(
      async () => {
        const data = await ada.client.data<ProjectShape>(PROJECT, { p: team });
        return data.project.members.length === 1 ? data : undefined;
      },
      10_000,
      'her membership of the team gone',
    );
    assert.deepEqual(roles(kept.members), { [ada.id]: 'OWNER' });
  });

  it('her tasks are unassigned; her comments keep their text, by "Deleted user"', async () => {
    for (const [t, viewer] of [
      [tasks.assigned, ada],
      [tasks.handedOver, ben],
    ] as const) {
      await eventually(
        async () => ((await viewer.client.data<TaskShape>(TASK, { t })).task.assignee === null ? true : undefined),
        10_000,
        `task ${t} unassigned`,
      );
    }
    const { task } = await ada.client.data<TaskShape>(TASK, { t: tasks.commented });
    assert.deepEqual(
      task.comments.edges.map(({ node }) => node),
      [{ body: 'Kept for the team', author: { id: dora.id, displayName: 'Deleted user' } }],
    );
  });

  it('her notifications, preferences and emails are gone; what others were told of her shows "Deleted user"', async () => {
    await eventually(async () => ((await holdings()).notifications === 0 ? true : undefined), 10_000, 'her notifications deleted');
    await settled();
    const held = await holdings();
    assert.deepEqual([held.notifications, held.preferences, held.emails], [0, 0, 0]);
    assert.deepEqual(held.name, [{ display_name: 'Deleted user', email: null }]);
    const { notifications } = await ada.client.data<{
      notifications: { edges: { node: { kind: string; actor: { id: string; displayName: string } | null } }[] };
    }>(NOTIFICATIONS);
    const commented = notifications.edges.find(({ node }) => node.kind === 'TASK_COMMENTED');
    assert.deepEqual(commented?.node.actor, { id: dora.id, displayName: 'Deleted user' });
  });

  it('her email can register again, as a new account', async () => {
    const { register } = await stack
      .client()
      .data<{ register: AuthPayload }>(REGISTER, { input: { email: dora.email, password: PASSWORD, displayName: 'Dora again' } });
    assert.notEqual(register.user.id, dora.id);
    assert.deepEqual((await stack.client(register.accessToken).data<{ me: { id: string; displayName: string } }>(WHO)).me, {
      id: register.user.id,
      displayName: 'Dora again',
    });
    const login = await stack.client().data<{ login: AuthPayload }>(LOGIN, { input: { email: dora.email, password: PASSWORD } });
    assert.equal(login.login.user.id, register.user.id);
    assert.equal((await ada.client.data<{ user: { displayName: string } }>(USER, { u: dora.id })).user.displayName, 'Deleted user');
  });

  it('user.deleted delivered again, as itself or as another event, changes nothing', async () => {
    await settled();
    const before = await holdings();
    const [{ envelope }] = (await sql<{ envelope: { id: string; type: string } }>(
      'accounts',
      "select envelope from outbox_events where type = 'user.deleted' and envelope->'data'->>'userId' = $1",
      [dora.id],
    )) as [{ envelope: { id: string; type: string } }];
    const subject = `${stack.env.EVENTS_SUBJECT_PREFIX}.user.deleted`;
    const again = createEvent('user.deleted', { userId: dora.id }, dora.id);
    await nc.jetstream().publish(subject, JSON.stringify(envelope), { msgID: `${envelope.id}-again` });
    await nc.jetstream().publish(subject, JSON.stringify(again), { msgID: again.id });
    await settled();

    assert.deepEqual(await holdings(), before);
    for (const [subgraph, durable] of Object.entries(consumers)) {
      const handled = await count(subgraph, 'select count(*)::int as n from processed_events where consumer = $1 and event_id = any($2)', [
        durable,
        [envelope.id, again.id],
      ]);
      assert.equal(handled, 2, `${durable} handled both, once each`);
    }
    for (const durable of everyDurable) {
      await assert.rejects(
        jsm.streams.getMessage(stack.env.EVENTS_STREAM!, { last_by_subj: `${stack.env.EVENTS_SUBJECT_PREFIX}.deadletter.${durable}` }),
        `${durable} parked nothing`,
      );
    }
  });
});

/**
 * Email notifications through the gateway, to a real SMTP server run by the test: what one
 * email holds, preferences that turn email off, a redelivered event, the mail server down for a
 * while, header injection through names, and bad preference input.
 *
 * "No email" is asserted on the delivery table, written in the transaction that stores the
 * notification: once the notification is there, so is every email it will ever cause.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sleep } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type Stack, startStack } from '@taskgraph/stack';
import { connect, type NatsConnection } from 'nats';
import { metricsOf, sample } from './metrics.js';
import { type AuthPayload, REGISTER } from './operations.js';
import { SmtpCatcher } from './smtp-catcher.js';
import { signUp, type TestUser } from './users.js';

const APP_URL = 'https://app.example.test';
const PREFERENCES_LINK = `${APP_URL}/settings/notifications`;

const CREATE_PROJECT = /* GraphQL */ `mutation($n: String!) { createProject(input: { name: $n }) { id } }`;
const ADD_MEMBER = /* GraphQL */ `mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u, role: MEMBER) { id } }`;
const CREATE_TASK = /* GraphQL */ `mutation($p: ID!, $t: String!, $a: ID) { createTask(input: { projectId: $p, title: $t, assigneeId: $a }) { id } }`;
const PREFERENCES = /* GraphQL */ `{ notificationPreferences { kind channels } }`;
const UPDATE_PREFERENCES = /* GraphQL */ `
  mutation($p: [NotificationPreferenceInput!]!) { updateNotificationPreferences(preferences: $p) { kind channels } }
`;
const NOTIFICATIONS = /* GraphQL */ `{ notifications(first: 100) { totalCount edges { node { kind message task { id } } } } }`;

interface Preference {
  kind: string;
  channels: string[];
}

describe('email notifications', () => {
  const smtp = new SmtpCatcher();
  let stack: Stack;
  let nc: NatsConnection;
  let ada: TestUser;
  let bob: TestUser;
  let projectId: string;

  before(async () => {
    await smtp.start();
    stack = await startStack({
      SMTP_URL: smtp.url,
      APP_URL,
      MAIL_FROM: 'Taskgraph <notify@example.test>',
      EMAIL_SEND_INTERVAL_MS: '100',
      EMAIL_RETRY_BACKOFF_MS: '200,500,1000',
      EMAIL_MAX_ATTEMPTS: '1000',
      ACCESS_WAIT_MS: '300',
    });
    nc = await connect({ servers: stack.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    [ada, bob] = (await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob')])) as [TestUser, TestUser];
    await emailsKnown([ada, bob]);
    projectId = await newProject(ada, 'Mail', [bob]);
  });
  after(async () => {
    await nc?.close();
    await stack?.stop();
    await smtp.stop();
  });

  /** Waits until the notifications subgraph knows where each user's emails go. */
  async function emailsKnown(users: TestUser[]): Promise<void> {
    await eventually(
      async () => {
        const [row] = await queryDatabase<{ n: number }>(
          stack.env,
          'notifications',
          'select count(*)::int as n from user_names where id = any($1::uuid[]) and email is not null',
          [users.map((user) => user.id)],
        );
        return row!.n === users.length ? true : undefined;
      },
      10_000,
      'the users’ emails known to notifications',
    );
  }

  async function newProject(owner: TestUser, name: string, members: TestUser[]): Promise<string> {
    const { createProject } = await owner.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: name });
    for (const member of members) await owner.client.data(ADD_MEMBER, { p: createProject.id, u: member.id });
    await eventually(
      async () => {
        const [row] = await queryDatabase<{ n: number }>(
          stack.env,
          'tasks',
          'select count(*)::int as n from member_replicas where project_id = $1',
          [createProject.id],
        );
        return row!.n === members.length + 1 ? true : undefined;
      },
      10_000,
      `the members of ${name} known to tasks`,
    );
    return createProject.id;
  }

  const createTask = async (user: TestUser, title: string, assignee: TestUser) =>
    (await user.client.data<{ createTask: { id: string } }>(CREATE_TASK, { p: projectId, t: title, a: assignee.id })).createTask.id;

  /** The stored notification of a task for a user (in the in-app list or not), once it is there. */
  async function storedNotification(user: TestUser, taskId: string): Promise<{ id: string; in_app: boolean }> {
    return eventually(
      async () =>
        (
          await queryDatabase<{ id: string; in_app: boolean }>(
            stack.env,
            'notifications',
            'select id, in_app from notifications where recipient_id = $1 and task_id = $2',
            [user.id, taskId],
          )
        )[0],
      10_000,
      'the notification',
    );
  }

  /** The id of the `task.created` event of a task. */
  async function creationEvent(taskId: string): Promise<{ id: string; type: string; envelope: Record<string, unknown> }> {
    const [row] = await queryDatabase<{ envelope: { id: string; type: string } & Record<string, unknown> }>(
      stack.env,
      'tasks',
      "select envelope from outbox_events where type = 'task.created' and envelope->'data'->>'taskId' = $1",
      [taskId],
    );
    assert.ok(row, 'the task was created');
    return { id: row.envelope.id, type: row.envelope.type, envelope: row.envelope };
  }

  /** Waits until the notifications subgraph has handled a task's creation: what it did not make then, it never will. */
  async function handled(taskId: string): Promise<void> {
    const { id } = await creationEvent(taskId);
    await eventually(
      async () =>
        (
          await queryDatabase(
            stack.env,
            'notifications',
            "select 1 from processed_events where consumer = 'notifications-tasks' and event_id = $1",
            [id],
          )
        ).length
          ? true
          : undefined,
      10_000,
      'the task event handled',
    );
  }

  const deliveriesOf = (notificationId: string) =>
    queryDatabase<{ status: string; message_id: string | null; attempts: number }>(
      stack.env,
      'notifications',
      'select status, message_id, attempts from email_deliveries where notification_id = $1',
      [notificationId],
    );

  const emailsAbout = (user: TestUser, title: string) => smtp.to(user.email).filter((mail) => mail.parsed.subject?.includes(title));

  async function awaitEmail(user: TestUser, title: string) {
    return eventually(async () => emailsAbout(user, title)[0], 15_000, `the email about ${title}`);
  }

  const setPreferences = (user: TestUser, preferences: Preference[]) =>
    user.client.data<{ updateNotificationPreferences: Preference[] }>(UPDATE_PREFERENCES, { p: preferences });

  it('sends one email for TASK_ASSIGNED by default: text and HTML, the preferences link, recipient and subject', async () => {
    const defaults = (await bob.client.data<{ notificationPreferences: Preference[] }>(PREFERENCES)).notificationPreferences;
    assert.deepEqual(Object.fromEntries(defaults.map(({ kind, channels }) => [kind, channels])), {
      TASK_ASSIGNED: ['IN_APP', 'EMAIL'],
      TASK_STATUS_CHANGED: ['IN_APP'],
      TASK_COMPLETED: ['IN_APP'],
      TASK_COMMENTED: ['IN_APP'],
      TASK_DUE_SOON: ['IN_APP', 'EMAIL'],
      PROJECT_MEMBER_ADDED: ['IN_APP', 'EMAIL'],
      PROJECT_INVITED: ['IN_APP', 'EMAIL'],
    });

    const taskId = await createTask(ada, 'Fix login', bob);
    const mail = await awaitEmail(bob, 'Fix login');
    assert.deepEqual(mail.envelopeTo, [bob.email]);
    assert.deepEqual(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value.map((address) => address.address) : [], [
      bob.email,
    ]);
    assert.equal(mail.parsed.from?.value[0]?.address, 'notify@example.test');
    assert.equal(mail.parsed.subject, 'Ada assigned you “Fix login”');
    assert.ok(mail.parsed.text?.includes('Ada assigned you “Fix login”'), mail.parsed.text);
    assert.ok(mail.parsed.text?.includes(PREFERENCES_LINK), 'the text part links to the preferences');
    assert.ok(mail.parsed.text?.includes(`${APP_URL}/projects/${projectId}/tasks/${taskId}`), 'the text part links to the task');
    assert.ok(typeof mail.parsed.html === 'string' && mail.parsed.html.includes(`href="${PREFERENCES_LINK}"`), 'the HTML part too');
    assert.ok(mail.parsed.html.includes('Ada assigned you “Fix login”'));

    const notification = await storedNotification(bob, taskId);
    assert.equal(notification.in_app, true);
    const deliveries = await eventually(async () => {
      const rows = await deliveriesOf(notification.id);
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0]!.message_id, mail.parsed.messageId, 'the Message-ID is recorded');
    await sleep(500);
    assert.equal(emailsAbout(bob, 'Fix login').length, 1, 'one email, once');
    assert.equal(emailsAbout(ada, 'Fix login').length, 0, 'none for the actor');
  });

  it('sends none when EMAIL is turned off, and keeps an email-only notification out of the in-app list', async () => {
    const updated = await setPreferences(bob, [{ kind: 'TASK_ASSIGNED', channels: ['IN_APP'] }]);
    assert.deepEqual(updated.updateNotificationPreferences.find((preference) => preference.kind === 'TASK_ASSIGNED')?.channels, ['IN_APP']);
    assert.deepEqual(
      updated.updateNotificationPreferences.find((preference) => preference.kind === 'TASK_DUE_SOON')?.channels,
      ['IN_APP', 'EMAIL'],
      'the other kinds keep theirs',
    );
    const quiet = await createTask(ada, 'Quiet task', bob);
    await handled(quiet);
    const notification = await storedNotification(bob, quiet);
    assert.equal(notification.in_app, true);
    assert.deepEqual(await deliveriesOf(notification.id), [], 'no email to send');

    await setPreferences(bob, [{ kind: 'TASK_ASSIGNED', channels: ['EMAIL'] }]);
    const emailOnly = await createTask(ada, 'Email only', bob);
    await awaitEmail(bob, 'Email only');
    assert.equal((await storedNotification(bob, emailOnly)).in_app, false);

    await setPreferences(bob, [{ kind: 'TASK_ASSIGNED', channels: [] }]);
    const nothing = await createTask(ada, 'Not at all', bob);
    await handled(nothing);
    const none = await queryDatabase(stack.env, 'notifications', 'select id from notifications where task_id = $1', [nothing]);
    assert.deepEqual(none, [], 'a kind with no channels is not notified at all');

    const { notifications } = await bob.client.data<{ notifications: { edges: { node: { task: { id: string } | null } }[] } }>(
      NOTIFICATIONS,
    );
    const listed = notifications.edges.map((edge) => edge.node.task?.id);
    assert.ok(listed.includes(quiet));
    assert.ok(!listed.includes(emailOnly), 'an email-only notification is not in the in-app list');
    assert.equal(emailsAbout(bob, 'Quiet task').length, 0);
    assert.equal(emailsAbout(bob, 'Not at all').length, 0);
    await setPreferences(bob, [{ kind: 'TASK_ASSIGNED', channels: ['IN_APP', 'EMAIL'] }]);
  });

  it('sends nothing twice for a redelivered event', async () => {
    const taskId = await createTask(ada, 'Echo', bob);
    await awaitEmail(bob, 'Echo');
    const { envelope, type } = await creationEvent(taskId);
    // The same event again, as after a crash between handling and ack (past JetStream's de-duplication).
    const ack = await nc.jetstream().publish(`${stack.env.EVENTS_SUBJECT_PREFIX}.${type}`, JSON.stringify(envelope), {
      msgID: `${String(envelope.id)}-again`,
    });
    assert.equal(ack.duplicate, false);
    const jsm = await nc.jetstreamManager();
    await eventually(
      async () => {
        const info = await jsm.consumers.info(stack.env.EVENTS_STREAM!, 'notifications-tasks');
        return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= ack.seq ? true : undefined;
      },
      10_000,
      'the redelivered event handled',
    );
    const [deliveries] = await queryDatabase<{ n: number }>(
      stack.env,
      'notifications',
      'select count(*)::int as n from email_deliveries where notification_id in (select id from notifications where task_id = $1)',
      [taskId],
    );
    assert.equal(deliveries!.n, 1);
    // Give the sender several rounds to send anything more.
    await sleep(1000);
    assert.equal(emailsAbout(bob, 'Echo').length, 1);
  });

  it('sends every email exactly once after the mail server was down for 20 s, and in-app notifications meanwhile', async () => {
    await smtp.stop();
    const titles = ['Outage one', 'Outage two', 'Outage three'];
    const taskIds: string[] = [];
    for (const title of titles) taskIds.push(await createTask(ada, title, bob));
    const inApp = await eventually(
      async () => {
        const { notifications } = await bob.client.data<{ notifications: { edges: { node: { task: { id: string } | null } }[] } }>(
          NOTIFICATIONS,
        );
        const listed = new Set(notifications.edges.map((edge) => edge.node.task?.id));
        return taskIds.every((id) => listed.has(id)) ? true : undefined;
      },
      10_000,
      'the in-app notifications while the mail server is down',
    );
    assert.equal(inApp, true);
    await sleep(20_000);
    const waiting = await queryDatabase<{ status: string; attempts: number }>(
      stack.env,
      'notifications',
      'select status, attempts from email_deliveries where notification_id in (select id from notifications where task_id = any($1::uuid[]))',
      [taskIds],
    );
    assert.equal(waiting.length, titles.length);
    assert.ok(
      // `sending` too: an attempt may be under way at this moment.
      waiting.every((row) => (row.status === 'pending' || row.status === 'sending') && row.attempts > 1),
      `retried, not given up: ${JSON.stringify(waiting)}`,
    );
    for (const title of titles) assert.equal(emailsAbout(bob, title).length, 0);
    const duringOutage = await metricsOf(stack.subgraphs.notifications.url);
    assert.ok((sample(duringOutage, 'email_deliveries_total', { outcome: 'retry' }) ?? 0) > 0, 'retries are counted');
    assert.ok((sample(duringOutage, 'email_deliveries_backlog', {}) ?? 0) >= 1, 'the backlog shows');

    await smtp.start();
    for (const title of titles) await awaitEmail(bob, title);
    await eventually(async () => {
      const rows = await queryDatabase<{ status: string }>(
        stack.env,
        'notifications',
        'select status from email_deliveries where notification_id in (select id from notifications where task_id = any($1::uuid[]))',
        [taskIds],
      );
      return rows.every((row) => row.status === 'sent') ? true : undefined;
    });
    await sleep(1000);
    for (const title of titles) assert.equal(emailsAbout(bob, title).length, 1, `${title}: exactly once`);
  });

  it('never lets CR or LF in a display name or project name reach a header', async () => {
    const registration = {
      email: `eve.${Date.now()}@example.com`,
      password: 'correct horse battery staple',
      displayName: 'Eve\r\nBcc: victim@example.com',
    };
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input: registration });
    const eve = { id: register.user.id, client: stack.client(register.accessToken) };
    const carol = await signUp(stack, 'Carol');
    await emailsKnown([carol]);
    await eventually(
      async () =>
        (await queryDatabase(stack.env, 'notifications', 'select 1 from user_names where id = $1', [eve.id])).length ? true : undefined,
      10_000,
      'Eve known to notifications',
    );
    const { createProject } = await eve.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, {
      n: 'Plans\r\nX-Injected: yes\nSubject: forged',
    });
    await eve.client.data(ADD_MEMBER, { p: createProject.id, u: carol.id }); // PROJECT_MEMBER_ADDED: email by default

    const mail = await eventually(async () => emailsAbout(carol, 'added you to')[0], 15_000, 'the email to Carol');
    assert.deepEqual(mail.envelopeTo, [carol.email], 'no other recipient');
    const headerBlock = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/));
    const headerNames = headerBlock
      .split(/\r?\n/)
      .filter((line) => !/^\s/.test(line))
      .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
    assert.ok(!headerNames.includes('bcc'), headerBlock);
    assert.ok(!headerNames.includes('x-injected'), headerBlock);
    assert.equal(headerNames.filter((name) => name === 'subject').length, 1, headerBlock);
    assert.ok(mail.parsed.bcc === undefined);
    assert.equal(mail.parsed.headers.get('x-injected'), undefined);
    const subject = mail.parsed.subject ?? '';
    assert.ok(!/[\r\n]/.test(subject), JSON.stringify(subject));
    assert.equal(subject, 'Eve Bcc: victim@example.com added you to “Plans X-Injected: yes Subject: forged”');
  });

  it('refuses bad preference input: an unknown kind fails validation, a kind listed twice is BAD_USER_INPUT', async () => {
    const unknownKind = await bob.client.request(
      /* GraphQL */ `mutation { updateNotificationPreferences(preferences: [{ kind: TASK_EXPLODED, channels: [EMAIL] }]) { kind } }`,
    );
    assert.deepEqual(errorCodes(unknownKind), ['GRAPHQL_VALIDATION_FAILED']);
    const unknownChannel = await bob.client.request(UPDATE_PREFERENCES, { p: [{ kind: 'TASK_ASSIGNED', channels: ['PIGEON'] }] });
    assert.equal(unknownChannel.status, 400, JSON.stringify(unknownChannel.errors));

    const before = (await bob.client.data<{ notificationPreferences: Preference[] }>(PREFERENCES)).notificationPreferences;
    const twice = await bob.client.request(UPDATE_PREFERENCES, {
      p: [
        { kind: 'TASK_COMMENTED', channels: ['EMAIL'] },
        { kind: 'TASK_COMMENTED', channels: [] },
      ],
    });
    assert.deepEqual(errorCodes(twice), ['BAD_USER_INPUT']);
    assert.ok(JSON.stringify(twice.errors?.[0]?.extensions?.fields).includes('preferences.1.kind'), JSON.stringify(twice.errors));
    const channelTwice = await bob.client.request(UPDATE_PREFERENCES, { p: [{ kind: 'TASK_COMMENTED', channels: ['EMAIL', 'EMAIL'] }] });
    assert.deepEqual(errorCodes(channelTwice), ['BAD_USER_INPUT']);
    const after = (await bob.client.data<{ notificationPreferences: Preference[] }>(PREFERENCES)).notificationPreferences;
    assert.deepEqual(after, before, 'a refused update changes nothing');
    const anonymous = await stack.client().request(PREFERENCES);
    assert.deepEqual(errorCodes(anonymous), ['UNAUTHENTICATED']);
  });
});

/**
 * The gateway reloads its supergraph file when it changes, and on SIGHUP, without a restart:
 * queries move to the new schema at once; every open subscription is planned again on it and
 * goes on at the same stream position (every event once across the reload), or ends with a
 * clear error when the new schema makes it invalid; a file that is no servable supergraph is
 * ignored and the one before stays served.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sleep } from '@taskgraph/kit';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { GraphQLClient, liveClient, type Stack, startStack } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { comment, startTeam, type Team } from './faults.js';
import { endedWithErrors, Subscription } from './live.js';
import { metricsOf, sample } from './metrics.js';
import { committedSupergraph, composeSupergraph, edit, replaceFile } from './supergraphs.js';

const idOf = (sdl: string) => createHash('sha256').update(sdl).digest('hex');

type Added = { notificationAdded: { id: string; kind: string; message?: string } };
type Changed = { taskChanged: { id: string; kind: string; task: { title: string } | null } };
const WITH_MESSAGE = `subscription { notificationAdded { id kind message } }`;
const WITHOUT_MESSAGE = `subscription { notificationAdded { id kind } }`;
const TASK_CHANGED = `subscription($p: ID!) { taskChanged(projectId: $p) { id kind task { title } } }`;
const USER_FIELDS = `{ __type(name: "User") { fields { name } } }`;

/** A field more on User (users subgraph): a compatible change, which introspection shows. */
const withProbe = () =>
  composeSupergraph({ users: edit('  displayName: String! @shareable\n', '  displayName: String! @shareable\n  reloadProbe: String\n') });
/** Notification without its message (notifications subgraph): what selects it is no longer valid. */
const withoutMessage = () =>
  composeSupergraph({
    notifications: edit('  """A human-readable sentence, e.g. "Ada assigned you “Fix login”"."""\n  message: String!\n', ''),
  });

describe('supergraph reload', () => {
  let dir: string;
  let file: string;
  let stack: Stack;
  let team: Team;
  const clients: Client[] = [];
  const live = (accessToken: string, url = stack.gateway.url) => {
    const client = liveClient(url, accessToken);
    clients.push(client);
    return client;
  };
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'supergraph-'));
    file = path.join(dir, 'supergraph.graphql');
    await writeFile(file, await committedSupergraph());
    stack = await startStack({ SUPERGRAPH_PATH: file });
    team = await startTeam(stack);
  });
  after(async () => {
    for (const client of clients) await client.dispose();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Resolves once the gateway holds `n` open subscriptions: each listens to the feed from then on. */
  const subscriptionsOpen = (n: number, url = stack.gateway.url) =>
    eventually(
      async () => (sample(await metricsOf(url), 'live_subscriptions_open', {}) === n ? true : undefined),
      10_000,
      `${n} subscriptions open`,
    );
  /** User's fields, as the gateway at `url` serves them now. */
  const userFields = async (url = stack.gateway.url) => {
    const { __type } = await new GraphQLClient(url, team.ada.accessToken).data<{ __type: { fields: { name: string }[] } }>(USER_FIELDS);
    return __type.fields.map((field) => field.name);
  };
  /** The id of the notification Ada's next comment makes for Bob, once it is stored. */
  const nextNotification = async (body: string) => {
    const before = (await storedFor(team.bob.id)).length;
    await comment(team.ada.client, team.taskId, body);
    return eventually(
      async () => {
        const stored = await storedFor(team.bob.id);
        return stored.length > before ? stored.at(-1) : undefined;
      },
      10_000,
      `the notification of "${body}"`,
    );
  };
  const storedFor = async (userId: string) =>
    (
      await queryDatabase<{ id: string }>(stack.env, 'notifications', 'select id from notifications where recipient_id = $1 order by id', [
        userId,
      ])
    ).map((row) => row.id);
  const taskEvents = async () =>
    (await queryDatabase<{ id: string }>(stack.env, 'tasks', "select id from outbox_events where type like 'task.%' order by id")).map(
      (row) => row.id,
    );
  /** The live ids are every stored id from the first live one on: none lost, none twice, in order. */
  const everyOnce = (liveIds: (string | undefined)[], stored: string[], what: string) => {
    const first = stored.indexOf(liveIds[0] ?? '');
    assert.ok(first >= 0, `${what}: the first live one is stored`);
    assert.deepEqual(liveIds, stored.slice(first), `${what}: every one once, in order`);
  };

  /**
   * Once Bob's last stored notification and the task's last event have come live: both
   * subscriptions still open, and each heard every one once, in order.
   */
  const heardEveryOnce = async (notifications: Subscription<Added>, changes: Subscription<Changed>) => {
    const stored = await storedFor(team.bob.id);
    await eventually(
      async () => (notifications.results.some((result) => result.data?.notificationAdded.id === stored.at(-1)) ? true : undefined),
      10_000,
      'the last notification, live',
    );
    const events = await taskEvents();
    await eventually(
      async () => (changes.results.some((result) => result.data?.taskChanged.id === events.at(-1)) ? true : undefined),
      10_000,
      'the last task event, live',
    );
    assert.equal(notifications.ended, null);
    assert.equal(changes.ended, null);
    everyOnce(
      notifications.results.map((result) => result.data?.notificationAdded.id),
      stored,
      'notifications',
    );
    everyOnce(
      changes.results.map((result) => result.data?.taskChanged.id),
      events,
      'task events',
    );
  };

  it('serves a compatible supergraph to queries at once, and open subscriptions go on with every event once', async () => {
    const { ada, bob, projectId, taskId } = team;
    const compatible = await withProbe();
    assert.ok(!(await userFields()).includes('reloadProbe'));
    const bobs = new Subscription<Added>(live(bob.accessToken), WITH_MESSAGE);
    const adas = new Subscription<Changed>(live(ada.accessToken), TASK_CHANGED, { p: projectId });
    await subscriptionsOpen(2);

    // Comments go on before, during and after the reload.
    let made = 0;
    let reloadedAfter: number | null = null;
    let failure: unknown = null;
    const reload = (async () => {
      await eventually(async () => (made >= 10 ? true : undefined), 30_000, 'comments before the reload');
      await replaceFile(file, compatible);
      await eventually(async () => (stack.gateway.supergraph.id === idOf(compatible) ? true : undefined), 10_000, 'the reload');
      reloadedAfter = made;
    })().catch((error: unknown) => {
      failure = error;
    });
    while (failure === null && (reloadedAfter === null || made < reloadedAfter + 10)) {
      await comment(ada.client, taskId, `comment ${made}`);
      made += 1;
      await sleep(20);
    }
    await reload;
    assert.equal(failure, null);
    assert.ok((await userFields()).includes('reloadProbe'), 'a query sees the new schema');

    // One notification per comment, each stored before it is announced.
    await eventually(
      async () => {
        const [row] = await queryDatabase<{ n: number }>(
          stack.env,
          'notifications',
          "select count(*)::int as n from notifications where recipient_id = $1 and kind = 'TASK_COMMENTED'",
          [bob.id],
        );
        return row!.n === made ? true : undefined;
      },
      10_000,
      'a notification of every comment',
    );
    await heardEveryOnce(bobs, adas);
    assert.ok(
      bobs.results.every((result) => !result.errors && result.data?.notificationAdded.message),
      'every notification resolved in full',
    );
    assert.ok(
      adas.results.every((result) => !result.errors && result.data?.taskChanged.task?.title === 'Survive'),
      'every task event resolved in full',
    );
    assert.equal(sample(await metricsOf(stack.gateway.url), 'supergraph_reloads_total', { outcome: 'applied' }), 1);
    bobs.close();
    adas.close();
    await subscriptionsOpen(0);
  });

  it('ends the subscriptions an incompatible supergraph makes invalid, with a clear error, and the others go on', async () => {
    const { ada, bob, projectId, taskId } = team;
    const incompatible = await withoutMessage();
    const bobLive = live(bob.accessToken);
    const withMessage = new Subscription<Added>(bobLive, WITH_MESSAGE);
    const withoutIt = new Subscription<Added>(bobLive, WITHOUT_MESSAGE);
    const adas = new Subscription<Changed>(live(ada.accessToken), TASK_CHANGED, { p: projectId });
    await subscriptionsOpen(3);
    await comment(ada.client, taskId, 'before');
    await Promise.all([withMessage.nth(0), withoutIt.nth(0), adas.nth(0)]);

    await replaceFile(file, incompatible);
    const errors = await endedWithErrors(withMessage);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(errors[0]!.extensions?.reason, 'SCHEMA_CHANGED');
    assert.match(errors[0]!.message, /supergraph was reloaded/);
    assert.match(errors[0]!.message, /"message"/);
    assert.equal(stack.gateway.supergraph.id, idOf(incompatible));

    // The others go on, on the same sockets, from where they were.
    const last = await nextNotification('after');
    await eventually(
      async () => (withoutIt.results.some((result) => result.data?.notificationAdded.id === last) ? true : undefined),
      10_000,
      'the notification after the reload',
    );
    await heardEveryOnce(withoutIt, adas);

    // New operations are validated against the new schema, over WebSocket and HTTP alike.
    const refused = new Subscription<Added>(bobLive, WITH_MESSAGE);
    const [refusal] = await endedWithErrors(refused);
    assert.equal(refusal?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    const query = await bob.client.request(`{ notifications(first: 1) { edges { node { message } } } }`);
    assert.equal(query.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    withoutIt.close();
    adas.close();
    await subscriptionsOpen(0);
  });

  it('ignores a file that is no servable supergraph, and keeps serving the one before', async () => {
    const { bob } = team;
    const served = stack.gateway.supergraph.id;
    const bobs = new Subscription<Added>(live(bob.accessToken), WITHOUT_MESSAGE);
    await subscriptionsOpen(1);
    const rejectedBefore = sample(await metricsOf(stack.gateway.url), 'supergraph_reloads_total', { outcome: 'rejected' }) ?? 0;

    await replaceFile(file, 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query');
    const unparsable = await stack.gateway.supergraph.reload();
    assert.equal(unparsable.outcome, 'rejected');
    // Composed, but without the subgraph that serves subscriptions: the gateway could not serve them on it.
    await replaceFile(file, await composeSupergraph({}, { out: ['live'] }));
    const withoutLive = await stack.gateway.supergraph.reload();
    assert.deepEqual(withoutLive.outcome, 'rejected');
    assert.match(withoutLive.outcome === 'rejected' ? withoutLive.reason : '', /no `live` subgraph/);

    assert.equal(stack.gateway.supergraph.id, served, 'the supergraph before is still served');
    assert.ok(
      (sample(await metricsOf(stack.gateway.url), 'supergraph_reloads_total', { outcome: 'rejected' }) ?? 0) >= rejectedBefore + 2,
      'the rejections are counted',
    );
    const query = await bob.client.request(`{ notifications(first: 1) { edges { node { message } } } }`);
    assert.equal(query.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'queries still get the schema before');
    const newest = await nextNotification('still served');
    await eventually(
      async () => (bobs.results.some((result) => result.data?.notificationAdded.id === newest) ? true : undefined),
      10_000,
      'a notification after the rejected files',
    );
    assert.equal(bobs.ended, null);
    bobs.close();
    await subscriptionsOpen(0);
  });

  it('reloads on SIGHUP, with the file watch off', async () => {
    const { bob } = team;
    const otherFile = path.join(dir, 'replica.graphql');
    await writeFile(otherFile, await committedSupergraph());
    const replica = await stack.startGateway({ SUPERGRAPH_PATH: otherFile, SUPERGRAPH_WATCH: 'false' });
    const bobs = new Subscription<Added>(live(bob.accessToken, replica.url), WITH_MESSAGE);
    await subscriptionsOpen(1, replica.url);
    const compatible = await withProbe();
    await replaceFile(otherFile, compatible);
    assert.ok(!(await userFields(replica.url)).includes('reloadProbe'));

    process.kill(process.pid, 'SIGHUP');
    await eventually(async () => (replica.supergraph.id === idOf(compatible) ? true : undefined), 10_000, 'the reload on SIGHUP');
    assert.ok((await userFields(replica.url)).includes('reloadProbe'), 'a query sees the new schema');
    const newest = await nextNotification('after the hangup');
    const delivered = await eventually(
      async () => bobs.results.find((result) => result.data?.notificationAdded.id === newest),
      10_000,
      'a notification after the reload',
    );
    assert.ok(delivered.data?.notificationAdded.message);
    assert.equal(bobs.ended, null);
    bobs.close();
  });
});

/**
 * A subgraph process killed under a gateway process: the gateway answers what the others
 * serve, says which subgraph is missing in its readiness and metrics, and recovers when a
 * replacement starts where the dead one was, without being restarted itself. And one stopped
 * gracefully in the middle of a burst of writes: nothing half-done, no event lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { outboxBacklog, startTeam, type Team } from './faults.js';
import { metricsOf, sample } from './metrics.js';
import { ServiceProcess } from './service-process.js';

interface Readiness {
  httpStatus: number;
  status: string;
  checks: Record<string, boolean>;
}

const QUERY = `query($t: ID!) { me { displayName } task(id: $t) { title } }`;

describe('a subgraph process killed under the gateway', () => {
  let stack: Stack;
  let team: Team;
  let tasks: ServiceProcess;
  let gateway: ServiceProcess;
  let client: GraphQLClient;
  const spawned: ServiceProcess[] = [];

  before(async () => {
    stack = await startStack();
    team = await startTeam(stack);
    tasks = await ServiceProcess.subgraph(stack, 'tasks');
    spawned.push(tasks);
    gateway = await ServiceProcess.gateway(stack, {
      TASKS_URL: tasks.url,
      SUBGRAPH_HEALTH_INTERVAL_MS: '200',
      SUBGRAPH_TIMEOUT_MS: '2000',
    });
    spawned.push(gateway);
    client = new GraphQLClient(gateway.url, team.ada.accessToken);
  });
  after(async () => {
    for (const process of spawned) await process.kill();
    await stack?.stop();
  });

  const readiness = async (): Promise<Readiness> => {
    const response = await fetch(new URL('/health/ready', gateway.url));
    return { httpStatus: response.status, ...((await response.json()) as Omit<Readiness, 'httpStatus'>) };
  };
  const readinessIs = (status: string) =>
    eventually(
      async () => {
        const state = await readiness();
        return state.status === status ? state : undefined;
      },
      10_000,
      `the gateway to report ${status}`,
    );
  const tasksUp = async () => sample(await metricsOf(gateway.url), 'subgraph_up', { subgraph: 'tasks' });

  it('answers the other subgraphs, reports the dead one, and recovers when it is replaced', async () => {
    const whole = await client.request<{ me: { displayName: string }; task: { title: string } }>(QUERY, { t: team.taskId });
    assert.deepEqual(whole.data, { me: { displayName: 'Ada' }, task: { title: 'Survive' } });
    assert.equal((await readinessIs('ready')).httpStatus, 200);

    await tasks.kill();
    const partial = await client.request<{ me: { displayName: string }; task: null }>(QUERY, { t: team.taskId });
    assert.equal(partial.status, 200);
    assert.deepEqual(partial.data, { me: { displayName: 'Ada' }, task: null });
    assert.deepEqual(errorCodes(partial), ['INTERNAL_SERVER_ERROR']);
    assert.equal(partial.errors?.[0]?.message, 'The tasks service is unavailable');
    assert.ok(!JSON.stringify(partial).includes(String(tasks.port)), 'the address is not shown');

    // Degraded, not unavailable: the gateway stays in rotation, naming what is missing.
    const degraded = await readinessIs('degraded');
    assert.equal(degraded.httpStatus, 200);
    assert.equal(degraded.checks['subgraph tasks'], false);
    assert.equal(degraded.checks['subgraph users'], true);
    assert.equal(degraded.checks.supergraph, true);
    assert.equal(await tasksUp(), 0);

    spawned.push(await ServiceProcess.subgraph(stack, 'tasks', tasks.port));
    const recovered = await eventually(
      async () => {
        const result = await client.request<{ task: { title: string } | null }>(QUERY, { t: team.taskId });
        return result.data?.task ? result : undefined;
      },
      15_000,
      'the task served again',
    );
    assert.deepEqual(errorCodes(recovered), []);
    assert.equal((await readinessIs('ready')).checks['subgraph tasks'], true);
    assert.equal(await tasksUp(), 1);
  });

  it('finishes what it accepted when stopped (SIGTERM), and loses no event of it', async () => {
    const replica = await ServiceProcess.subgraph(stack, 'tasks');
    spawned.push(replica);
    const viaReplica = await ServiceProcess.gateway(stack, { TASKS_URL: replica.url });
    spawned.push(viaReplica);
    const writer = new GraphQLClient(viaReplica.url, team.ada.accessToken);
    const create = (i: number) =>
      writer.request<{ createTask: { id: string } | null }>(
        `mutation($p: ID!, $t: String!) { createTask(input: { projectId: $p, title: $t }) { id } }`,
        { p: team.projectId, t: `burst ${i}` },
      );

    const burst = Array.from({ length: 40 }, (_, i) => create(i));
    // Stopped while it is serving: the first answer has come, others are on their way.
    await Promise.race(burst);
    assert.deepEqual(await replica.stop(), { code: 0, signal: null }, 'a clean exit');
    const results = await Promise.all(burst);

    // Each write either happened whole, or was refused whole (the service was gone): never half.
    const created = results.flatMap((result) => (result.data?.createTask ? [result.data.createTask.id] : []));
    for (const result of results)
      if (!result.data?.createTask)
        assert.match(result.errors?.[0]?.message ?? '', /^The tasks service (is unavailable|did not answer in time)/);
    assert.ok(created.length > 0, 'some writes were served before the stop');
    const rows = await queryDatabase<{ id: string }>(stack.env, 'tasks', "select id from tasks where title like 'burst %'");
    assert.deepEqual(new Set(rows.map((row) => row.id)), new Set(created));
    // Every event of them is published, by the relay of a replica still running if the stopped one had not.
    await eventually(async () => ((await outboxBacklog(stack)) === 0 ? true : undefined), 10_000, 'every outbox drained');
    const events = await queryDatabase<{ taskId: string }>(
      stack.env,
      'tasks',
      "select envelope->'data'->>'taskId' as \"taskId\" from outbox_events where type = 'task.created'",
    );
    for (const id of created)
      assert.ok(
        events.some((event) => event.taskId === id),
        `the event of task ${id}`,
      );
  });
});

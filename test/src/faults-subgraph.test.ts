/**
 * A subgraph process killed under a gateway process: the gateway answers what the others
 * serve, says which subgraph is missing in its readiness and metrics, and recovers when a
 * replacement starts where the dead one was, without being restarted itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { GraphQLClient, errorCodes } from './client.js';
import { startTeam, type Team } from './faults.js';
import { ServiceProcess } from './service-process.js';
import { startStack, type Stack } from './stack.js';

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
    gateway = await ServiceProcess.gateway(stack, { TASKS_URL: tasks.url, SUBGRAPH_HEALTH_INTERVAL_MS: '200', SUBGRAPH_TIMEOUT_MS: '2000' });
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
    eventually(async () => {
      const state = await readiness();
      return state.status === status ? state : undefined;
    }, 10_000, `the gateway to report ${status}`);
  const tasksUp = async () => /subgraph_up\{[^}]*subgraph="tasks"[^}]*\} (\d)/.exec(await (await fetch(new URL('/metrics', gateway.url))).text())?.[1];

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
    assert.equal(await tasksUp(), '0');

    spawned.push(await ServiceProcess.subgraph(stack, 'tasks', tasks.port));
    const recovered = await eventually(async () => {
      const result = await client.request<{ task: { title: string } | null }>(QUERY, { t: team.taskId });
      return result.data?.task ? result : undefined;
    }, 15_000, 'the task served again');
    assert.deepEqual(errorCodes(recovered), []);
    assert.equal((await readinessIs('ready')).checks['subgraph tasks'], true);
    assert.equal(await tasksUp(), '1');
  });
});

/**
 * `npm run bench:subscriptions`: how long a task change takes to reach 1, 100 and 5,000
 * subscribers of `taskChanged` (mutation sent → result received, with fields from the tasks and
 * users subgraphs), and how much gateway memory an open subscription costs. The subgraphs run
 * in this process, the gateway in a process of its own. Prints a Markdown table and writes
 * bench/results/subscriptions.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import { liveClient } from '@taskgraph/e2e/live';
import { startStack } from '@taskgraph/e2e/stack';
import { signUp } from '@taskgraph/e2e/users';
import { eventually } from '@taskgraph/kit/testing';
import { GatewayProcess } from './gateway-process.js';
import { quantile, round } from './stats.js';

const SUBSCRIBERS = [1, 100, 5000];
const PER_CONNECTION = 100;
const ROUNDS: Record<number, number> = { 1: 50, 100: 30, 5000: 10 };
const TASK_CHANGED = 'subscription($p: ID!) { taskChanged(projectId: $p) { kind taskId task { title status } actor { displayName } } }';

const stack = await startStack({ LOG_LEVEL: 'silent' });
const gateway = await GatewayProcess.start(stack);
const rows = [];
try {
  const [owner, watcher] = await Promise.all([signUp(stack, 'Owner'), signUp(stack, 'Watcher')]);
  const { createProject } = await owner.client.data<{ createProject: { id: string } }>(`mutation { createProject(input: { name: "Bench" }) { id } }`);
  const projectId = createProject.id;
  await owner.client.data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, { p: projectId, u: watcher.id });
  const { createTask } = await owner.client.data<{ createTask: { id: string } }>(`mutation($p: ID!) { createTask(input: { projectId: $p, title: "start" }) { id } }`, { p: projectId });
  const rename = (title: string) => owner.client.data(`mutation($t: ID!, $title: String!) { updateTask(id: $t, input: { title: $title }) { id } }`, { t: createTask.id, title });

  for (const count of SUBSCRIBERS) {
    const rssBefore = await gateway.rssMiB();
    const arrivals = new Map<string, number[]>();
    const ready = new Set<number>();
    const clients: Client[] = Array.from({ length: Math.ceil(count / PER_CONNECTION) }, () => liveClient(gateway.url, watcher.accessToken));
    for (let i = 0; i < count; i++) {
      clients[i % clients.length]!.subscribe(
        { query: TASK_CHANGED, variables: { p: projectId } },
        {
          next: (result) => {
            ready.add(i);
            const title = (result.data as { taskChanged?: { task?: { title?: string } } } | undefined)?.taskChanged?.task?.title;
            if (title) arrivals.get(title)?.push(performance.now());
          },
          error: (error) => console.error('subscription error', error instanceof Error ? error.message : (error as { code?: number }).code ?? error),
          complete: () => undefined,
        },
      );
    }
    const deliver = async (title: string): Promise<number[]> => {
      arrivals.set(title, []);
      const sent = performance.now();
      await rename(title);
      await eventually(async () => (arrivals.get(title)!.length >= count ? true : undefined), 120_000, `${count} deliveries of ${title}`);
      return arrivals.get(title)!.map((at) => at - sent);
    };
    // Subscribing takes a moment (connection, authorization): warm up until every subscriber hears events.
    for (let attempt = 0; ready.size < count; attempt++) {
      await rename(`warm-up ${count}.${attempt}`);
      await eventually(async () => (ready.size >= count ? true : undefined), 2000, 'subscribers').catch(() => undefined);
    }
    const rssOpen = await gateway.rssMiB();

    const latencies: number[] = [];
    const started = performance.now();
    for (let r = 0; r < ROUNDS[count]!; r++) latencies.push(...(await deliver(`round ${count}.${r}`)));
    const seconds = (performance.now() - started) / 1000;
    const row = {
      subscribers: count,
      connections: clients.length,
      events: ROUNDS[count],
      p50: round(quantile(latencies, 0.5)),
      p95: round(quantile(latencies, 0.95)),
      p99: round(quantile(latencies, 0.99)),
      max: round(Math.max(...latencies)),
      deliveriesPerSecond: round(latencies.length / seconds, 0),
      gatewayRssMiB: round(rssOpen),
      kibPerSubscription: round(((rssOpen - rssBefore) * 1024) / count, 2),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    await Promise.all(clients.map((client) => client.dispose()));
  }
} finally {
  await gateway.stop();
  await stack.stop();
}

console.log(`\nSubscription delivery (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version})\n`);
console.log('| subscribers | connections | events | p50 ms | p95 ms | p99 ms | max ms | deliveries/s | gateway RSS MiB | KiB per subscription |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(`| ${row.subscribers} | ${row.connections} | ${row.events} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.max} | ${row.deliveriesPerSecond} | ${row.gatewayRssMiB} | ${row.kibPerSubscription} |`);
}
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(new URL('../../results/subscriptions.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2));

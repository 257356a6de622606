/**
 * How long a task change takes to reach 1, 100 and 5,000 subscribers of `taskChanged`
 * (mutation sent → result received, with fields from the tasks and users subgraphs), and how
 * much gateway memory an open subscription costs. Every service is a process of its own.
 */
import { performance } from 'node:perf_hooks';
import { eventually } from '@taskgraph/kit/testing';
import { liveClient } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { graphqlData } from './graphql-http.js';
import { graphqlUrl, type ProcessStack, startProcessStack } from './process-stack.js';
import { register } from './seed.js';
import { quantile, round } from './stats.js';

const SUBSCRIBERS = [1, 100, 5000];
const PER_CONNECTION = 100;
/** Events timed per size: more where each is cheap. */
const rounds = (subscribers: number): number => (subscribers <= 1 ? 50 : subscribers <= 100 ? 30 : 10);
const TASK_CHANGED = 'subscription($p: ID!) { taskChanged(projectId: $p) { kind taskId task { title status } actor { displayName } } }';

export interface SubscriptionRow {
  subscribers: number;
  connections: number;
  events: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  deliveriesPerSecond: number;
  gatewayRssMiB: number;
  kibPerSubscription: number;
}

/** For each number of subscribers (1, 100 and 5,000 unless told), over the given stack or over one of its own that it stops when done. */
export async function runSubscriptionBenchmark(
  progress: (message: string) => void,
  given?: ProcessStack,
  sizes: number[] = SUBSCRIBERS,
): Promise<SubscriptionRow[]> {
  const stack = given ?? (await startProcessStack());
  const rows: SubscriptionRow[] = [];
  try {
    // One user on one address holds every subscription, and opens its sockets all at once.
    const gateway = await stack.startGateway({
      MAX_SUBSCRIPTIONS_PER_USER: '10000',
      RATE_LIMIT_PER_USER: '10000000',
      RATE_LIMIT_PER_ADDRESS: '10000000',
      WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '10000',
    });
    const url = graphqlUrl(gateway);
    const [owner, watcher] = await Promise.all([register(url, 'Owner'), register(url, 'Watcher')]);
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(url, query, variables, owner.token);
    const { createProject } = await call<{ createProject: { id: string } }>(`mutation { createProject(input: { name: "Bench" }) { id } }`);
    const projectId = createProject.id;
    await call(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, { p: projectId, u: watcher.id });
    const { createTask } = await call<{ createTask: { id: string } }>(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "start" }) { id } }`,
      { p: projectId },
    );
    const rename = (title: string) =>
      call(`mutation($t: ID!, $title: String!) { updateTask(id: $t, input: { title: $title }) { id } }`, { t: createTask.id, title });

    for (const count of sizes) {
      const rssBefore = (await gateway.sample()).rssMiB;
      const arrivals = new Map<string, number[]>();
      const ready = new Set<number>();
      const clients: Client[] = Array.from({ length: Math.ceil(count / PER_CONNECTION) }, () => liveClient(url, watcher.token));
      for (let i = 0; i < count; i++) {
        clients[i % clients.length]!.subscribe(
          { query: TASK_CHANGED, variables: { p: projectId } },
          {
            next: (result) => {
              ready.add(i);
              const title = (result.data as { taskChanged?: { task?: { title?: string } } } | undefined)?.taskChanged?.task?.title;
              if (title) arrivals.get(title)?.push(performance.now());
            },
            error: (error) =>
              console.error('subscription error', error instanceof Error ? error.message : ((error as { code?: number }).code ?? error)),
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
      const rssOpen = (await gateway.sample()).rssMiB;

      const latencies: number[] = [];
      const started = performance.now();
      for (let r = 0; r < rounds(count); r++) latencies.push(...(await deliver(`round ${count}.${r}`)));
      const seconds = (performance.now() - started) / 1000;
      const row: SubscriptionRow = {
        subscribers: count,
        connections: clients.length,
        events: rounds(count),
        p50: round(quantile(latencies, 0.5)),
        p95: round(quantile(latencies, 0.95)),
        p99: round(quantile(latencies, 0.99)),
        max: round(Math.max(...latencies)),
        deliveriesPerSecond: round(latencies.length / seconds, 0),
        gatewayRssMiB: round(rssOpen),
        kibPerSubscription: round(((rssOpen - rssBefore) * 1024) / count, 2),
      };
      rows.push(row);
      progress(`subscriptions: ${JSON.stringify(row)}`);
      await Promise.all(clients.map((client) => client.dispose()));
    }
  } finally {
    if (!given) await stack.stop();
  }
  return rows;
}

export function subscriptionTable(rows: SubscriptionRow[]): string {
  return [
    '| subscribers | connections | events | p50 ms | p95 ms | p99 ms | max ms | deliveries/s | gateway RSS MiB | KiB per subscription |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.subscribers} | ${row.connections} | ${row.events} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.max} | ${row.deliveriesPerSecond} | ${row.gatewayRssMiB} | ${row.kibPerSubscription} |`,
    ),
  ].join('\n');
}

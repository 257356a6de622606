/**
 * Each transport's delivery latency, side by side: one subscriber of `taskChanged` on each of
 * graphql-ws (its client), SSE (graphql-sse's client, distinct connections) and multipart HTTP
 * (Apollo Client's HttpLink), all three on the same project, while another member renames a
 * task one event at a time. Every event reaches the three at once, so the figures differ only
 * by the transport: from sending the mutation to each client's result.
 */
import { performance } from 'node:perf_hooks';
import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { HttpLink } from '@apollo/client/link/http';
import { eventually } from '@taskgraph/kit/testing';
import { liveClient } from '@taskgraph/stack';
import { createClient as createSseClient } from 'graphql-sse';
import { graphqlData } from './graphql-http.js';
import { graphqlUrl, type ProcessStack } from './process-stack.js';
import { register } from './seed.js';
import { type LatencySummary, summarize } from './stats.js';

export const TRANSPORTS = ['graphql-ws', 'sse', 'multipart'] as const;
export type Transport = (typeof TRANSPORTS)[number];
export type TransportLatency = Record<Transport, LatencySummary>;

const TASK_CHANGED = 'subscription($p: ID!) { taskChanged(projectId: $p) { kind taskId task { title status } actor { displayName } } }';

interface TaskChanged {
  taskChanged: { task: { title: string } | null };
}

/** Opens one subscription over the transport; `heard` gets each result's task title. Returns how to close it. */
function subscribe(transport: Transport, url: string, token: string, projectId: string, heard: (title: string) => void): () => void {
  const variables = { p: projectId };
  const onData = (data: TaskChanged | null | undefined) => {
    const title = data?.taskChanged.task?.title;
    if (title) heard(title);
  };
  const fail = (error: unknown) => console.error(`${transport} subscription error`, error instanceof Error ? error.message : error);
  switch (transport) {
    case 'graphql-ws': {
      const client = liveClient(url, token);
      client.subscribe<TaskChanged>(
        { query: TASK_CHANGED, variables },
        { next: (result) => onData(result.data), error: fail, complete: () => undefined },
      );
      return () => void client.dispose();
    }
    case 'sse': {
      const client = createSseClient({ url, singleConnection: false, headers: { authorization: `Bearer ${token}` } });
      client.subscribe<TaskChanged>(
        { query: TASK_CHANGED, variables },
        { next: (result) => onData(result.data), error: fail, complete: () => undefined },
      );
      return () => client.dispose();
    }
    case 'multipart': {
      const client = new ApolloClient({
        cache: new InMemoryCache(),
        link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } }),
      });
      const subscription = client
        .subscribe<TaskChanged>({ query: gql(TASK_CHANGED), variables })
        .subscribe({ next: (result) => (result.error ? fail(result.error) : onData(result.data)), error: fail });
      return () => {
        subscription.unsubscribe();
        client.stop();
      };
    }
  }
}

export async function measureTransports(stack: ProcessStack, events: number): Promise<TransportLatency> {
  const gateway = await stack.startGateway({ RATE_LIMIT_PER_USER: '10000000', RATE_LIMIT_PER_ADDRESS: '10000000' });
  const url = graphqlUrl(gateway);
  const [owner, watcher] = await Promise.all([register(url, 'Renamer'), register(url, 'Listener')]);
  const call = <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(url, query, variables, owner.token);
  const { createProject } = await call<{ createProject: { id: string } }>(
    'mutation { createProject(input: { name: "Transports" }) { id } }',
  );
  await call('mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }', { p: createProject.id, u: watcher.id });
  const { createTask } = await call<{ createTask: { id: string } }>(
    'mutation($p: ID!) { createTask(input: { projectId: $p, title: "start" }) { id } }',
    { p: createProject.id },
  );
  const rename = (title: string) =>
    call('mutation($t: ID!, $title: String!) { updateTask(id: $t, input: { title: $title }) { id } }', { t: createTask.id, title });

  const arrivals = new Map<string, Map<Transport, number>>();
  const closers = TRANSPORTS.map((transport) =>
    subscribe(transport, url, watcher.token, createProject.id, (title) => arrivals.get(title)?.set(transport, performance.now())),
  );
  const allHeard = (title: string) => (arrivals.get(title)?.size === TRANSPORTS.length ? true : undefined);
  try {
    // Until every transport's subscription is open and hears events.
    for (let attempt = 0; ; attempt++) {
      const title = `warm-up ${attempt}`;
      arrivals.set(title, new Map());
      await rename(title);
      if (await eventually(async () => allHeard(title), 2000, 'every transport').catch(() => false)) break;
    }
    const latencies = new Map<Transport, number[]>(TRANSPORTS.map((transport) => [transport, []]));
    for (let n = 0; n < events; n++) {
      const title = `transports ${n}`;
      arrivals.set(title, new Map());
      const sent = performance.now();
      await rename(title);
      await eventually(async () => allHeard(title), 30_000, `${title} over every transport`);
      for (const [transport, at] of arrivals.get(title)!) latencies.get(transport)!.push(at - sent);
    }
    return Object.fromEntries(TRANSPORTS.map((transport) => [transport, summarize(latencies.get(transport)!)])) as TransportLatency;
  } finally {
    for (const close of closers) close();
    await gateway.stop();
  }
}

export function transportTable(latency: TransportLatency): string {
  return [
    '| transport | events | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...TRANSPORTS.map((transport) => {
      const { count, p50, p95, p99, max } = latency[transport];
      return `| ${transport} | ${count} | ${p50} | ${p95} | ${p99} | ${max} |`;
    }),
  ].join('\n');
}

/**
 * The distinct-users case of `npm run bench:subscriptions`: many registered users, five to a
 * project, each on a WebSocket of their own with their `notificationAdded` and the
 * `taskChanged` of their project, all on one gateway, while task changes stream in at a steady
 * rate from the projects' members. Every subscriber is a different identity, so no two results
 * of an event can be shared the way one user's many subscriptions share theirs.
 *
 * Reports delivery latency (from the change to the result's arrival), deliveries missed or
 * extra against exactly what the mutations sent must cause, the gateway's CPU time per
 * delivery, and its memory per subscription: the V8 heap after a full collection (through the
 * inspector) and the resident set, before and once every subscription is open.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sleep } from '@taskgraph/kit';
import { freePort } from '@taskgraph/kit/processes';
import { eventually } from '@taskgraph/kit/testing';
import { graphql, inParallel } from './graphql-http.js';
import { Inspector, inspectFlag } from './inspector.js';
import { LiveWatch } from './live-watch.js';
import { graphqlUrl, type ProcessStack } from './process-stack.js';
import type { ServiceProcess } from './processes.js';
import { type SeededProject, seed } from './seed.js';
import { type LatencySummary, round, summarize } from './stats.js';
import { actorsOf } from './workload.js';

export interface DistinctUsersOptions {
  users: number;
  /** Mutations per second while measuring, and for how long. */
  rate: number;
  seconds: number;
  /** A folder to write the gateway's CPU profile (of the measured stretch) and a heap snapshot (all subscriptions open) to. */
  profileDir?: string;
}

export interface DistinctUsersReport {
  users: number;
  projects: number;
  connections: number;
  subscriptions: number;
  seedSeconds: number;
  /** From the first socket opened to every subscription accepted. */
  subscribeSeconds: number;
  mutations: number;
  mutationsPerSecond: number;
  /** Mutations not sent because every task had one in flight: the subgraphs answer slower than the rate. */
  skipped: number;
  /** Mutations answered with an error (the first ten in mutationErrors): their changes may or may not have been made. */
  failed: number;
  mutationErrors: string[];
  deliveries: number;
  /** Results a subscriber should have had from the mutations sent and did not get, and results beyond those. */
  missed: number;
  extra: number;
  taskChanged: LatencySummary;
  notificationAdded: LatencySummary;
  /** Each mutation's round trip through the gateway, as its sender saw it. */
  mutationLatency: LatencySummary;
  subscriptionErrors: string[];
  /** CPU cores each process used while measuring (the services, and this benchmark's own clients). */
  cpuCores: Record<string, number>;
  gateway: {
    heapBeforeMiB: number;
    heapOpenMiB: number;
    heapKiBPerSubscription: number;
    rssBeforeMiB: number;
    rssOpenMiB: number;
    rssKiBPerSubscription: number;
    /** CPU cores the gateway used while measuring, and its CPU time per delivered result. */
    cpuCores: number;
    cpuMsPerDelivery: number;
  };
}

const MEMBERS = 5;
const TASKS_PER_PROJECT = 2;
/** Sockets opened at once: the next batch waits for the gateway to accept the last one's subscriptions. */
const OPEN_BATCH = 100;
/** How long the last results may take to come in once the mutations stop, before the rest count as missed. */
const DRAIN_MS = 30_000;
const MIB = 1024 * 1024;

const RENAME = 'mutation($t: ID!, $title: String!) { updateTask(id: $t, input: { title: $title }) { id } }';
const ASSIGN = 'mutation($t: ID!, $u: ID) { assignTask(id: $t, assigneeId: $u) { id } }';

interface TaskState {
  id: string;
  project: SeededProject;
  /** Index in the seed's users of the current assignee. */
  assignee: number;
  /** A mutation of it is in flight: the next one waits, so that an assignment always changes the assignee. */
  busy: boolean;
}

export async function runDistinctUsers(
  stack: ProcessStack,
  options: DistinctUsersOptions,
  progress: (message: string) => void,
): Promise<DistinctUsersReport> {
  const projects = Math.max(1, Math.floor(options.users / MEMBERS));
  const subscriptions = options.users * 2;
  const inspectorPort = await freePort();
  // Every user comes from this one address, and subscribes and mutates well past a person's budget.
  const gateway = await stack.startGateway(
    {
      RATE_LIMIT_PER_USER: '10000000',
      RATE_LIMIT_PER_ADDRESS: '10000000',
      WS_MAX_UNAUTHENTICATED_PER_ADDRESS: String(OPEN_BATCH * 2),
      // A batch of sockets all say connection_init at once: on a busy machine some wait their turn past the default 3 s.
      WS_CONNECTION_INIT_TIMEOUT_MS: '30000',
    },
    [inspectFlag(inspectorPort)],
  );
  const url = graphqlUrl(gateway);
  const inspector = await Inspector.connect(inspectorPort);
  try {
    const seedStarted = performance.now();
    const data = await seed(
      url,
      {
        users: options.users,
        projects,
        membersPerProject: MEMBERS,
        memberStride: MEMBERS,
        tasksPerProject: TASKS_PER_PROJECT,
        commentEvery: 1,
        commentsPerTask: 0,
        concurrency: { register: 6, write: 16 },
      },
      progress,
    );
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await settled(Object.values(stack.subgraphs));

    const heapBefore = await inspector.heapAfterGc();
    const rssBefore = (await gateway.sample()).rssMiB;
    const watch = new LiveWatch(url);
    const subscribeStarted = performance.now();
    const actors = actorsOf(data).filter((actor) => actor.projects.length);
    for (let i = 0; i < actors.length; i += OPEN_BATCH) {
      for (const actor of actors.slice(i, i + OPEN_BATCH)) watch.watch(actor);
      await eventually(
        async () => ((await gateway.metric('live_subscriptions_open')) ?? 0) >= watch.subscriptions || undefined,
        120_000,
        `${watch.subscriptions} subscriptions accepted`,
      ).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}; errors: ${watch.summary().errors.join('; ')}`);
      });
    }
    const subscribeSeconds = (performance.now() - subscribeStarted) / 1000;
    progress(`${watch.subscriptions} subscriptions on ${actors.length} WebSockets in ${subscribeSeconds.toFixed(0)} s`);
    const heapOpen = await inspector.heapAfterGc();
    const rssOpen = (await gateway.sample()).rssMiB;
    if (options.profileDir) {
      await mkdir(options.profileDir, { recursive: true });
      await inspector.heapSnapshot(path.join(options.profileDir, 'gateway-distinct-users.heapsnapshot'));
      await inspector.startCpuProfile();
    }

    const tasks: TaskState[] = data.projects.flatMap((project) =>
      project.taskIds.map((id, t) => ({ id, project, assignee: project.members[(t + 1) % project.members.length]!, busy: false })),
    );
    const expected = new Map<string, number>();
    const expect = (key: string) => expected.set(key, (expected.get(key) ?? 0) + 1);
    const errors: string[] = [];
    const mutationLatencies: number[] = [];
    let skipped = 0;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
    const idleTask = (): TaskState | undefined => {
      const start = Math.floor(Math.random() * tasks.length);
      for (let k = 0; k < tasks.length; k++) {
        const task = tasks[(start + k) % tasks.length]!;
        if (!task.busy) return task;
      }
      return undefined;
    };
    /** One change of a random idle task by one of its project's members: a rename, or an assignment to another member. */
    const mutate = async (n: number): Promise<void> => {
      const task = idleTask();
      if (!task) {
        skipped += 1;
        return;
      }
      task.busy = true;
      const { members } = task.project;
      const actor = pick(members);
      const assign = n % 2 === 1;
      const assignee = pick(members.filter((member) => member !== actor && member !== task.assignee));
      const token = data.users[actor]!.token;
      const sent = performance.now();
      const result = assign
        ? await graphql(url, ASSIGN, { t: task.id, u: data.users[assignee]!.id }, token)
        : await graphql(url, RENAME, { t: task.id, title: `Renamed ${n}` }, token);
      task.busy = false;
      mutationLatencies.push(performance.now() - sent);
      if (result.errors?.length || result.status !== 200)
        return void errors.push(result.errors?.map((error) => error.message).join('; ') ?? `HTTP ${result.status}`);
      for (const member of members) expect(`taskChanged ${data.users[member]!.id}`);
      if (assign) {
        task.assignee = assignee;
        expect(`notificationAdded ${data.users[assignee]!.id}`);
      }
    };

    watch.startRecording();
    const processes: [string, ServiceProcess][] = [['gateway', gateway], ...Object.entries(stack.subgraphs)];
    const cpuOf = async () => {
      const seconds = await Promise.all(processes.map(async ([, service]) => (await service.sample()).cpuSeconds));
      const own = process.cpuUsage();
      return [...seconds, (own.user + own.system) / 1e6];
    };
    const cpuAtStart = await cpuOf();
    const cpuBefore = cpuAtStart[0]!;
    const started = performance.now();
    const total = Math.round(options.rate * options.seconds);
    const sent: Promise<void>[] = [];
    // Open loop: each mutation goes out at its time, whether the earlier ones have been answered or not.
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / options.rate - performance.now();
      if (due > 0) await sleep(due);
      sent.push(mutate(n));
    }
    await Promise.all(sent);
    const sendSeconds = (performance.now() - started) / 1000;
    const wanted = [...expected.values()].reduce((sum, count) => sum + count, 0);
    const received = () => watch.deliveries().reduce((sum, watched) => sum + watched.deliveries, 0);
    await eventually(async () => (received() >= wanted ? true : undefined), DRAIN_MS, 'every delivery').catch(() => undefined);
    const cpuAtEnd = await cpuOf();
    const cpuSeconds = cpuAtEnd[0]! - cpuBefore;
    const wallSeconds = (performance.now() - started) / 1000;
    const cpuCores = Object.fromEntries(
      [...processes.map(([name]) => name), 'benchmark clients'].map((name, i) => [
        name,
        round((cpuAtEnd[i]! - cpuAtStart[i]!) / wallSeconds, 2),
      ]),
    );
    if (options.profileDir) await inspector.stopCpuProfile(path.join(options.profileDir, 'gateway-distinct-users.cpuprofile'));

    let missed = 0;
    let extra = 0;
    for (const watched of watch.deliveries()) {
      const should = expected.get(`${watched.kind} ${watched.userId}`) ?? 0;
      missed += Math.max(0, should - watched.deliveries);
      extra += Math.max(0, watched.deliveries - should);
    }
    const summary = watch.summary();
    await watch.close();
    const deliveries = received();
    return {
      users: options.users,
      projects,
      connections: summary.connections,
      subscriptions: summary.subscriptions,
      seedSeconds: round(seedSeconds, 0),
      subscribeSeconds: round(subscribeSeconds),
      mutations: total - skipped - errors.length,
      mutationsPerSecond: round((total - skipped - errors.length) / sendSeconds),
      skipped,
      failed: errors.length,
      mutationErrors: errors.slice(0, 10),
      deliveries,
      missed,
      extra,
      taskChanged: summary.taskChanged.latency,
      notificationAdded: summary.notificationAdded.latency,
      mutationLatency: summarize(mutationLatencies),
      subscriptionErrors: summary.errors,
      cpuCores,
      gateway: {
        heapBeforeMiB: round(heapBefore / MIB),
        heapOpenMiB: round(heapOpen / MIB),
        heapKiBPerSubscription: round((heapOpen - heapBefore) / 1024 / subscriptions, 2),
        rssBeforeMiB: round(rssBefore),
        rssOpenMiB: round(rssOpen),
        rssKiBPerSubscription: round(((rssOpen - rssBefore) * 1024) / subscriptions, 2),
        cpuCores: round(cpuSeconds / wallSeconds, 2),
        cpuMsPerDelivery: round((cpuSeconds * 1000) / Math.max(1, deliveries), 3),
      },
    };
  } finally {
    await inspector.close();
  }
}

/**
 * Waits until every durable consumer of the subgraphs has handled every event (twice in a row, a
 * moment apart): the notifications of seeding are all made before anything is counted.
 */
async function settled(services: ServiceProcess[]): Promise<void> {
  let quiet = 0;
  await eventually(
    async () => {
      const pending = await inParallel(services, services.length, (service) => service.metric('consumer_pending_events'));
      quiet = pending.every((count) => !count) ? quiet + 1 : 0;
      if (quiet < 2) await sleep(500);
      return quiet >= 2 || undefined;
    },
    300_000,
    'the subgraphs to handle every event of seeding',
  );
}

export function distinctUsersTable(report: DistinctUsersReport): string {
  const { gateway } = report;
  const latency = (name: string, summary: LatencySummary) =>
    `| ${name} | ${summary.count} | ${summary.p50} | ${summary.p95} | ${summary.p99} | ${summary.max} |`;
  return [
    `${report.users} users, ${report.projects} projects, ${report.subscriptions} subscriptions on ${report.connections} WebSockets (subscribed in ${report.subscribeSeconds} s); ${report.mutations} mutations at ${report.mutationsPerSecond}/s; seeded in ${report.seedSeconds} s`,
    '',
    '| subscription | deliveries | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    latency('taskChanged', report.taskChanged),
    latency('notificationAdded', report.notificationAdded),
    latency('(the mutations themselves)', report.mutationLatency),
    '',
    `Deliveries ${report.deliveries}, missed ${report.missed}, extra ${report.extra}; mutations skipped (every task busy) ${report.skipped}, failed ${report.failed}${report.failed ? ` (${report.mutationErrors.join('; ')})` : ''}, subscription errors ${report.subscriptionErrors.length}.`,
    '',
    '| gateway | before | all open | per subscription |',
    '|---|---:|---:|---:|',
    `| heap after GC | ${gateway.heapBeforeMiB} MiB | ${gateway.heapOpenMiB} MiB | ${gateway.heapKiBPerSubscription} KiB |`,
    `| RSS | ${gateway.rssBeforeMiB} MiB | ${gateway.rssOpenMiB} MiB | ${gateway.rssKiBPerSubscription} KiB |`,
    '',
    `Gateway CPU while measuring: ${gateway.cpuCores} cores, ${gateway.cpuMsPerDelivery} ms per delivery. CPU cores of every process meanwhile: ${Object.entries(
      report.cpuCores,
    )
      .map(([name, cores]) => `${name} ${cores}`)
      .join(', ')}.`,
  ].join('\n');
}

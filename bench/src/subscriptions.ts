/**
 * `npm run bench:subscriptions`: delivery latency of `taskChanged` to 1, 100 and 5,000
 * subscriptions of one user and the gateway memory each costs (subscription-bench.ts); then
 * each transport's latency side by side (transport-latency.ts), the distinct-users case
 * (distinct-users.ts) and the cost of a resume (resume-cost.ts). Every service runs as a process
 * of its own. Prints Markdown tables and writes bench/results/subscriptions.json.
 *
 * BENCH_SUBSCRIBERS (`1,100,5000`; empty leaves them out) are the sizes of the one-user case;
 * BENCH_TRANSPORT_EVENTS (50; 0 leaves it out) the events timed on each transport.
 * BENCH_LIVE_USERS (5000; 0 leaves it out), BENCH_LIVE_RATE (mutations/s, 50) and
 * BENCH_LIVE_SECONDS (60) size the distinct-users case; BENCH_RESUME_EVENTS (1000) the resume.
 * BENCH_PROFILE=<folder> writes the gateway's CPU profile and a heap snapshot of the
 * distinct-users case there; BENCH_CPU_PROF=<folder> every subgraph's CPU profile of the whole
 * run (profile.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DistinctUsersReport, distinctUsersTable, runDistinctUsers } from './distinct-users.js';
import { graphqlData } from './graphql-http.js';
import { graphqlUrl, startProcessStack } from './process-stack.js';
import { profileFlags } from './profile.js';
import { measureResume, type ResumeCost } from './resume-cost.js';
import { register } from './seed.js';
import { runSubscriptionBenchmark, subscriptionTable } from './subscription-bench.js';
import { measureTransports, type TransportLatency, transportTable } from './transport-latency.js';

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${process.env[name]}`);
  return value;
};
const sizes = (process.env.BENCH_SUBSCRIBERS ?? '1,100,5000')
  .split(',')
  .filter(Boolean)
  .map((size) => {
    const value = Number(size);
    if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_SUBSCRIBERS must list whole numbers, not ${size}`);
    return value;
  });
const users = setting('BENCH_LIVE_USERS', 5000);
const rate = setting('BENCH_LIVE_RATE', 50);
const seconds = setting('BENCH_LIVE_SECONDS', 60);
const resumeEvents = setting('BENCH_RESUME_EVENTS', 1000);
const transportEvents = setting('BENCH_TRANSPORT_EVENTS', 50);
const profileDir = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : undefined;
const began = Date.now();
const log = (message: string) => console.log(`[${((Date.now() - began) / 1000).toFixed(0)} s] ${message}`);

// Seeding adds thousands of members at once: a mutation that changes rights may wait longer for every service to apply it.
const stack = await startProcessStack({ RIGHTS_WAIT_MS: '60000' }, { subgraphFlags: profileFlags });
let rows: Awaited<ReturnType<typeof runSubscriptionBenchmark>>;
let distinct: DistinctUsersReport | null = null;
let resume: ResumeCost | null = null;
let transports: TransportLatency | null = null;
try {
  rows = await runSubscriptionBenchmark(log, stack, sizes);
  if (transportEvents) {
    transports = await measureTransports(stack, transportEvents);
    log(`transports: ${JSON.stringify(transports)}`);
  }
  if (users) {
    log(`distinct users: ${users} users, ${rate} mutations/s for ${seconds} s`);
    distinct = await runDistinctUsers(stack, { users, rate, seconds, ...(profileDir ? { profileDir } : {}) }, log);
    log(`distinct users: ${JSON.stringify(distinct)}`);
  }
  if (resumeEvents) {
    const gateway = await stack.startGateway({ RATE_LIMIT_PER_USER: '10000000', RATE_LIMIT_PER_ADDRESS: '10000000' });
    const url = graphqlUrl(gateway);
    const user = await register(url, 'Resumer');
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => graphqlData<T>(url, query, variables, user.token);
    const { createProject } = await call<{ createProject: { id: string } }>('mutation { createProject(input: { name: "Resume" }) { id } }');
    const { createTask } = await call<{ createTask: { id: string } }>(
      'mutation($p: ID!) { createTask(input: { projectId: $p, title: "resumed", assigneeId: null }) { id } }',
      { p: createProject.id },
    );
    resume = await measureResume(url, user, createProject.id, createTask.id, resumeEvents);
    log(`resume: ${JSON.stringify(resume)}`);
  }
} finally {
  await stack.stop();
}

const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
console.log(`\nSubscription delivery, one user (${machine})\n`);
console.log(subscriptionTable(rows));
if (transports) console.log(`\nEach transport, one subscriber each, the same events\n\n${transportTable(transports)}`);
if (distinct) console.log(`\nDistinct users\n\n${distinctUsersTable(distinct)}`);
if (resume)
  console.log(
    `\nResume: ${resume.events} missed events replayed to one subscriber in ${resume.totalMs} ms (${resume.perEventMs} ms per event, first after ${resume.firstMs} ms)${resume.exact ? '' : ', NOT exactly the missed events'}`,
  );
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('../../results/subscriptions.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, transports, distinct, resume }, null, 2),
);
const failed = (distinct && (distinct.missed || distinct.extra || distinct.mutationErrors.length)) || (resume && !resume.exact);
process.exit(failed ? 1 : 0);

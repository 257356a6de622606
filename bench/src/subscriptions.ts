/**
 * `npm run bench:subscriptions`: delivery latency of `taskChanged` to 1, 100 and 5,000
 * subscribers and the gateway memory each costs (see subscription-bench.ts). Every service
 * runs as a process of its own. Prints a Markdown table and writes bench/results/subscriptions.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { runSubscriptionBenchmark, subscriptionTable } from './subscription-bench.js';

const rows = await runSubscriptionBenchmark((message) => console.log(message));
console.log(`\nSubscription delivery (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version})\n`);
console.log(subscriptionTable(rows));
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('../../results/subscriptions.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2),
);
process.exit(0);

/**
 * `npm test`: runs every compiled test file of every workspace with Node's test runner.
 * Each test file starts what it needs against the Postgres and NATS given by the
 * environment (PG*, NATS_URL; defaults 127.0.0.1), in databases and streams of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './services.js';

/** The root package.json's workspace patterns (`dir` or `dir/*`), expanded to folders. */
const patterns = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
const workspaces = patterns
  .flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(path.join(repoRoot, pattern.slice(0, -2))).map((name) => path.join(pattern.slice(0, -2), name))
      : [pattern],
  )
  .map((dir) => path.join(repoRoot, dir, 'dist'))
  .filter(existsSync);

const files = workspaces
  .flatMap((dist) => readdirSync(dist, { recursive: true, encoding: 'utf8' }).map((file) => path.join(dist, file)))
  .filter((file) => file.endsWith('.test.js') && !file.includes(`${path.sep}node_modules${path.sep}`))
  .sort();

const filter = process.argv[2];
const selected = filter ? files.filter((file) => file.includes(filter)) : files;
if (!selected.length) {
  console.error(filter ? `no test file matches "${filter}"` : 'no compiled test files found: run `npm run build`');
  process.exit(1);
}
/**
 * Node 20's --test-timeout bounds each test file's whole run, not each test, and a test's own
 * `timeout` cannot lift it (later Node versions apply it per test). So it is sized on the slowest
 * file on a loaded machine (the quick start on a clean clone: 4 to 8 minutes of install, build and
 * start), and it stops a file whose process never exits.
 */
const FILE_TIMEOUT_MS = 15 * 60_000;
/**
 * Two files at a time (Node's default on two cores is one): a file spends most of its time
 * waiting on processes that start, on events that travel and on Chromium, and each file has its
 * own databases, streams and ports, so two share the machine without sharing state. On this
 * machine's two cores the whole run went from 19.8 to 13 minutes.
 */
const FILES_AT_ONCE = 2;

const result = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${FILES_AT_ONCE}`, `--test-timeout=${FILE_TIMEOUT_MS}`, ...selected],
  {
    stdio: 'inherit',
    cwd: repoRoot,
  },
);
process.exit(result.status ?? 1);

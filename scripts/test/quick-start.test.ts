import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { databaseClient } from '@taskgraph/kit/testing';
import { acceptsConnections } from '../src/probes.js';
import { gateway, repoRoot, services } from '../src/services.js';

/** The commands of README's quick start: the lines of its first shell block, comments dropped. */
async function quickStartCommands(): Promise<string[]> {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(section ?? '')?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

async function graphql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: T }> {
  const response = await fetch(`http://127.0.0.1:${gateway.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T };
}

describe('the quick start, as a newcomer runs it', () => {
  const prefix = `qs${randomBytes(4).toString('hex')}`;
  let clone = '';
  after(async () => {
    const client = databaseClient(process.env, 'postgres');
    await client.connect();
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [
      `${prefix}_`,
    ]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    await client.end();
    if (clone) await rm(clone, { recursive: true, force: true });
  });

  // A clean clone installs some 1,200 packages before it builds: minutes on a loaded machine.
  it('is two commands, and the first brings up a working supergraph on a clean clone and stops it on Ctrl-C', {
    timeout: 600_000,
  }, async (t) => {
    assert.deepEqual(await quickStartCommands(), ['npm start', 'npm test']);
    for (const service of services)
      assert.equal(await acceptsConnections('127.0.0.1', service.port), false, `port ${service.port} is free`);

    clone = await mkdtemp(path.join(os.tmpdir(), 'taskgraph-clone-'));
    execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
    const start = spawn('npm', ['start'], {
      cwd: clone,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_PREFIX: prefix,
        EVENTS_STREAM: prefix.toUpperCase(),
        EVENTS_SUBJECT_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      },
    });
    let output = '';
    start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<string>((resolve) => start.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));

    try {
      await Promise.race([
        (async () => {
          while (!output.includes('Supergraph ready')) {
            // Out of time, the wait ends, so that the finally below still stops what npm start began.
            t.signal.throwIfAborted();
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        })(),
        exited.then((how) => assert.fail(`npm start ended (${how}) before it was ready:\n${output.slice(-3000)}`)),
      ]);

      const email = `newcomer.${prefix}@example.com`;
      const registered = await graphql<{ register: { accessToken: string; user: { displayName: string } } }>(
        'mutation($i: RegisterInput!) { register(input: $i) { accessToken user { displayName } } }',
        { i: { email, password: 'correct horse battery', displayName: 'Newcomer' } },
      );
      assert.equal(registered.data?.register.user.displayName, 'Newcomer', JSON.stringify(registered));
      const me = await graphql<{ me: unknown }>('{ me { email displayName } }', {}, registered.data?.register.accessToken);
      assert.deepEqual(me.data?.me, { email, displayName: 'Newcomer' });

      assert.match(output, /Web app: http:\/\/localhost:3000/, 'the banner shows the web app');
      const app = await fetch('http://127.0.0.1:3000/projects/some-id');
      assert.match(await app.text(), /<div id="root">/, 'the app routes its own paths');
      const config = await (await fetch('http://127.0.0.1:3000/config.js')).text();
      assert.ok(config.includes(`"http://localhost:${gateway.port}/graphql"`), config);
    } finally {
      if (start.exitCode === null) process.kill(-start.pid!, 'SIGINT');
    }
    // npm passes Ctrl-C on to the start script and then ends by the same signal.
    assert.match(await exited, /^(exit 0|SIGINT)$/, output.slice(-3000));
    assert.match(output, /Stopped\.\s*$/, 'the start script stopped everything it started');
    for (const service of services) assert.equal(await acceptsConnections('127.0.0.1', service.port), false, `${service.name} stopped`);
    assert.equal(await acceptsConnections('127.0.0.1', 3000), false, 'the web app stopped');
  });
});

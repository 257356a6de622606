/**
 * Test support: every test run gets databases, a JetStream stream and subjects of its own,
 * named after a run id, and removes them afterwards, so runs never collide.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import pg from 'pg';
import type { Env } from './settings.js';

export interface TestEnvironment {
  runId: string;
  env: Env;
  /** Drops the run's databases and stream and deletes its files. */
  cleanup(): Promise<void>;
}

export async function createTestEnvironment(overrides: Env = {}): Promise<TestEnvironment> {
  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `${runId}-`));
  const env: Env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_PREFIX: runId,
    EVENTS_STREAM: runId.toUpperCase(),
    EVENTS_SUBJECT_PREFIX: runId,
    EVENTS_RETRY_BACKOFF_MS: '50,100,200',
    // Every request of a test comes from one address: budgets are tested where they are the subject.
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    DATA_DIR: dataDir,
    ...overrides,
  };
  return {
    runId,
    env,
    async cleanup() {
      await dropDatabases(env, `${runId}_`);
      await deleteStream(env.NATS_URL ?? 'nats://127.0.0.1:4222', env.EVENTS_STREAM!);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function databaseClient(env: Env, database: string): pg.Client {
  return new pg.Client({
    host: env.PGHOST ?? '127.0.0.1',
    port: Number(env.PGPORT ?? 5432),
    user: env.PGUSER ?? 'postgres',
    password: env.PGPASSWORD,
    database,
  });
}

/** Runs one query against a database of the run, e.g. to check that a refused call changed nothing. */
export async function queryDatabase<T extends pg.QueryResultRow>(
  env: Env,
  subgraph: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = databaseClient(env, `${env.DATABASE_PREFIX}_${subgraph}`);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function dropDatabases(env: Env, prefix: string): Promise<void> {
  const client = databaseClient(env, 'postgres');
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url.split(',') });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Polls until `probe` returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Test support: every test run gets databases, a JetStream stream and subjects of its own,
 * named after a run id, and removes them afterwards, so runs never collide.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
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

const newRunId = (): string => `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** The names of a run's own databases, stream and subjects, for its run id. */
const runNames = (runId: string): Env => ({
  DATABASE_PREFIX: runId,
  EVENTS_STREAM: runId.toUpperCase(),
  EVENTS_SUBJECT_PREFIX: runId,
});

const environment = (runId: string, env: Env): TestEnvironment => ({
  runId,
  env,
  async cleanup() {
    await dropDatabases(env, `${runId}_`);
    await deleteStream(env.NATS_URL ?? 'nats://127.0.0.1:4222', env.EVENTS_STREAM!);
    await rm(env.DATA_DIR!, { recursive: true, force: true });
  },
});

export async function createTestEnvironment(overrides: Env = {}): Promise<TestEnvironment> {
  const runId = newRunId();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `${runId}-`));
  const env: Env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    ...runNames(runId),
    EVENTS_RETRY_BACKOFF_MS: '50,100,200',
    // Every request of a test comes from one address: budgets are tested where they are the subject.
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    DATA_DIR: dataDir,
    ...overrides,
  };
  return environment(runId, env);
}

/**
 * A second run over a copy of another's databases (which nothing may be connected to while
 * they are copied) and files, with a stream and subjects of its own: two builds can then serve
 * the same data side by side, the same tokens included, as the signing keys are copied too.
 */
export async function copyTestEnvironment(source: TestEnvironment): Promise<TestEnvironment> {
  const runId = newRunId();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `${runId}-`));
  await cp(source.env.DATA_DIR!, dataDir, { recursive: true });
  const env: Env = { ...source.env, ...runNames(runId), DATA_DIR: dataDir };
  const client = databaseClient(env, 'postgres');
  await client.connect();
  try {
    const sourcePrefix = `${source.runId}_`;
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [
      sourcePrefix,
    ]);
    for (const { datname } of rows)
      await client.query(`create database "${runId}_${datname.slice(sourcePrefix.length)}" template "${datname}"`);
  } finally {
    await client.end();
  }
  return environment(runId, env);
}

/** A client of one database of the Postgres the environment names (PG*, defaults 127.0.0.1 and `postgres`), not yet connected. */
export function databaseClient(env: Env, database: string): pg.Client {
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

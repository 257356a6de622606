import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type pg from 'pg';
import { copyTestEnvironment, createTestEnvironment, databaseClient, queryDatabase, type TestEnvironment } from '../src/testing.js';

const admin = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => {
  const client = databaseClient(process.env, 'postgres');
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
};

const databasesOf = async (environment: TestEnvironment): Promise<string[]> =>
  (
    await admin<{ datname: string }>('select datname from pg_database where starts_with(datname, $1) order by datname', [
      `${environment.runId}_`,
    ])
  ).map((row) => row.datname);

describe('a copy of a test environment', () => {
  const made: TestEnvironment[] = [];
  after(async () => {
    for (const environment of made) await environment.cleanup();
  });

  it('has the databases and files of the original under names of its own, and is dropped apart from it', async () => {
    const source = await createTestEnvironment();
    made.push(source);
    await admin(`create database "${source.runId}_tasks"`);
    await queryDatabase(source.env, 'tasks', 'create table seeded (title text)');
    await queryDatabase(source.env, 'tasks', "insert into seeded values ('first')");
    await mkdir(path.join(source.env.DATA_DIR!, 'accounts'));
    await writeFile(path.join(source.env.DATA_DIR!, 'accounts', 'signing-keys.json'), '[]');

    const copy = await copyTestEnvironment(source);
    made.push(copy);
    assert.notEqual(copy.runId, source.runId);
    assert.notEqual(copy.env.EVENTS_STREAM, source.env.EVENTS_STREAM);
    assert.notEqual(copy.env.DATA_DIR, source.env.DATA_DIR);
    assert.deepEqual(await databasesOf(copy), [`${copy.runId}_tasks`]);
    assert.deepEqual(await queryDatabase(copy.env, 'tasks', 'select title from seeded'), [{ title: 'first' }]);
    assert.equal(await readFile(path.join(copy.env.DATA_DIR!, 'accounts', 'signing-keys.json'), 'utf8'), '[]');

    // A write to the copy leaves the original as it was.
    await queryDatabase(copy.env, 'tasks', "insert into seeded values ('second')");
    assert.deepEqual(await queryDatabase(source.env, 'tasks', 'select title from seeded'), [{ title: 'first' }]);

    await copy.cleanup();
    assert.deepEqual(await databasesOf(copy), []);
    assert.deepEqual(await databasesOf(source), [`${source.runId}_tasks`]);
  });
});

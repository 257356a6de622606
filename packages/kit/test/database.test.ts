import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { databaseSettings, ormOptions, readSettings } from '../src/index.js';

const definition = { name: 'example', entities: [], migrations: new URL('file:///migrations/') };
const sslOf = (value?: string) => {
  const options = ormOptions(readSettings(databaseSettings, value ? { DATABASE_SSL: value } : {}), definition);
  return (options.driverOptions as { connection?: { ssl?: unknown } }).connection?.ssl;
};

describe('the database connection', () => {
  it('uses TLS as DATABASE_SSL says: off by default, encrypted with require, checked with verify', () => {
    assert.equal(sslOf(), undefined);
    assert.deepEqual(sslOf('require'), { rejectUnauthorized: false });
    assert.deepEqual(sslOf('verify'), { rejectUnauthorized: true });
    assert.throws(() => sslOf('maybe'), /DATABASE_SSL/);
  });
});

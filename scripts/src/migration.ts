/**
 * `npm run migration:create -- <subgraph>`: writes the migration that brings the subgraph's
 * database from its committed migrations to its current entities, into src/migrations.
 * It works in a scratch database, created and dropped here.
 */
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { databaseSettings, ormOptions, readSettings } from '@taskgraph/kit';
import { repoRoot } from './services.js';
import { loadSubgraphDefinition, subgraphNames } from './subgraph-definitions.js';

const name = process.argv[2];
if (!name || !subgraphNames().includes(name)) {
  console.error(`usage: npm run migration:create -- <${subgraphNames().join('|')}>`);
  process.exit(2);
}

const definition = await loadSubgraphDefinition(name);
const settings = readSettings(databaseSettings, { ...process.env, DATABASE_URL: undefined, DATABASE_PREFIX: `migration_${Date.now()}` });
const orm = await MikroORM.init(ormOptions(settings, definition));
try {
  await orm.schema.ensureDatabase();
  await orm.migrator.up();
  const result = await orm.migrator.createMigration(path.join(repoRoot, 'subgraphs', name, 'src', 'migrations'));
  console.log(result.diff.up.length ? `wrote ${result.fileName}` : 'entities match the migrations: nothing to write');
} finally {
  await orm.schema.dropDatabase();
  await orm.close();
}

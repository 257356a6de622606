import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { OutboxEvent } from './events/outbox-event.js';
import { ProcessedEvent } from './events/processed-event.js';
import type { Logger } from './logger.js';
import type { databaseSettings } from './settings.js';

export type DatabaseSettings = z.infer<z.ZodObject<typeof databaseSettings>>;

export interface DatabaseDefinition {
  /** The subgraph's name; its database is `<DATABASE_PREFIX>_<name>`. */
  name: string;
  entities: Function[];
  /** Folder of the compiled migrations. */
  migrations: URL;
}

export function databaseName(settings: DatabaseSettings, subgraph: string): string {
  return settings.DATABASE_URL ? new URL(settings.DATABASE_URL).pathname.slice(1) : `${settings.DATABASE_PREFIX}_${subgraph}`;
}

export function ormOptions(settings: DatabaseSettings, definition: DatabaseDefinition, logger?: Logger): Options {
  const connection = settings.DATABASE_URL
    ? { clientUrl: settings.DATABASE_URL }
    : { host: settings.PGHOST, port: settings.PGPORT, user: settings.PGUSER, password: settings.PGPASSWORD };
  return {
    driver: PostgreSqlDriver,
    ...connection,
    dbName: databaseName(settings, definition.name),
    entities: [...definition.entities, OutboxEvent, ProcessedEvent],
    extensions: [Migrator],
    migrations: {
      path: definition.migrations.pathname,
      glob: '!(*.d).js',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    // Every request and event handler forks its own EntityManager; the global one is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: settings.DATABASE_POOL_MAX },
    driverOptions: {
      ...(settings.DATABASE_SSL === 'disable' ? {} : { connection: { ssl: { rejectUnauthorized: settings.DATABASE_SSL === 'verify' } } }),
      // Knex's own warnings (a dropped connection) go to the service's log, not to the console.
      ...(logger
        ? {
            log: {
              warn: (message: string) => logger.warn(message),
              error: (message: string) => logger.error(message),
              deprecate: () => undefined,
              debug: () => undefined,
            },
          }
        : {}),
    },
    ...(logger?.isLevelEnabled('trace')
      ? {
          debug: ['query'],
          logger: (message: string) => logger.trace({ sql: message }, 'sql'),
        }
      : {}),
  };
}

/** Connects, creates the database if it is missing, and applies pending migrations. */
export async function openDatabase(settings: DatabaseSettings, definition: DatabaseDefinition, logger: Logger): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(settings, definition, logger));
  await orm.schema.ensureDatabase();
  const applied = await orm.migrator.up();
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  return orm;
}

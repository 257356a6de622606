import { z } from 'zod';
import { jwksUrl, localOrigin, subgraphServices } from './services.js';
import { tracingSettings } from './tracing.js';

export type Env = Record<string, string | undefined>;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Reads and validates settings from environment variables; every problem is reported at once. */
export function readSettings<T extends z.ZodRawShape>(shape: T, env: Env = process.env): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) throw settingsError(result.error.issues);
  return result.data;
}

/**
 * Reads a shared shape and a service's own together, every problem of both reported at once;
 * read apart, each keeps its own type (a merged generic shape would not).
 */
export function readSettingsOf<B extends z.ZodRawShape, O extends z.ZodRawShape>(
  base: B,
  own: O,
  env: Env,
): z.infer<z.ZodObject<B>> & z.infer<z.ZodObject<O>> {
  const shared = z.object(base).safeParse(env);
  const extra = z.object(own).safeParse(env);
  if (!shared.success || !extra.success) throw settingsError([...(shared.error?.issues ?? []), ...(extra.error?.issues ?? [])]);
  return { ...shared.data, ...extra.data };
}

function settingsError(issues: z.core.$ZodIssue[]): SettingsError {
  const lines = issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  return new SettingsError(`Invalid configuration:\n${lines.join('\n')}`);
}

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const settingTypes = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  flag: (fallback: boolean) => flag.default(fallback),
  /** A flag whose default depends on other settings: undefined when not set. */
  optionalFlag: () => flag.optional(),
  seconds: (fallback: number) => z.coerce.number().positive().default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  list: (fallback: string[]) =>
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .default(fallback),
};

/** What every service reads: run mode, logging and tracing. */
export const commonSettings = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  ...tracingSettings,
};

/** How access tokens are checked, by the gateway and by every subgraph. */
export const authSettings = {
  AUTH_ISSUER: z.string().min(1).default('taskgraph'),
  AUTH_AUDIENCE: z.string().min(1).default('taskgraph'),
  AUTH_JWKS_URL: z.url().default(jwksUrl(localOrigin(subgraphServices.accounts.port))),
};

export const databaseSettings = {
  /** A full connection URL wins over the PG* parts. */
  DATABASE_URL: z.url().optional(),
  PGHOST: z.string().default('127.0.0.1'),
  PGPORT: z.coerce.number().int().positive().default(5432),
  PGUSER: z.string().default('postgres'),
  PGPASSWORD: z.string().optional(),
  /** Each subgraph's database is named `<prefix>_<subgraph>` unless DATABASE_URL names one. */
  DATABASE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .default('taskgraph'),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  /**
   * TLS to Postgres: `disable`; `require` (encrypted, the server's certificate not checked);
   * `verify` (checked against the system's CAs and NODE_EXTRA_CA_CERTS, as managed Postgres needs).
   */
  DATABASE_SSL: z.enum(['disable', 'require', 'verify']).default('disable'),
};

export const eventSettings = {
  /** NATS server URLs, comma-separated: the members of a cluster, any of which the connection may use. */
  NATS_URL: settingTypes.list(['nats://127.0.0.1:4222']),
  EVENTS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('EVENTS'),
  EVENTS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('events'),
  /** Copies of the stream kept by a NATS cluster (1, 3 or 5): with 3, losing one server loses nothing. */
  EVENTS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /**
   * Deliveries of one event to a consumer before it goes to the dead-letter subject; with the
   * default delays, about six minutes of failing (a database failover) before an event is parked.
   */
  EVENTS_MAX_DELIVER: z.coerce.number().int().min(1).default(10),
  /** Redelivery delays in milliseconds, one per retry; the last repeats. */
  EVENTS_RETRY_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .transform((value) => value.split(',').map(Number))
    .default([1000, 5000, 15000, 30000, 60000]),
};

export type EventSettings = z.infer<z.ZodObject<typeof eventSettings>>;

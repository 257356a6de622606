import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Failure, say, warn } from './output.js';
import { acceptsConnections } from './probes.js';
import { type Children, waitUntilReady } from './processes.js';
import { repoRoot } from './services.js';

/** The PG* variables the services get; empty when the user's own environment already says where Postgres is. */
export type PostgresEnv = Record<string, string>;

interface Connection {
  host: string;
  port: number;
  user: string;
  password?: string | undefined;
}

const serverScript = fileURLToPath(new URL('./postgres-server.js', import.meta.url));

/** Finds the Postgres the services should use: the one the environment names, one running locally, or an embedded one we start. */
export async function providePostgres(children: Children, signal: AbortSignal): Promise<PostgresEnv> {
  const { DATABASE_URL, PGHOST, PGPORT, PGUSER, PGPASSWORD } = process.env;
  if (DATABASE_URL) {
    await expectReachable({ connectionString: DATABASE_URL }, 'DATABASE_URL');
    say('Postgres: using DATABASE_URL.');
    warn(
      'DATABASE_URL names a single database, so every subgraph will share it. To give each subgraph its own database, ' +
        'unset DATABASE_URL and set PGHOST, PGPORT, PGUSER and PGPASSWORD instead.',
    );
    return {};
  }
  const given: Connection = { host: PGHOST ?? '127.0.0.1', port: Number(PGPORT ?? 5432), user: PGUSER ?? 'postgres', password: PGPASSWORD };
  if (PGHOST) {
    await expectReachable(given, 'PGHOST');
    say(`Postgres: using ${describe(given)} (from PGHOST).`);
    return {};
  }
  const problem = await connectionProblem(given);
  if (!problem) {
    say(`Postgres: using the server at ${describe(given)}.`);
    return connectionEnv(given);
  }
  if (isConnectionRefused(problem)) say(`No Postgres at ${given.host}:${given.port}.`);
  else say(`The Postgres at ${describe(given)} did not let us in (${problem.message}); set PGUSER and PGPASSWORD to use it.`);
  return startEmbedded(children, signal);
}

async function startEmbedded(children: Children, signal: AbortSignal): Promise<PostgresEnv> {
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 5433);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Failure(`EMBEDDED_PG_PORT must be a port number, not "${process.env.EMBEDDED_PG_PORT}".`);
  const connection: Connection = { host: '127.0.0.1', port, user: 'postgres', password: 'postgres' };
  if (await acceptsConnections(connection.host, port)) {
    throw new Failure(`Port ${port} is taken, so the embedded Postgres cannot use it. Free it, or set EMBEDDED_PG_PORT to another port.`);
  }
  const dataDir = path.join(repoRoot, '.data', 'postgres');
  const firstTime = !existsSync(path.join(dataDir, 'PG_VERSION'));
  say(
    `Starting an embedded Postgres on port ${port}, data in .data/postgres${firstTime ? ' (creating it the first time takes a moment)' : ''}…`,
  );
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const env = connectionEnv(connection);
  const server = children.spawn({
    name: 'postgres',
    command: process.execPath,
    args: [serverScript, dataDir],
    cwd: repoRoot,
    env: { ...process.env, ...env },
    group: 'postgres',
    echo: false,
    ipc: true,
  });
  let ready = false;
  server.child.once('message', () => (ready = true));
  await waitUntilReady(server, () => ready, { timeoutMs: 120_000, signal });
  say(`Postgres: embedded, at ${describe(connection)}, password postgres.`);
  return env;
}

async function expectReachable(config: pg.ClientConfig, source: string): Promise<void> {
  const problem = await connectionProblem(config);
  if (problem)
    throw new Failure(
      `Cannot connect to the Postgres that ${source} points at: ${problem.message}. Fix it, or unset ${source} to let npm start find or start a Postgres.`,
    );
}

async function connectionProblem(config: pg.ClientConfig): Promise<Error | undefined> {
  const client = new pg.Client({ database: 'postgres', ...config, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    // The services create their own databases, so one that doesn't exist yet is fine.
    if (hasCode(error, '3D000')) return undefined;
    return error instanceof Error ? error : new Error(String(error));
  }
  await client.end();
  return undefined;
}

function connectionEnv({ host, port, user, password }: Connection): PostgresEnv {
  return { PGHOST: host, PGPORT: String(port), PGUSER: user, ...(password === undefined ? {} : { PGPASSWORD: password }) };
}

const describe = ({ host, port, user }: Connection): string => `${host}:${port} as user ${user}`;

const hasCode = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === code;

const isConnectionRefused = (error: Error): boolean => hasCode(error, 'ECONNREFUSED');

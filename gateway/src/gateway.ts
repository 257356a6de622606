import http from 'node:http';
import { readFile } from 'node:fs/promises';
import cors from 'cors';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import {
  EventBus, Metrics, buildFederatedSchema, drain, flushTracing, serviceTracer, startTracing, createApp, createErrorFormatter, createLogger, createTokenVerifier, listen, readSettings, requestErrors, stopOnSignals, type Env, type Logger, type ReadinessCheck,
} from '@taskgraph/kit';
import { createContext, type GatewayContext } from './context.js';
import type CircuitBreaker from 'opossum';
import { SubgraphDataSource } from './data-source.js';
import { subgraphFetcher } from './subgraph-fetcher.js';
import { projectAuthorizer } from './live/authorize.js';
import { LiveEvents } from './live/events.js';
import { LiveExecutor } from './live/executor.js';
import { LIVE_SUBGRAPH, liveSchema } from './live/schema.js';
import { startLiveServer } from './live/server.js';
import { subgraphFetchHistogram } from './observability.js';
import { operationProtections } from './protections.js';
import { RateLimits } from './rate-limits.js';
import { SubgraphHealth } from './subgraph-health.js';
import { gatewaySettings, subgraphUrl } from './settings.js';

export interface RunningGateway {
  port: number;
  url: string;
  logger: Logger;
  live: { events: LiveEvents };
  stop(): Promise<void>;
}

/** Nothing reaches the `live` pseudo-subgraph over HTTP: its fields are subscriptions, served over WebSocket. */
const liveOnly: GraphQLDataSource = {
  process: async () => ({ errors: [new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) at this URL')] }),
};

export async function startGateway(env: Env = process.env): Promise<RunningGateway> {
  const settings = readSettings(gatewaySettings, env);
  startTracing('gateway', settings);
  // @apollo/gateway reads only this variable to decide whether to report to Apollo.
  if (!settings.APOLLO_TELEMETRY_ENABLED) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const logger = createLogger('gateway', settings.LOG_LEVEL);
  const production = settings.NODE_ENV === 'production';
  const sandbox = settings.SANDBOX_ENABLED ?? !production;
  const verify = createTokenVerifier({ issuer: settings.AUTH_ISSUER, audience: settings.AUTH_AUDIENCE, keys: new URL(settings.AUTH_JWKS_URL) });

  const supergraphSdl = await readFile(settings.SUPERGRAPH_PATH, 'utf8');
  const metrics = new Metrics('gateway');
  const fetchSeconds = subgraphFetchHistogram(metrics);
  const protections = operationProtections(settings, production);
  const rateLimits = new RateLimits(settings);
  const dataSources: Record<string, GraphQLDataSource> = {};
  const circuits = new Map<string, CircuitBreaker>();
  const retry = { retries: settings.SUBGRAPH_RETRIES, delayMs: settings.SUBGRAPH_RETRY_DELAY_MS };
  const health = new SubgraphHealth(settings.SUBGRAPH_HEALTH_INTERVAL_MS, logger);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      if (name === LIVE_SUBGRAPH) return (dataSources[name] = liveOnly);
      const { fetcher, circuit } = subgraphFetcher({
        timeoutMs: settings.SUBGRAPH_TIMEOUT_MS,
        breaker: { errorThresholdPercentage: settings.CIRCUIT_ERROR_PERCENT, volumeThreshold: settings.CIRCUIT_MIN_CALLS, resetMs: settings.CIRCUIT_RESET_MS },
        observe: (outcome, seconds) => fetchSeconds.observe({ subgraph: name, outcome }, seconds),
      });
      circuits.set(name, circuit);
      const target = subgraphUrl(env, name, url);
      if (target) health.watch(name, target);
      return (dataSources[name] = new SubgraphDataSource(name, retry, { url: target, fetcher }));
    },
    logger,
  });
  const bus = EventBus.fromSettings(settings, 'gateway', logger, metrics);

  let stopping = false;
  let stopped: Promise<void> | null = null;
  let loaded = false;
  const readiness: ReadinessCheck[] = [
    { name: 'supergraph', check: () => loaded },
    // Without NATS only live subscriptions stop: queries and mutations are still served.
    { name: 'nats', check: () => bus.isConnected, degradesOnly: true },
  ];
  const app = createApp(serviceTracer('gateway'), settings.TRUST_PROXY, readiness, () => stopping);
  const httpServer = http.createServer(app);
  // Signals are handled once per process (stopOnSignals), which stops Apollo in its turn.
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: settings.INTROSPECTION_ENABLED ?? !production,
    formatError: createErrorFormatter(logger, production, 'gateway'),
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: protections.validationRules,
    parseOptions: protections.parseOptions,
    plugins: [
      ...protections.plugins,
      metrics.plugin<GatewayContext>(logger),
      sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  loaded = true;
  // The subgraphs are known once the supergraph is loaded.
  const subgraphUp = (name: string) => health.isReady(name) && !circuits.get(name)?.opened;
  readiness.push(...health.names.map((name) => ({ name: `subgraph ${name}`, check: () => subgraphUp(name), degradesOnly: true })));
  health.job.start();

  const router = express.Router();
  metrics.route(router);
  app.use(router);

  const origins = settings.CORS_ORIGINS.length ? settings.CORS_ORIGINS : production ? [] : ['*'];
  app.use(
    '/graphql',
    cors({ origin: origins.includes('*') ? true : origins, exposedHeaders: ['x-request-id'] }),
    express.json({ limit: settings.REQUEST_BODY_LIMIT }),
    expressMiddleware(apollo, { context: ({ req }) => createContext(req, verify, rateLimits) }),
  );
  app.use(requestErrors);

  const events = new LiveEvents(bus, logger);
  const live = startLiveServer({
    httpServer,
    executor: new LiveExecutor(supergraphSdl, await buildFederatedSchema(liveSchema), dataSources, logger),
    events,
    verify,
    authorizeProject: projectAuthorizer(apollo),
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
    logger,
  });

  metrics.labelledGauge('subgraph_circuit_open', 'Whether calls to a subgraph are suspended (1) after repeated failures', ['subgraph'], async () =>
    [...circuits].map(([subgraph, circuit]) => [{ subgraph }, circuit.opened ? 1 : 0]),
  );
  metrics.labelledGauge('subgraph_up', 'Whether a subgraph is ready (1) by its readiness endpoint and circuit', ['subgraph'], async () =>
    health.names.map((subgraph) => [{ subgraph }, subgraphUp(subgraph) ? 1 : 0]),
  );
  metrics.gauge('live_connections_open', 'Open WebSocket connections', () => live.connections());
  metrics.gauge('live_subscriptions_open', 'Open subscriptions', () => live.subscriptions());

  const port = await listen(httpServer, settings.PORT, settings.HOST);
  logger.info({ port, sandbox }, `gateway ready at http://localhost:${port}/graphql`);
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    logger,
    live: { events },
    stop() {
      // Once, however often it is asked.
      stopped ??= (async () => {
        stopping = true;
        await health.job.stop();
        await live.close();
        await drain(httpServer);
        await apollo.stop();
        await bus.close();
        await flushTracing();
        logger.info('gateway stopped');
      })();
      return stopped;
    },
  };
}

export function runGateway(): void {
  startGateway().then(
    (running) => stopOnSignals(running.stop, running.logger),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

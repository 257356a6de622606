import http from 'node:http';
import type { Router } from 'express';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JWTVerifyGetKey } from 'jose';
import type { GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { authenticateUnlessPublic, createTokenVerifier } from './auth.js';
import { openDatabase, type DatabaseDefinition } from './database.js';
import { createErrorFormatter } from './errors.js';
import { EventBus, type ConsumerDefinition } from './events/bus.js';
import { OutboxRelay } from './events/relay.js';
import { RequestContext } from './graphql/context.js';
import { isPublicOperation } from './graphql/public-operations.js';
import { buildFederatedSchema, type ReferenceResolver, type SchemaDefinition } from './graphql/schema.js';
import { forwardedClientAddress } from './client-address.js';
import { createApp, drain, listen, requestErrors, stopOnSignals } from './http.js';
import type { BackgroundJob } from './jobs.js';
import { StatementCounter, requestScope } from './statements.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics, metricsSettings } from './metrics.js';
import { operationProtections, operationShapeSettings } from './operation-limits.js';
import { flushTracing, serviceTracer, startTracing } from './tracing.js';
import { authSettings, commonSettings, databaseSettings, eventSettings, readSettings, settingTypes, type Env } from './settings.js';

/** The settings every subgraph reads, its own aside. */
export function subgraphSettingsShape(defaultPort: number) {
  return {
    ...commonSettings,
    ...authSettings,
    ...databaseSettings,
    ...eventSettings,
    ...operationShapeSettings,
    ...metricsSettings,
    PORT: settingTypes.port(defaultPort),
    INTROSPECTION_ENABLED: settingTypes.optionalFlag(),
    REQUEST_BODY_LIMIT: z.string().default('1mb'),
  };
}

export type SubgraphSettings = z.infer<z.ZodObject<ReturnType<typeof subgraphSettingsShape>>>;

/** What a subgraph's setup gets to build its resolvers and consumers with. */
export interface SubgraphRuntime<S> {
  settings: S;
  orm: MikroORM;
  bus: EventBus;
  /** Wake it after writing events outside a request (a request's `transaction` does so itself). */
  relay: OutboxRelay;
  logger: Logger;
}

/** What a subgraph adds to the shared server. */
export interface SubgraphParts {
  /** Resolver instances, one per resolver class of the schema. */
  resolvers: object[];
  /** `__resolveReference` per entity type this subgraph resolves. */
  references?: Record<string, ReferenceResolver>;
  consumers?: ConsumerDefinition[];
  /** Extra HTTP routes beside /graphql and /health. */
  routes?: (router: Router) => void;
  /** Work done in the background while the subgraph serves. */
  jobs?: BackgroundJob[];
  /** Verify tokens with these keys instead of fetching the JWKS (the service that signs them). */
  tokenKeys?: JWTVerifyGetKey;
}

export interface SubgraphDefinition<Shape extends z.ZodRawShape> extends DatabaseDefinition {
  defaultPort: number;
  /** Settings of this subgraph beyond the shared ones. */
  settings: Shape;
  schema: SchemaDefinition;
  setup(runtime: SubgraphRuntime<SubgraphSettings & z.infer<z.ZodObject<Shape>>>): Promise<SubgraphParts> | SubgraphParts;
}

export interface RunningSubgraph {
  name: string;
  port: number;
  url: string;
  orm: MikroORM;
  bus: EventBus;
  relay: OutboxRelay;
  logger: Logger;
  statements: StatementCounter;
  stop(): Promise<void>;
}

/** What operators watch besides requests: the outbox backlog, consumer lag, the connection pool. */
function observeService(metrics: Metrics, orm: MikroORM, bus: EventBus, relay: OutboxRelay): void {
  metrics.gauge('outbox_backlog', 'Events written but not yet published', async () => (await relay.backlog()).count);
  metrics.gauge('outbox_oldest_age_seconds', 'Age of the oldest event not yet published', async () => (await relay.backlog()).oldestAgeSeconds);
  metrics.labelledGauge('consumer_pending_events', 'Events a durable consumer has not handled yet', ['consumer'], async () =>
    (await bus.consumerLag()).map(({ consumer, pending }) => [{ consumer }, pending]),
  );
  const pool = (orm.em.getKnex().client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
  metrics.gauge('db_pool_connections_used', 'Database connections in use', () => pool?.numUsed() ?? 0);
  metrics.gauge('db_pool_connections_free', 'Idle database connections', () => pool?.numFree() ?? 0);
  metrics.gauge('db_pool_acquires_pending', 'Requests waiting for a database connection', () => pool?.numPendingAcquires() ?? 0);
}

export function defineSubgraph<Shape extends z.ZodRawShape>(definition: SubgraphDefinition<Shape>): SubgraphDefinition<Shape> {
  return definition;
}

/** The subgraph's schema without starting anything: what composition prints. */
export function subgraphSchema(definition: SubgraphDefinition<z.ZodRawShape>): Promise<GraphQLSchema> {
  return buildFederatedSchema(definition.schema);
}

export async function startSubgraph<Shape extends z.ZodRawShape>(definition: SubgraphDefinition<Shape>, env: Env = process.env): Promise<RunningSubgraph> {
  const settings = readSettings({ ...subgraphSettingsShape(definition.defaultPort), ...definition.settings }, env) as SubgraphSettings &
    z.infer<z.ZodObject<Shape>>;
  startTracing(definition.name, settings);
  const logger = createLogger(definition.name, settings.LOG_LEVEL);
  const orm = await openDatabase(settings, definition, logger);
  const metrics = new Metrics(definition.name, settings.METRICS_MAX_OPERATION_NAMES);
  const bus = EventBus.fromSettings(settings, definition.name, logger, metrics);
  const relay = new OutboxRelay(orm, bus, logger);
  try {
    return await serveSubgraph(definition, { settings, orm, bus, relay, logger }, metrics);
  } catch (error) {
    // What was opened must be closed, or a process whose start failed never ends.
    await bus.close();
    await orm.close();
    throw error;
  }
}

async function serveSubgraph<Shape extends z.ZodRawShape>(
  definition: SubgraphDefinition<Shape>,
  runtime: SubgraphRuntime<SubgraphSettings & z.infer<z.ZodObject<Shape>>>,
  metrics: Metrics,
): Promise<RunningSubgraph> {
  const { settings, orm, bus, relay, logger } = runtime;
  const production = settings.NODE_ENV === 'production';
  const parts = await definition.setup(runtime);
  const instances = new Map<Function, object>(parts.resolvers.map((resolver) => [resolver.constructor, resolver]));
  const schema = await buildFederatedSchema(definition.schema, {
    container: { get: (cls: Function) => instances.get(cls) },
    references: parts.references ?? {},
  });
  const verify = createTokenVerifier({
    issuer: settings.AUTH_ISSUER,
    audience: settings.AUTH_AUDIENCE,
    keys: parts.tokenKeys ?? new URL(settings.AUTH_JWKS_URL),
  });

  let stopping = false;
  let stopped: Promise<void> | null = null;
  const app = createApp(
    serviceTracer(definition.name),
    [
      { name: 'database', check: () => orm.isConnected() },
      { name: 'nats', check: () => bus.isConnected },
    ],
    () => stopping,
  );
  const httpServer = http.createServer(app);
  // The gateway's limits again: a subgraph's port answers whoever reaches it.
  const protections = operationProtections(settings, production);
  // Signals are handled once per process (stopOnSignals), which stops Apollo in its turn.
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: settings.INTROSPECTION_ENABLED ?? !production,
    formatError: createErrorFormatter(logger, production, definition.name),
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    validationRules: protections.validationRules,
    parseOptions: protections.parseOptions,
    plugins: [
      ...protections.plugins,
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces only serve Apollo Studio, which this project does not report to.
      ApolloServerPluginInlineTraceDisabled(),
      metrics.plugin<RequestContext>(logger),
    ],
  });
  await apollo.start();
  const router = express.Router();
  metrics.route(router);
  observeService(metrics, orm, bus, relay);
  parts.routes?.(router);
  app.use(router);
  const statements = new StatementCounter(orm);
  app.use(
    '/graphql',
    requestScope,
    express.json({ limit: settings.REQUEST_BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        new RequestContext(
          orm,
          await authenticateUnlessPublic(req.headers.authorization, verify, () => isPublicOperation(req.body, settings.MAX_TOKENS)),
          req.header('x-request-id') ?? '',
          forwardedClientAddress(req),
          logger,
          () => relay.wake(),
        ),
    }),
  );
  app.use(requestErrors);

  const port = await listen(httpServer, settings.PORT, settings.HOST);
  relay.start();
  // A handler may record events of its own: send them on as soon as it has committed.
  for (const consumer of parts.consumers ?? []) {
    bus.consume({ ...consumer, handle: (event) => consumer.handle(event).then(() => relay.wake()) });
  }
  for (const job of parts.jobs ?? []) job.start();
  logger.info({ port }, `${definition.name} subgraph ready`);

  return {
    name: definition.name,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    orm,
    bus,
    relay,
    logger,
    statements,
    stop() {
      // Once, however often it is asked.
      stopped ??= (async () => {
        stopping = true;
        await drain(httpServer);
        await apollo.stop();
        for (const job of parts.jobs ?? []) await job.stop();
        await relay.stop();
        await bus.close();
        await orm.close();
        await flushTracing();
        logger.info(`${definition.name} subgraph stopped`);
      })();
      return stopped;
    },
  };
}

/** The entry point of a subgraph process: start from the environment, stop cleanly on a signal. */
export function runSubgraph<Shape extends z.ZodRawShape>(definition: SubgraphDefinition<Shape>): void {
  startSubgraph(definition).then(
    (running) => stopOnSignals(running.stop, running.logger),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

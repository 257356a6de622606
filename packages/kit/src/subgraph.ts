import type { Router } from 'express';
import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JWTVerifyGetKey } from 'jose';
import type { GraphQLSchema } from 'graphql';
import type { z } from 'zod';
import { authenticate, createTokenVerifier } from './auth.js';
import { openDatabase, type DatabaseDefinition } from './database.js';
import type { ConsumerDefinition, EventBus } from './events/bus.js';
import { OutboxRelay } from './events/relay.js';
import { RequestContext } from './graphql/context.js';
import { buildFederatedSchema, type ReferenceResolver, type SchemaDefinition } from './graphql/schema.js';
import type { BackgroundJob } from './jobs.js';
import type { Logger } from './logger.js';
import { runService, serviceSettingsShape, startService, type BuiltService, type RunningService, type ServiceRuntime } from './service.js';
import { subgraphServices, type SubgraphName } from './services.js';
import { observeSubgraph } from './service-metrics.js';
import { StatementCounter, requestScope } from './statements.js';
import { databaseSettings, readSettingsOf, type Env } from './settings.js';

/** The settings every subgraph reads, its own aside. */
export function subgraphSettingsShape(defaultPort: number) {
  return { ...serviceSettingsShape(defaultPort), ...databaseSettings };
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

export interface SubgraphDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> extends DatabaseDefinition {
  /** One of the list of services, which gives its default port. */
  name: SubgraphName;
  /** Settings of this subgraph beyond the shared ones. */
  settings: Shape;
  schema: SchemaDefinition;
  setup(runtime: SubgraphRuntime<SubgraphSettings & z.infer<z.ZodObject<Shape>>>): Promise<SubgraphParts> | SubgraphParts;
}

/** What a running subgraph offers a test besides its port, URL and stop. */
interface SubgraphServing {
  name: SubgraphName;
  orm: MikroORM;
  bus: EventBus;
  relay: OutboxRelay;
  statements: StatementCounter;
}

export type RunningSubgraph = RunningService<SubgraphServing>;

export function defineSubgraph<Shape extends z.ZodRawShape>(definition: SubgraphDefinition<Shape>): SubgraphDefinition<Shape> {
  return definition;
}

/** The subgraph's schema without starting anything: what composition prints. */
export function subgraphSchema(definition: SubgraphDefinition<z.ZodRawShape>): Promise<GraphQLSchema> {
  return buildFederatedSchema(definition.schema);
}

export async function startSubgraph<Shape extends z.ZodRawShape>(definition: SubgraphDefinition<Shape>, env: Env = process.env): Promise<RunningSubgraph> {
  const service = subgraphServices[definition.name];
  return startService({
    service,
    title: `${definition.name} subgraph`,
    env,
    readSettings: (from) => readSettingsOf(subgraphSettingsShape(service.port), definition.settings, from),
    build: (shell) => buildSubgraph(definition, shell),
  });
}

async function buildSubgraph<Shape extends z.ZodRawShape>(
  definition: SubgraphDefinition<Shape>,
  shell: ServiceRuntime<SubgraphSettings & z.infer<z.ZodObject<Shape>>>,
): Promise<BuiltService<SubgraphServing>> {
  const { settings, logger, metrics, bus, app, readiness, onStop } = shell;
  const orm = await openDatabase(settings, definition, logger);
  onStop('afterBus', () => orm.close());
  const relay = new OutboxRelay(orm, bus, logger);
  readiness.push({ name: 'database', check: () => orm.isConnected() }, { name: 'nats', check: () => bus.isConnected });

  const parts = await definition.setup({ settings, orm, bus, relay, logger });
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
  const apollo = await shell.startApollo<RequestContext>({
    schema,
    // Inline traces only serve Apollo Studio, which this project does not report to.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  observeSubgraph(metrics, orm, bus, relay);
  const router = express.Router();
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
          await authenticate(req.headers.authorization, verify),
          req.header('x-request-id') ?? '',
          req.ip ?? '',
          logger,
          () => relay.wake(),
        ),
    }),
  );

  return {
    running: { name: definition.name, orm, bus, relay, statements },
    listening(port) {
      relay.start();
      // A handler may record events of its own: send them on as soon as it has committed.
      for (const consumer of parts.consumers ?? []) {
        bus.consume({ ...consumer, handle: (event) => consumer.handle(event).then(() => relay.wake()) });
      }
      for (const job of parts.jobs ?? []) {
        job.start();
        onStop('afterDrain', () => job.stop());
      }
      onStop('afterDrain', () => relay.stop());
      logger.info({ port }, `${definition.name} subgraph ready`);
    },
  };
}

/** The entry point of a subgraph process: start from the environment, stop cleanly on a signal. */
export function runSubgraph<Shape extends z.ZodRawShape>(definition: SubgraphDefinition<Shape>): void {
  runService(() => startSubgraph(definition));
}

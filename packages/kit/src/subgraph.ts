import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Router } from 'express';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';
import type { NonEmptyArray } from 'type-graphql';
import type { z } from 'zod';
import { authenticateUnlessPublic, createTokenVerifier } from './auth.js';
import { forwardedClientAddress, forwardedUserAgent } from './client-address.js';
import { type DatabaseDefinition, openDatabase } from './database.js';
import type { ConsumerDefinition, EventBus } from './events/bus.js';
import { RightsInForce } from './events/in-force.js';
import { OutboxRelay } from './events/relay.js';
import { RequestContext } from './graphql/context.js';
import { isPublicOperation } from './graphql/public-operations.js';
import { buildFederatedSchema, type SchemaDefinition } from './graphql/schema.js';
import { graphqlEndpoint } from './graphql-endpoint.js';
import type { BackgroundJob } from './jobs.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { operationProtections, operationShapeSettings } from './operation-limits.js';
import { type BuiltService, type RunningService, runService, type ServiceRuntime, serviceSettingsShape, startService } from './service.js';
import { observeSubgraph } from './service-metrics.js';
import { type SubgraphName, subgraphServices } from './services.js';
import { databaseSettings, type Env, readSettingsOf, settingTypes } from './settings.js';
import { StatementCounter } from './statements.js';

/** The settings every subgraph reads, its own aside. */
export function subgraphSettingsShape(defaultPort: number) {
  return {
    ...serviceSettingsShape(defaultPort),
    ...databaseSettings,
    ...operationShapeSettings,
    /** How long a mutation that changes rights waits for them to be in force everywhere, in milliseconds. */
    RIGHTS_WAIT_MS: settingTypes.positiveInt(5000),
  };
}

export type SubgraphSettings = z.infer<z.ZodObject<ReturnType<typeof subgraphSettingsShape>>>;

/** What a subgraph's setup gets to build its resolvers and consumers with. */
export interface SubgraphRuntime<S> {
  settings: S;
  orm: MikroORM;
  bus: EventBus;
  logger: Logger;
  /** For metrics of the subgraph's own (served at /metrics with the shared ones). */
  metrics: Metrics;
}

/**
 * A resolver class of a subgraph. Its schema is printed from the classes alone (composition
 * needs no database); a running subgraph builds one instance of each, handing it the
 * dependencies its setup made. So each resolver is declared once, and whatever it needs at run
 * time is typed by its constructor rather than stood in for while printing.
 */
export type ResolverClass<Dependencies> = new (dependencies: Dependencies) => object;

export interface SubgraphSchema<Dependencies> extends Omit<SchemaDefinition, 'resolvers'> {
  resolvers: NonEmptyArray<ResolverClass<Dependencies>>;
}

/** What a subgraph adds to the shared server. */
export interface SubgraphParts<Dependencies> {
  /** What every resolver class is constructed with. */
  dependencies: Dependencies;
  consumers?: ConsumerDefinition[];
  /** Extra HTTP routes beside /graphql and /health. */
  routes?: (router: Router) => void;
  /** Work done in the background while the subgraph serves. */
  jobs?: BackgroundJob[];
  /** Verify tokens with these keys instead of fetching the JWKS (the service that signs them). */
  tokenKeys?: JWTVerifyGetKey;
}

export interface SubgraphDefinition<Shape extends z.ZodRawShape, Dependencies> extends DatabaseDefinition {
  /** One of the list of services, which gives its default port. */
  name: SubgraphName;
  /** Settings of this subgraph beyond the shared ones. */
  settings: Shape;
  schema: SubgraphSchema<Dependencies>;
  setup(
    runtime: SubgraphRuntime<SubgraphSettings & z.infer<z.ZodObject<Shape>>>,
  ): Promise<SubgraphParts<Dependencies>> | SubgraphParts<Dependencies>;
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

export function defineSubgraph<Shape extends z.ZodRawShape, Dependencies>(
  definition: SubgraphDefinition<Shape, Dependencies>,
): SubgraphDefinition<Shape, Dependencies> {
  return definition;
}

/** The subgraph's schema without starting anything: what composition prints. */
export function subgraphSchema<Dependencies>(definition: SubgraphDefinition<z.ZodRawShape, Dependencies>): Promise<GraphQLSchema> {
  return buildFederatedSchema(definition.schema);
}

export async function startSubgraph<Shape extends z.ZodRawShape, Dependencies>(
  definition: SubgraphDefinition<Shape, Dependencies>,
  env: Env = process.env,
): Promise<RunningSubgraph> {
  const service = subgraphServices[definition.name];
  return startService({
    service,
    title: `${definition.name} subgraph`,
    env,
    readSettings: (from) => readSettingsOf(subgraphSettingsShape(service.port), definition.settings, from),
    build: (shell) => buildSubgraph(definition, shell),
  });
}

async function buildSubgraph<Shape extends z.ZodRawShape, Dependencies>(
  definition: SubgraphDefinition<Shape, Dependencies>,
  shell: ServiceRuntime<SubgraphSettings & z.infer<z.ZodObject<Shape>>>,
): Promise<BuiltService<SubgraphServing>> {
  const { settings, logger, metrics, bus, app, readiness, onStop } = shell;
  const orm = await openDatabase(settings, definition, logger);
  onStop('afterBus', () => orm.close());
  const relay = new OutboxRelay(orm, bus, logger);
  const rights = new RightsInForce(bus, relay, settings.RIGHTS_WAIT_MS);
  readiness.push({ name: 'database', check: () => orm.isConnected() }, { name: 'nats', check: () => bus.isConnected });

  const parts = await definition.setup({ settings, orm, bus, logger, metrics });
  const schema = await buildFederatedSchema(
    definition.schema,
    definition.schema.resolvers.map((Resolver) => new Resolver(parts.dependencies)),
  );
  const verify = createTokenVerifier({
    issuer: settings.AUTH_ISSUER,
    audience: settings.AUTH_AUDIENCE,
    keys: parts.tokenKeys ?? new URL(settings.AUTH_JWKS_URL),
    revoked: shell.revokedSessions,
  });
  // The gateway's limits again: a subgraph's port answers whoever reaches it.
  const protections = operationProtections(settings, shell.production);
  const apollo = await shell.startApollo<RequestContext>({
    schema,
    validationRules: protections.validationRules,
    parseOptions: protections.parseOptions,
    // Inline traces only serve Apollo Studio, which this project does not report to.
    plugins: [...protections.plugins, ApolloServerPluginInlineTraceDisabled()],
  });
  observeSubgraph(metrics, orm, bus, relay);
  const router = express.Router();
  parts.routes?.(router);
  app.use(router);
  const statements = new StatementCounter(orm);
  shell.serve(
    '/graphql',
    graphqlEndpoint(apollo, {
      bodyLimit: settings.REQUEST_BODY_LIMIT,
      logger,
      context: async (req) => {
        const requestId = req.headers['x-request-id'];
        return new RequestContext(
          orm,
          await authenticateUnlessPublic(req.headers.authorization, verify, () => isPublicOperation(req.body, settings.MAX_TOKENS)),
          typeof requestId === 'string' ? requestId : '',
          forwardedClientAddress(req),
          forwardedUserAgent(req),
          logger,
          rights,
        );
      },
    }),
  );

  return {
    running: { name: definition.name, orm, bus, relay, statements },
    listening(port) {
      relay.start();
      for (const consumer of parts.consumers ?? []) bus.consume(consumer);
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
export function runSubgraph<Shape extends z.ZodRawShape, Dependencies>(definition: SubgraphDefinition<Shape, Dependencies>): void {
  runService(() => startSubgraph(definition));
}

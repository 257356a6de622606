import 'reflect-metadata';

export * from './auth.js';
export * from './database.js';
export * from './errors.js';
export * from './ids.js';
export * from './jobs.js';
export * from './input.js';
export * from './http.js';
export * from './logger.js';
export * from './metrics.js';
export * from './settings.js';
export * from './statements.js';
export * from './subgraph.js';
export * from './tracing.js';
export * from './wait.js';
export * from './events/bus.js';
export * from './events/catalog.js';
export * from './events/envelope.js';
export * from './events/idempotent.js';
export * from './events/outbox-event.js';
export * from './events/processed-event.js';
export * from './events/relay.js';
export * from './graphql/context.js';
export * from './graphql/pagination.js';
export * from './graphql/scalars.js';
export * from './graphql/schema.js';
export * from './graphql/task-event-kind.js';
export * from './replicas/index.js';
export {
  runService, serviceSettingsShape, startService,
  type BuiltService, type RunningService, type ServiceApolloOptions, type ServiceContext, type ServiceDefinition, type ServiceRuntime, type ServiceSettings, type StopPhase,
} from './service.js';
export {
  gateway, graphqlUrl, jwksUrl, localOrigin, services, subgraphServices, subgraphUrlEnv, subgraphUrlVariable, subgraphs,
  type ServiceInfo, type ServiceName, type SubgraphName,
} from './services.js';

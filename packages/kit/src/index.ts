import 'reflect-metadata';

export { ACCESS_TOKEN_ALGORITHM, authenticate, authenticateUnlessPublic, createTokenVerifier, type TokenVerifier, type Viewer } from './auth.js';
export { CLIENT_ADDRESS_HEADER, clientAddress, clientAddressSettings, forwardedClientAddress, trustedProxies, type TrustedProxies } from './client-address.js';
export { ormOptions } from './database.js';
export { AppError, badUserInput, conflict, createErrorFormatter, forbidden, notFound, rateLimited, sessionRevoked, unauthenticated } from './errors.js';
export { isId, newId, parseId } from './ids.js';
export { PeriodicJob } from './jobs.js';
export { parseArgument, parseInput } from './input.js';
export { createApp, drain, listen, requestErrors, stopOnSignals, type ReadinessCheck } from './http.js';
export { createLogger, type Logger } from './logger.js';
export { Metrics } from './metrics.js';
export { operationCostSettings, operationProtections, operationShapeSettings, type Protections } from './operation-limits.js';
export { SettingsError, authSettings, readSettingsOf, commonSettings, databaseSettings, eventSettings, readSettings, settingTypes, type Env } from './settings.js';
export { defineSubgraph, runSubgraph, startSubgraph, subgraphSchema, subgraphSettingsShape, type RunningSubgraph, type SubgraphDefinition } from './subgraph.js';
export { flushTracing, serviceTracer, startTracing } from './tracing.js';
export { sleep, waitFor } from './wait.js';
export { escapeLike } from './like.js';
export { EventBus } from './events/bus.js';
export { createEvent } from './events/envelope.js';
export { idempotentConsumer, type EventHandlers } from './events/idempotent.js';
export { OutboxEvent } from './events/outbox-event.js';
export { recordEvent } from './events/record.js';
export { RequestContext } from './graphql/context.js';
export { findByIds, loaderById } from './graphql/loaders.js';
export { ResolveReference, type EntityReference, type ReferenceResolver } from './graphql/references.js';
export { PageArgs, PageInfo, connectionTypes, decodeCursor, encodeCursor, idConnection, idPage, pageSize, toPage, withCursor, type Connection, type Edge, type IdOrderedList, type Page } from './graphql/pagination.js';
export { isPublicOperation } from './graphql/public-operations.js';
export { buildFederatedSchema, type SchemaDefinition } from './graphql/schema.js';
export { TaskEventKind } from './graphql/task-event-kind.js';
export {
  runService, serviceSettingsShape, startService,
  type BuiltService, type RunningService, type ServiceApolloOptions, type ServiceContext, type ServiceDefinition, type ServiceRuntime, type ServiceSettings, type StopPhase,
} from './service.js';
export {
  gateway, graphqlUrl, jwksUrl, localOrigin, services, subgraphServices, subgraphUrlEnv, subgraphUrlVariable, subgraphs,
  type ServiceInfo, type ServiceName, type SubgraphName,
} from './services.js';

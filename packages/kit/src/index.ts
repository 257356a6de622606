import 'reflect-metadata';

export {
  ACCESS_TOKEN_ALGORITHM,
  authenticate,
  authenticateUnlessPublic,
  createTokenVerifier,
  type TokenVerifier,
  type Viewer,
} from './auth.js';
export {
  CLIENT_ADDRESS_HEADER,
  CLIENT_USER_AGENT_HEADER,
  clientAddress,
  clientAddressSettings,
  forwardedClientAddress,
  forwardedUserAgent,
  type TrustedProxies,
  trustedProxies,
} from './client-address.js';
export { ormOptions } from './database.js';
export { emailAddress } from './email-address.js';
export {
  AppError,
  badUserInput,
  conflict,
  createErrorFormatter,
  forbidden,
  notFound,
  rateLimited,
  sessionRevoked,
  unauthenticated,
} from './errors.js';
export { EventBus } from './events/bus.js';
export { createEvent } from './events/envelope.js';
export { type EventHandlers, idempotentConsumer } from './events/idempotent.js';
export type { RecordedEvent } from './events/in-force.js';
export { OutboxEvent } from './events/outbox-event.js';
export { recordEvent } from './events/record.js';
export { RequestContext } from './graphql/context.js';
export { findByIds, loaderById } from './graphql/loaders.js';
export {
  type Connection,
  connectionTypes,
  decodeCursor,
  type Edge,
  encodeCursor,
  type IdOrderedList,
  idConnection,
  type Page,
  PageArgs,
  PageInfo,
  type PageWindow,
  pageWindow,
  pastCursor,
  scanOrder,
  toPage,
  windowCursor,
  withCursor,
} from './graphql/pagination.js';
export { projectRoleEnum } from './graphql/project-role.js';
export { isPublicOperation } from './graphql/public-operations.js';
export { type EntityReference, type ReferenceResolver, ResolveReference } from './graphql/references.js';
export { buildFederatedSchema, type SchemaDefinition } from './graphql/schema.js';
export { TaskEventKind } from './graphql/task-event-kind.js';
export { viewerRolesIn } from './graphql/viewer-roles.js';
export { drain, listen, type NodeHandler, type ReadinessCheck, requestErrors, stopOnSignals } from './http.js';
export { isId, newId, parseId } from './ids.js';
export { parseArgument, parseInput } from './input.js';
export { type BackgroundJob, PeriodicJob } from './jobs.js';
export { escapeLike } from './like.js';
export { createLogger, type Logger } from './logger.js';
export { Metrics } from './metrics.js';
export { operationCostSettings, operationProtections, operationShapeSettings, type Protections } from './operation-limits.js';
export { readOnlyEntity } from './read-only.js';
export { RevokedSessions, SESSION_HISTORY_MS } from './revoked-sessions.js';
export { hashSecretToken, invalidToken, newSecretToken, tokenArgument } from './secret-token.js';
export {
  type BuiltService,
  type RunningService,
  runService,
  type ServiceApolloOptions,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceRuntime,
  type ServiceSettings,
  type StopPhase,
  serviceSettingsShape,
  startService,
} from './service.js';
export {
  gateway,
  graphqlUrl,
  jwksUrl,
  localOrigin,
  type ServiceInfo,
  type ServiceName,
  type SubgraphName,
  services,
  subgraphServices,
  subgraphs,
  subgraphUrlEnv,
  subgraphUrlVariable,
} from './services.js';
export {
  authSettings,
  commonSettings,
  databaseSettings,
  type Env,
  eventSettings,
  readSettings,
  readSettingsOf,
  SettingsError,
  settingTypes,
} from './settings.js';
export type { Statement } from './statements.js';
export {
  defineSubgraph,
  type RunningSubgraph,
  runSubgraph,
  type SubgraphDefinition,
  startSubgraph,
  subgraphSchema,
  subgraphSettingsShape,
} from './subgraph.js';
export { flushTracing, serviceTracer, startTracing } from './tracing.js';
export { sleep, waitFor } from './wait.js';

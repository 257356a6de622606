import { fileURLToPath } from 'node:url';
import {
  clientAddressSettings,
  type Env,
  gateway,
  operationCostSettings,
  operationShapeSettings,
  readSettingsOf,
  type ServiceSettings,
  serviceSettingsShape,
  settingTypes,
  subgraphUrlVariable,
} from '@taskgraph/kit';
import { z } from 'zod';
import { rateLimitSettings } from './rate-limits.js';
import { trustedDocumentsModes } from './trusted-documents.js';

/** The gateway's own settings, beside those every service reads (serviceSettingsShape). */
export const gatewaySettings = {
  ...clientAddressSettings,
  ...operationShapeSettings,
  ...operationCostSettings,
  ...rateLimitSettings,
  /** How long a subgraph may take to answer one fetch. */
  SUBGRAPH_TIMEOUT_MS: settingTypes.positiveInt(10_000),
  /** Further attempts of a reading fetch whose subgraph refused or dropped the connection (never of a mutation)… */
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).default(2),
  /** …the first after this delay, then doubling, with jitter. */
  SUBGRAPH_RETRY_DELAY_MS: settingTypes.positiveInt(50),
  /** A subgraph's circuit opens when this share of its recent calls failed (unreachable, timed out)… */
  CIRCUIT_ERROR_PERCENT: settingTypes.positiveInt(50),
  /** …out of at least this many calls… */
  CIRCUIT_MIN_CALLS: settingTypes.positiveInt(10),
  /** …and stays open this long before a trial call. */
  CIRCUIT_RESET_MS: settingTypes.positiveInt(10_000),
  /** How often each subgraph's readiness is asked, for the gateway's own readiness and `subgraph_up`. */
  SUBGRAPH_HEALTH_INTERVAL_MS: settingTypes.positiveInt(5000),
  /** Let @apollo/gateway send its anonymous usage metrics to Apollo (it probes cloud metadata servers to do so). */
  APOLLO_TELEMETRY_ENABLED: settingTypes.flag(false),
  /** The supergraph served; reloaded when the file changes, and on SIGHUP. */
  SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url))),
  /** Reload the supergraph when its file changes; off, it is reloaded on SIGHUP only. */
  SUPERGRAPH_WATCH: settingTypes.flag(true),
  /** Quiet time after the supergraph file last changed before it is read again (an editor or a copy writes in steps). */
  SUPERGRAPH_RELOAD_DEBOUNCE_MS: settingTypes.positiveInt(250),
  /** Allowed browser origins, comma-separated; `*` allows any (the default outside production). */
  CORS_ORIGINS: settingTypes.list([]),
  /** Apollo Sandbox on GET /graphql and introspection; default on outside production. */
  SANDBOX_ENABLED: settingTypes.optionalFlag(),
  /** GraphiQL, self-hosted (no CDN), at /graphiql; default on outside production. */
  GRAPHIQL_ENABLED: settingTypes.optionalFlag(),
  /** The manifest of trusted documents (JSON: sha256 hash → document), as GraphQL Code Generator's client preset writes it. */
  TRUSTED_DOCUMENTS_PATH: z.string().min(1).optional(),
  /** Operations not in the manifest: `off` serves them (and APQ), `log` serves, logs and counts them, `required` refuses them. */
  TRUSTED_DOCUMENTS: z.enum(trustedDocumentsModes).default('off'),
  /** Largest message a WebSocket client may send (bytes); the socket is closed with 1009 beyond it. */
  WS_MAX_MESSAGE_BYTES: settingTypes.positiveInt(64 * 1024),
  /** How long a new WebSocket has to send `connection_init` (closed with 4408 after). */
  WS_CONNECTION_INIT_TIMEOUT_MS: settingTypes.positiveInt(3000),
  /** WebSockets one client address may hold before `connection_init` succeeds; more are refused with HTTP 429. */
  WS_MAX_UNAUTHENTICATED_PER_ADDRESS: settingTypes.positiveInt(20),
  /** Subscriptions one WebSocket connection may hold at once. */
  MAX_SUBSCRIPTIONS_PER_CONNECTION: settingTypes.positiveInt(100),
  /** Subscriptions one user may hold at once across all of their sockets, per replica. */
  MAX_SUBSCRIPTIONS_PER_USER: settingTypes.positiveInt(200),
  /** Fetches one event may cost for one user's subscriptions (their distinct executions) of one feed. */
  MAX_EVENT_FETCHES_PER_USER: settingTypes.positiveInt(20),
  /**
   * The key of the MAC on live cursors, the same on every replica. Without it one is derived from
   * the stream's name: cursors still only replay what the subscriber may see, but could be forged.
   */
  LIVE_CURSOR_SECRET: z.string().min(16).optional(),
  /** Stream events one resumed subscription may replay; a cursor further behind is CURSOR_EXPIRED. */
  LIVE_REPLAY_MAX_EVENTS: settingTypes.positiveInt(10_000),
  /** Events a subscriber may fall behind by before it is cut off (memory stays bounded). */
  SUBSCRIPTION_QUEUE_LIMIT: settingTypes.positiveInt(256),
};

export type GatewaySettings = ServiceSettings & z.infer<z.ZodObject<typeof gatewaySettings>>;

export const readGatewaySettings = (env: Env): GatewaySettings => readSettingsOf(serviceSettingsShape(gateway.port), gatewaySettings, env);

/**
 * A subgraph's URL comes from `<NAME>_URL` (e.g. USERS_URL) when set, else from the routing
 * URL composed into the supergraph.
 */
export const subgraphUrl = (env: Env, name: string, composed: string | undefined): string | undefined =>
  env[subgraphUrlVariable(name)] ?? composed;

/**
 * The shell every server runs in, the subgraphs and the gateway alike: settings, tracing,
 * logging, metrics, the event bus, the Express app with health endpoints, the HTTP server,
 * listening, and stopping once in order. A service adds what it serves in `build`.
 */
import type http from 'node:http';
import {
  ApolloServer,
  type ApolloServerOptionsWithGateway,
  type ApolloServerOptionsWithSchema,
  type ApolloServerPlugin,
  type BaseContext,
} from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Express } from 'express';
import { z } from 'zod';
import type { Viewer } from './auth.js';
import { createErrorFormatter } from './errors.js';
import { EventBus } from './events/bus.js';
import { createHttpFront, drain, listen, type NodeHandler, type ReadinessCheck, requestErrors, stopOnSignals } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics, metricsSettings } from './metrics.js';
import { RevokedSessions } from './revoked-sessions.js';
import type { ServiceInfo } from './services.js';
import { authSettings, commonSettings, type Env, eventSettings, settingTypes } from './settings.js';
import { flushTracing, serviceTracer, startTracing } from './tracing.js';

/**
 * No service sets cache hints, so every response is uncacheable. Apollo's cache-control plugin
 * would work that out field by field, wrapping every resolver of every request to compute a
 * policy per field; the header it ends up sending is set here once instead.
 */
const uncacheable: ApolloServerPlugin[] = [
  ApolloServerPluginCacheControlDisabled(),
  {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  },
];

/** The settings every server reads, whatever it serves. */
export function serviceSettingsShape(defaultPort: number) {
  return {
    ...commonSettings,
    ...authSettings,
    ...eventSettings,
    ...metricsSettings,
    PORT: settingTypes.port(defaultPort),
    INTROSPECTION_ENABLED: settingTypes.optionalFlag(),
    REQUEST_BODY_LIMIT: z.string().default('1mb'),
  };
}

export type ServiceSettings = z.infer<z.ZodObject<ReturnType<typeof serviceSettingsShape>>>;

/**
 * Where a step of stopping goes among the shell's own: before the HTTP server drains (what takes
 * work besides HTTP requests), after it (Apollo, jobs, the relay), or after the bus has closed
 * (what event handlers still in flight use: the database). Steps of a phase run in the order
 * they were added.
 */
export type StopPhase = 'beforeDrain' | 'afterDrain' | 'afterBus';

type SharedApolloOption = 'formatError' | 'stopOnTerminationSignals' | 'includeStacktraceInErrorResponses' | 'introspection';

/** What a service chooses of its Apollo Server: a schema or a gateway, limits, plugins, a landing page. */
export type ServiceApolloOptions<C extends BaseContext> = (
  | Omit<ApolloServerOptionsWithSchema<C>, SharedApolloOption>
  | Omit<ApolloServerOptionsWithGateway<C>, SharedApolloOption>
) & {
  /** None unless given. */
  landingPage?: ApolloServerPlugin<C>;
};

export interface ServiceRuntime<S extends ServiceSettings> {
  settings: S;
  env: Env;
  production: boolean;
  logger: Logger;
  metrics: Metrics;
  bus: EventBus;
  /** The ended sessions this replica refuses the tokens of: for its token verifier. */
  revokedSessions: RevokedSessions;
  /** Health endpoints and /metrics are served already; /graphql is the service's to mount, here or with `serve`. */
  app: Express;
  /** Serves a path on node:http ahead of Express (HttpFront's `serve`). */
  serve(path: string, handler: NodeHandler): void;
  httpServer: http.Server;
  /** Checked on every GET /health/ready: a service adds its own, at start or later. */
  readiness: ReadinessCheck[];
  /** A step of stopping, for something just opened: it also runs if the start fails after this point. */
  onStop(phase: StopPhase, step: () => Promise<void>): void;
  /** An Apollo Server with what every service shares (errors, metrics, introspection), started, and stopped after HTTP drains. */
  startApollo<C extends ServiceContext>(options: ServiceApolloOptions<C>): Promise<ApolloServer<C>>;
}

/** What every service's operation context holds, for the metrics plugin's log line. */
export interface ServiceContext extends BaseContext {
  viewer: Viewer | null;
  requestId: string;
}

export interface BuiltService<R> {
  /** What the running service offers besides its port, URL, logger and stop. */
  running: R;
  /** Runs once the server listens: work that must wait until then (relay, consumers, jobs), and the line saying it is ready. */
  listening(port: number): void;
}

export interface ServiceDefinition<S extends ServiceSettings, R> {
  service: ServiceInfo;
  /** How its log lines name it, e.g. "accounts subgraph". */
  title: string;
  /** Reads its settings, the shared ones (serviceSettingsShape) among them, with readSettingsOf. */
  readSettings(env: Env): S;
  env: Env;
  build(runtime: ServiceRuntime<S>): Promise<BuiltService<R>>;
}

export type RunningService<R> = R & {
  port: number;
  url: string;
  logger: Logger;
  stop(): Promise<void>;
};

export async function startService<S extends ServiceSettings, R>(definition: ServiceDefinition<S, R>): Promise<RunningService<R>> {
  const { service, title, env } = definition;
  const settings = definition.readSettings(env);
  startTracing(service.name, settings);
  const logger = createLogger(service.name, settings.LOG_LEVEL);
  const production = settings.NODE_ENV === 'production';
  const metrics = new Metrics(service.name, settings.METRICS_MAX_OPERATION_NAMES);
  const bus = EventBus.fromSettings(settings, service.name, logger, metrics);
  // Every replica of every service follows revocations itself, from before its first request.
  const revokedSessions = new RevokedSessions();
  bus.consume(revokedSessions.consumer(service.name));

  const steps: Record<StopPhase, (() => Promise<void>)[]> = { beforeDrain: [], afterDrain: [], afterBus: [] };
  let stopping = false;
  let listeningOn: number | null = null;
  // Not ready until the revocations of the last day are read: a token revoked before it started would pass.
  const readiness: ReadinessCheck[] = [{ name: 'sessions', check: () => revokedSessions.ready }];
  const { app, server: httpServer, serve } = createHttpFront(serviceTracer(service.name), readiness, () => stopping);
  const router = express.Router();
  metrics.route(router);
  app.use(router);

  const teardown = async () => {
    stopping = true;
    for (const step of steps.beforeDrain) await step();
    if (listeningOn !== null) await drain(httpServer);
    for (const step of steps.afterDrain) await step();
    await bus.close();
    for (const step of steps.afterBus) await step();
  };

  let built: BuiltService<R>;
  try {
    built = await definition.build({
      settings,
      env,
      production,
      logger,
      metrics,
      bus,
      revokedSessions,
      app,
      serve,
      httpServer,
      readiness,
      onStop: (phase, step) => steps[phase].push(step),
      async startApollo(options) {
        const { landingPage, plugins = [], ...chosen } = options;
        // Signals are handled once per process (runService), which stops Apollo in its turn.
        const apollo = new ApolloServer({
          ...chosen,
          introspection: settings.INTROSPECTION_ENABLED ?? !production,
          formatError: createErrorFormatter(logger, production, service.name),
          stopOnTerminationSignals: false,
          includeStacktraceInErrorResponses: !production,
          plugins: [...plugins, metrics.plugin(logger), ...uncacheable, landingPage ?? ApolloServerPluginLandingPageDisabled()],
        });
        await apollo.start();
        steps.afterDrain.push(() => apollo.stop());
        return apollo;
      },
    });
    app.use(requestErrors);
    listeningOn = await listen(httpServer, settings.PORT, settings.HOST);
  } catch (error) {
    // What was opened must be closed, or a process whose start failed never ends.
    await teardown();
    throw error;
  }
  const port = listeningOn;
  built.listening(port);

  let stopped: Promise<void> | null = null;
  return {
    ...built.running,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    logger,
    stop() {
      // Once, however often it is asked.
      stopped ??= (async () => {
        await teardown();
        await flushTracing();
        logger.info(`${title} stopped`);
      })();
      return stopped;
    },
  };
}

/** The entry point of a service's process: start from the environment, stop cleanly on a signal, exit if the start fails. */
export function runService(start: () => Promise<{ stop(): Promise<void>; logger: Logger }>): void {
  start().then(
    (running) => stopOnSignals(running.stop, running.logger),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

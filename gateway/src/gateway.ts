import http from 'node:http';
import { readFile } from 'node:fs/promises';
import cors from 'cors';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGateway } from '@apollo/gateway';
import {
  createApp, createErrorFormatter, createLogger, createTokenVerifier, listen, readSettings, requestErrors, stopOnSignals, type Env, type Logger,
} from '@taskgraph/kit';
import { createContext, type GatewayContext } from './context.js';
import { SubgraphDataSource } from './data-source.js';
import { gatewaySettings, subgraphUrl } from './settings.js';

export interface RunningGateway {
  port: number;
  url: string;
  logger: Logger;
  stop(): Promise<void>;
}

export async function startGateway(env: Env = process.env): Promise<RunningGateway> {
  const settings = readSettings(gatewaySettings, env);
  const logger = createLogger('gateway', settings.LOG_LEVEL);
  const production = settings.NODE_ENV === 'production';
  const sandbox = settings.SANDBOX_ENABLED ?? !production;
  const verify = createTokenVerifier({ issuer: settings.AUTH_ISSUER, audience: settings.AUTH_AUDIENCE, keys: new URL(settings.AUTH_JWKS_URL) });

  const gateway = new ApolloGateway({
    supergraphSdl: await readFile(settings.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => new SubgraphDataSource({ url: subgraphUrl(env, name, url) }),
    logger,
  });

  let stopping = false;
  let loaded = false;
  const app = createApp(settings.TRUST_PROXY, [{ name: 'supergraph', check: () => loaded }], () => stopping);
  const httpServer = http.createServer(app);
  // Signals are handled once per process (stopOnSignals), which stops Apollo in its turn.
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: settings.INTROSPECTION_ENABLED ?? !production,
    formatError: createErrorFormatter(logger, production),
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  loaded = true;

  const origins = settings.CORS_ORIGINS.length ? settings.CORS_ORIGINS : production ? [] : ['*'];
  app.use(
    '/graphql',
    cors({ origin: origins.includes('*') ? true : origins, exposedHeaders: ['x-request-id'] }),
    express.json({ limit: settings.REQUEST_BODY_LIMIT }),
    expressMiddleware(apollo, { context: ({ req }) => createContext(req, verify) }),
  );
  app.use(requestErrors);

  const port = await listen(httpServer, settings.PORT, settings.HOST);
  logger.info({ port, sandbox }, `gateway ready at http://localhost:${port}/graphql`);
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    logger,
    async stop() {
      stopping = true;
      await apollo.stop();
      logger.info('gateway stopped');
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

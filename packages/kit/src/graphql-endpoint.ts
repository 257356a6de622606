/**
 * A subgraph's /graphql on node:http: Apollo Server's HTTP handling, as its Express integration
 * does it, without Express in between. Every fetch the gateway sends passes here, and Express's
 * router and its request and response wrappers were a measured share of a small fetch's cost
 * (docs/benchmarks.md, Performance v2).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import bodyParser from 'body-parser';
import { answerError, answerUnreadableBody, type NodeHandler } from './http.js';
import type { Logger } from './logger.js';
import { searchOf } from './request-path.js';
import { inRequestScope } from './statements.js';

/** A request whose JSON body has been read (undefined when it had none). */
export type GraphQLHttpRequest = IncomingMessage & { body?: unknown };

export interface GraphQLEndpointOptions<C extends BaseContext> {
  /** The largest body read, as body-parser reads it (e.g. `1mb`). */
  bodyLimit: string;
  context(req: GraphQLHttpRequest): Promise<C>;
  logger: Logger;
}

export function graphqlEndpoint<C extends BaseContext>(apollo: ApolloServer<C>, options: GraphQLEndpointOptions<C>): NodeHandler {
  apollo.assertStarted('graphqlEndpoint()');
  const readJson = bodyParser.json({ limit: options.bodyLimit });
  const fail = (res: ServerResponse, error: unknown) => {
    options.logger.error({ err: error }, 'GraphQL request failed outside Apollo Server');
    if (res.headersSent) res.destroy();
    else answerError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
  };
  return (req: GraphQLHttpRequest, res) =>
    inRequestScope(() =>
      readJson(req, res, (error?: unknown) => {
        if (error) {
          if (!answerUnreadableBody(error, res)) fail(res, error);
          return;
        }
        respond(apollo, req, res, options.context).catch((failure: unknown) => fail(res, failure));
      }),
    );
}

async function respond<C extends BaseContext>(
  apollo: ApolloServer<C>,
  req: GraphQLHttpRequest,
  res: ServerResponse,
  context: (req: GraphQLHttpRequest) => Promise<C>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: searchOf(req),
      body: req.body,
    },
    context: () => context(req),
  });
  res.statusCode = response.status ?? 200;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

import 'graphiql/style.css';
import { createGraphiQLFetcher, type Fetcher, type FetcherOpts } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { type ExecutionResult, GraphQLError, getOperationAST, parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

/** The gateway's endpoint, beside this page (served at /graphiql/). */
const endpoint = new URL('../graphql', window.location.href);
const http = createGraphiQLFetcher({ url: endpoint.href });

/**
 * Subscriptions go over graphql-ws, signed in with the Authorization header of GraphiQL's
 * headers editor (the gateway reads it from `connectionParams`); a new header opens a new socket.
 */
let socket: { authorization: string | undefined; client: Client } | null = null;
function socketFor(authorization: string | undefined): Client {
  if (socket && socket.authorization === authorization) return socket.client;
  void socket?.client.dispose();
  const url = new URL(endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = createClient({ url: url.href, connectionParams: authorization ? { authorization } : {} });
  socket = { authorization, client };
  return client;
}

/** Each result of a subscription, its errors as GraphQL errors again (as GraphiQL's fetcher type has them). */
async function* subscribe(client: Client, query: string, operationName: string | null, variables: Record<string, unknown>) {
  for await (const result of client.iterate({ query, operationName, variables })) {
    const errors = result.errors?.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }));
    const next: ExecutionResult = { data: result.data, ...(errors ? { errors } : {}) };
    yield next;
  }
}

const authorizationOf = (opts: FetcherOpts | undefined): string | undefined => {
  const headers: Record<string, unknown> = opts?.headers ?? {};
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return typeof value === 'string' ? value : undefined;
};

const isSubscription = (query: string, operationName: string | null | undefined): boolean => {
  try {
    return getOperationAST(parse(query), operationName ?? undefined)?.operation === 'subscription';
  } catch {
    // Not parsable: the gateway answers with the parse error over HTTP.
    return false;
  }
};

const fetcher: Fetcher = (params, opts) => {
  if (!isSubscription(params.query, params.operationName)) return http(params, opts);
  return subscribe(socketFor(authorizationOf(opts)), params.query, params.operationName ?? null, params.variables ?? {});
};

const container = document.getElementById('graphiql');
if (container) {
  createRoot(container).render(
    createElement(GraphiQL, {
      fetcher,
      defaultHeaders: JSON.stringify({ Authorization: 'Bearer <access token from register or login>' }, null, 2),
      shouldPersistHeaders: true,
    }),
  );
}

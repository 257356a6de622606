import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { CLIENT_ADDRESS_HEADER, CLIENT_USER_AGENT_HEADER } from '@taskgraph/kit';
import { GraphQLError } from 'graphql';
import pRetry from 'p-retry';
import type { GatewayContext } from './context.js';
import { isTimeout } from './subgraph-fetcher.js';

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

interface ErrorBody {
  errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
}

/**
 * A subgraph could not answer. `transient` marks failures worth another try: the connection was
 * refused or dropped, or a proxy in front of it answered 502–504. A timeout is not one: the
 * caller's patience is spent, and a slow subgraph only gets slower with more calls.
 */
class SubgraphUnavailable extends GraphQLError {
  constructor(
    serviceName: string,
    reason: string,
    readonly transient: boolean,
  ) {
    super(`The ${serviceName} service ${reason}`, { extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName } });
  }
}

export interface RetryOptions {
  /** Further attempts after the first. */
  retries: number;
  /** Delay before the first retry; each next one doubles, with jitter. */
  delayMs: number;
}

/** The planner writes each fetch as an operation of its own: `mutation …` for mutation fields, anything else only reads. */
const readsOnly = (query: string | undefined): boolean => query !== undefined && !/^\s*mutation\b/.test(query);

/**
 * Calls a subgraph with the caller's token, request id, address, and the trace of the fetch.
 * A fetch that only reads is tried again after a transient failure; a mutation never is, since
 * it may have taken effect before the connection dropped.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    private readonly retry: RetryOptions,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource>[0],
  ) {
    super(config);
  }

  override process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    if (!readsOnly(options.request.query)) return super.process(options);
    return pRetry(() => super.process(options), {
      retries: this.retry.retries,
      minTimeout: this.retry.delayMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof SubgraphUnavailable && error.transient,
    });
  }

  /** A subgraph that cannot be reached (down, timed out) is named, without its address. */
  override didEncounterError(error: Error): never {
    if (error instanceof GraphQLError) throw error;
    if (isTimeout(error)) throw new SubgraphUnavailable(this.serviceName, 'did not answer in time', false);
    if ((error as { code?: string }).code === 'EOPENBREAKER') {
      throw new SubgraphUnavailable(this.serviceName, 'is unavailable (not called while it keeps failing)', false);
    }
    throw new SubgraphUnavailable(this.serviceName, 'is unavailable', true);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set('x-request-id', context.requestId);
    propagation.inject(otelContext.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
    // The address this gateway determined, in place of anything the client sent: subgraphs read this header only.
    headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
    headers.set(CLIENT_USER_AGENT_HEADER, context.userAgent ?? '');
  }

  /**
   * A subgraph answers some refusals with a 4xx and a GraphQL error (an invalid variable value,
   * a bad token): pass that error on as it is. Anything else becomes an internal error that
   * does not show the subgraph's address or response.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = (await this.parseBody(response).catch(() => null)) as ErrorBody | string | null;
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    if (first && typeof first.message === 'string' && typeof first.extensions?.code === 'string') {
      return new GraphQLError(first.message, { extensions: first.extensions });
    }
    if (response.status >= 502 && response.status <= 504) return new SubgraphUnavailable(this.serviceName, 'is unavailable', true);
    return new GraphQLError(`Subgraph answered ${response.status}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}

import { GraphQLError } from 'graphql';
import CircuitBreaker from 'opossum';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context.js';

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

interface ErrorBody {
  errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
}

export interface SubgraphFetchOptions {
  timeoutMs: number;
  breaker: { errorThresholdPercentage: number; volumeThreshold: number; resetMs: number };
  observe(outcome: string, seconds: number): void;
}

/**
 * Node's own fetch to one subgraph, with a deadline on every call and a circuit breaker
 * (opossum): a subgraph that keeps failing is not called for a while, so its fields fail at
 * once instead of each request waiting for the deadline; then a trial call closes it again.
 */
export function subgraphFetcher({ timeoutMs, breaker, observe }: SubgraphFetchOptions): { fetcher: Fetcher; circuit: CircuitBreaker } {
  const circuit = new CircuitBreaker(
    async (url: string, init: RequestInit) => {
      const started = performance.now();
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        observe(String(response.status), (performance.now() - started) / 1000);
        return response;
      } catch (error) {
        observe(error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable', (performance.now() - started) / 1000);
        throw error;
      }
    },
    { timeout: false, errorThresholdPercentage: breaker.errorThresholdPercentage, volumeThreshold: breaker.volumeThreshold, resetTimeout: breaker.resetMs },
  );
  const fetcher = ((url: string, init: RequestInit) => circuit.fire(url, init)) as unknown as Fetcher;
  return { fetcher, circuit };
}

/** Calls a subgraph with the caller's token, request id, trace context and address. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource>[0],
  ) {
    super(config);
  }

  /** A subgraph that cannot be reached (down, timed out) is named, without its address. */
  override didEncounterError(error: Error): never {
    if (error instanceof GraphQLError) throw error;
    const reason =
      error.name === 'TimeoutError'
        ? 'did not answer in time'
        : (error as { code?: string }).code === 'EOPENBREAKER'
          ? 'is unavailable (not called while it keeps failing)'
          : 'is unavailable';
    throw new GraphQLError(`The ${this.serviceName} service ${reason}`, { extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: this.serviceName } });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set('x-request-id', context.requestId);
    if (context.traceparent) headers.set('traceparent', context.traceparent);
    if (context.clientAddress) headers.set('x-forwarded-for', context.clientAddress);
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
    return new GraphQLError(`Subgraph answered ${response.status}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}

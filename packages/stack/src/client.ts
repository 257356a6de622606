import { ClientError, GraphQLClient as RequestClient } from 'graphql-request';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fields?: Record<string, string>; retryAfterSeconds?: number } & Record<string, unknown>;
}

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

/** What SQL looks like in an error, wherever it would come from (a driver's message, a stack trace). */
const SQL = /\b(select\s[\s\S]*\sfrom\s|insert into\s|update\s+"|delete from\s)/i;

/**
 * Checked on every response of every test: no error shows SQL (statements stay in the logs), and
 * only internal errors may carry a stack trace (outside production).
 */
export function assertSafeErrors(errors: readonly { extensions?: Record<string, unknown> | undefined }[] | undefined): void {
  const text = JSON.stringify(errors ?? []);
  if (SQL.test(text)) throw new Error(`a response shows SQL: ${text}`);
  const traced = (errors ?? []).find(
    (error) => error.extensions?.code !== 'INTERNAL_SERVER_ERROR' && error.extensions?.stacktrace !== undefined,
  );
  if (traced) throw new Error(`a ${String(traced.extensions?.code)} error carries a stack trace: ${JSON.stringify(traced)}`);
}

/** A GraphQL-over-HTTP client that returns errors instead of throwing them, so tests can look at them. */
export class GraphQLClient {
  private readonly client: RequestClient;

  constructor(
    readonly url: string,
    accessToken?: string,
    headers: Record<string, string> = {},
  ) {
    this.client = new RequestClient(url, {
      errorPolicy: 'all',
      headers: { ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}), ...headers },
    });
  }

  async request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
    try {
      const result = await this.client.rawRequest<T>(query, variables);
      assertSafeErrors(result.errors);
      return { status: result.status, data: result.data, ...(result.errors ? { errors: result.errors as GraphQLErrorShape[] } : {}) };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      const { status, data, errors } = error.response as { status: number; data?: T; errors?: GraphQLErrorShape[] };
      assertSafeErrors(errors);
      return { status, data: data ?? null, errors: errors ?? [{ message: error.message }] };
    }
  }

  /** The data of a request that must succeed; its errors, if any, fail the test. */
  async data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }
}

/** The `extensions.code` of each error, for compact assertions. */
export const errorCodes = (result: GraphQLResult<unknown>): (string | undefined)[] =>
  (result.errors ?? []).map((error) => error.extensions?.code);

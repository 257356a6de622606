/** What the app shows of a failed operation: the API's `extensions.code`, a message, and per-field messages. */
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';

export interface ErrorInfo {
  code: string;
  message: string;
  /** `extensions.fields` of BAD_USER_INPUT: input field → message, shown beside that input. */
  fields: Record<string, string>;
  reason?: string;
}

const readable: Record<string, string> = {
  UNAUTHENTICATED: 'Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'That conflicts with something that already exists.',
  RATE_LIMITED: 'Too many attempts: wait a moment and try again.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side.',
};

/** The GraphQL errors of a result, also when they came with an HTTP error status (401, 429). */
export function graphQLErrors(error: unknown): readonly GraphQLFormattedError[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: GraphQLFormattedError[] };
      return body.errors ?? [];
    } catch {
      return [];
    }
  }
  return [];
}

export function errorInfo(error: unknown): ErrorInfo {
  const [first] = graphQLErrors(error);
  if (!first) return { code: 'NETWORK', message: 'The server cannot be reached. Check your connection.', fields: {} };
  const extensions = first.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
  const fields: Record<string, string> = {};
  if (extensions.fields && typeof extensions.fields === 'object') {
    for (const [name, message] of Object.entries(extensions.fields)) if (typeof message === 'string') fields[name] = message;
  }
  const message = code === 'BAD_USER_INPUT' || code === 'CONFLICT' ? first.message : (readable[code] ?? first.message);
  return { code, message, fields, ...(typeof extensions.reason === 'string' ? { reason: extensions.reason } : {}) };
}

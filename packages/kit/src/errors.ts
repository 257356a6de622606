import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Logger } from './logger.js';

/** The error codes of the public contract. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', message);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const badUserInput = (fields: Record<string, string>, message = 'Invalid input') =>
  new AppError('BAD_USER_INPUT', message, { fields });
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', 'Too many attempts, try again later', { retryAfterSeconds });

/** An error for the HTTP layer (context creation), where the status code matters to clients and proxies. */
export const unauthenticatedRequest = (message: string) =>
  new AppError('UNAUTHENTICATED', message, { http: { status: 401 } });

/**
 * Turns whatever a resolver threw into an error of the contract. Errors that carry a code of
 * their own (ours, GraphQL validation, a subgraph's, seen at the gateway) pass through; unique
 * violations become CONFLICT; anything else is an INTERNAL_SERVER_ERROR, logged here and, in
 * production, sent without its message or details.
 */
export function createErrorFormatter(logger: Logger, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof UniqueConstraintViolationException) {
      return { message: 'Already exists', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'CONFLICT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    if (!production) return formatted;
    return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

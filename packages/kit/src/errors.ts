import { unwrapResolverError } from '@apollo/server/errors';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import pg from 'pg';
import type { Logger } from './logger.js';

/** The error codes of the public contract. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR'
  /** A live subscription's `after` cursor is older than the event history kept. */
  | 'CURSOR_EXPIRED';

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/** Why a caller is UNAUTHENTICATED (`extensions.reason`), so that a client knows whether to refresh or sign in. */
export type UnauthenticatedReason =
  /** The access token's `exp` has passed: refresh, then retry. */
  | 'TOKEN_EXPIRED'
  /** Bad signature, unknown key, wrong issuer or audience, malformed header or token. */
  | 'TOKEN_INVALID'
  /** The session was ended (logout, password change, refresh token reuse). */
  | 'SESSION_REVOKED'
  /** No token where one is needed, or wrong credentials: the user has to sign in. */
  | 'LOGIN_REQUIRED';

export const unauthenticated = (message = 'Authentication required', reason: UnauthenticatedReason = 'LOGIN_REQUIRED') =>
  new AppError('UNAUTHENTICATED', message, { reason });
export const sessionRevoked = (message: string) => unauthenticated(message, 'SESSION_REVOKED');
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', message);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const badUserInput = (fields: Record<string, string>, message = 'Invalid input') =>
  new AppError('BAD_USER_INPUT', message, { fields });
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', 'Too many attempts, try again later', { retryAfterSeconds });
/** A change of rights committed whose enforcers did not all apply it in time (see `RightsInForce`). */
export const notYetInForce = () =>
  new AppError(
    'INTERNAL_SERVER_ERROR',
    'The change is saved but not yet in force everywhere; it takes effect as soon as every service has caught up',
    { reason: 'NOT_YET_IN_FORCE' },
  );

/** An error for the HTTP layer (context creation), where the status code matters to clients and proxies. */
export const unauthenticatedRequest = (reason: UnauthenticatedReason, message: string) =>
  new AppError('UNAUTHENTICATED', message, { reason, http: { status: 401 } });

/** Network errors, Postgres' "shutting down" / "cannot connect now" / connection failures, and no pooled connection in time. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08001',
  '08006',
]);

/** The database could not be reached: the service's trouble, not the request's, and worth trying again. */
const databaseUnreachable = (error: unknown): boolean => {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return name === 'KnexTimeoutError' || (typeof code === 'string' && unreachableCodes.has(code));
};

/**
 * A driver or ORM error: its message and stack hold the SQL statement (and its parameters), so
 * neither leaves the service, in any mode.
 */
const fromDatabase = (error: unknown): boolean => {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof DriverException || cause instanceof pg.DatabaseError) return true;
  }
  return false;
};

/** A user error needs no stack trace, in development either: it is about the request, not the code. */
const withoutStacktrace = (formatted: GraphQLFormattedError): GraphQLFormattedError => {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
};

/**
 * Turns whatever a resolver threw into an error of the contract. Errors that carry a code of
 * their own (ours, GraphQL validation), and a subgraph's seen at the gateway, pass through; unique
 * violations become CONFLICT; an unreachable database is said so, without any detail; anything
 * else is an INTERNAL_SERVER_ERROR, logged here and, in production, sent without its message or
 * details (a database error never has them). Only internal errors keep a stack trace, and only
 * in development.
 */
export function createErrorFormatter(logger: Logger, production: boolean, service: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const path = formatted.path ? { path: formatted.path } : {};
    if (original instanceof UniqueConstraintViolationException) {
      return { message: 'Already exists', ...path, extensions: { code: 'CONFLICT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return withoutStacktrace(formatted);
    // Said on purpose, with a message written for clients: passed on as it is, in production too.
    if (original instanceof AppError) return withoutStacktrace(formatted);
    // At the gateway: the error of a subgraph, formatted (and masked, in production) by that subgraph, or naming one that is unavailable.
    if (typeof formatted.extensions?.serviceName === 'string') {
      logger.warn({ err: original, path: formatted.path }, 'subgraph error');
      return formatted;
    }
    if (databaseUnreachable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unreachable');
      return {
        message: `The ${service} service cannot reach its database; try again shortly`,
        ...path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    if (!production && !fromDatabase(original)) return formatted;
    return { message: 'Internal server error', ...path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

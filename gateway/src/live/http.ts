import { ApolloServerErrorCode } from '@apollo/server/errors';
import { authenticate, clientAddress, type TokenVerifier, type TrustedProxies, unauthenticated } from '@taskgraph/kit';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError, getOperationAST, type OperationTypeNode, parse } from 'graphql';
import type { TrustedDocuments } from '../trusted-documents.js';
import type { LiveAdmission, LiveContext, LiveTransport, SubscribeRequest } from './admit.js';
import type { HttpStreams } from './http-streams.js';
import { multipartTransport } from './multipart.js';
import { sseTransport } from './sse.js';
import { streamServesSubscriptions, subscriptionNeedsStream } from './wrong-transport.js';

export interface LiveHttpOptions {
  admission: LiveAdmission;
  streams: HttpStreams;
  verify: TokenVerifier;
  trusted: TrustedProxies;
  /** To know a subscription named by the hash of a trusted document. */
  trustedDocuments: TrustedDocuments;
  maxTokens: number;
}

/** The HTTP transport a request asks for by its accept header, if any. */
function streamingTransport(accept: string): LiveTransport | undefined {
  if (/\btext\/event-stream\b/i.test(accept)) return 'sse';
  if (/\bmultipart\/mixed\b[^,]*\bsubscriptionSpec\s*=\s*"?1\.0"?/i.test(accept)) return 'multipart';
  return undefined;
}

/**
 * Serves subscriptions over HTTP before Apollo Server sees them, on /graphql: SSE for
 * `accept: text/event-stream`, multipart for Apollo's `subscriptionSpec="1.0"`. A query or
 * mutation with the multipart accept header goes on to Apollo Server as any other; over SSE it is
 * refused (406). A request without a valid token is refused with 401 before anything else.
 */
export function liveHttp(options: LiveHttpOptions): RequestHandler {
  const sse = sseTransport(options.admission, options.streams);
  const multipart = multipartTransport(options.admission, options.streams);
  return async (req, res, next) => {
    const transport = streamingTransport(req.header('accept') ?? '');
    // Apollo Server would refuse a subscription over GET for its method, without saying where to send it.
    if (!transport && req.method !== 'GET') return next();
    const request = requestOf(req);
    if (request instanceof GraphQLError) return transport ? refuse(res, request, 400) : next();
    const kind = operationKind(request, options);
    if (!transport) return kind === 'subscription' ? refuse(res, subscriptionNeedsStream(), 406) : next();
    if (kind !== 'subscription') {
      // Apollo Server answers queries and mutations, and what cannot be parsed or found here, as usual.
      if (transport === 'multipart') return next();
      // SSE serves subscriptions only; what cannot be told, its admission answers in the stream.
      if (kind !== undefined) return refuse(res, streamServesSubscriptions(), 406);
    }
    const live = await authenticated(req, res, options);
    if (!live) return;
    if (transport === 'sse') await sse(req, res, live);
    else await multipart(request, res, live);
  };
}

/** The caller, or null once the 401 is sent: live subscriptions serve nobody anonymous. */
async function authenticated(req: Request, res: Response, options: LiveHttpOptions): Promise<LiveContext | null> {
  const header = req.header('authorization');
  let viewer: LiveContext['viewer'] | null;
  try {
    viewer = await authenticate(header, options.verify);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    refuse(res, error, 401);
    return null;
  }
  if (!viewer) {
    refuse(res, unauthenticated('Sign in to subscribe: send your access token in the Authorization header'), 401);
    return null;
  }
  return {
    viewer,
    authorization: header ?? null,
    requestId: req.header('x-request-id') ?? '',
    clientAddress: clientAddress(req, options.trusted),
    userAgent: req.header('user-agent') ?? null,
  };
}

/** An error response before any stream, as Apollo Server shapes one: the HTTP status is the response's, not the error's. */
function refuse(res: Response, error: GraphQLError, status: number): void {
  const { http: _status, ...extensions } = error.extensions;
  if (status === 401) res.setHeader('www-authenticate', 'Bearer');
  res.status(status).json({ errors: [{ message: error.message, extensions }] });
}

/** The operation as a POST body (parsed by express.json) or a GET query string (`variables` and `extensions` as JSON) holds it. */
function requestOf(req: Request): SubscribeRequest | GraphQLError {
  const fields: Record<string, unknown> =
    req.method === 'GET'
      ? { ...req.query, variables: json(req.query.variables), extensions: json(req.query.extensions) }
      : isRecord(req.body)
        ? req.body
        : {};
  const { query, documentId, extensions, variables, operationName } = fields;
  if (variables !== undefined && variables !== null && !isRecord(variables))
    return new GraphQLError('`variables` must be an object', { extensions: { code: ApolloServerErrorCode.BAD_REQUEST } });
  return {
    query,
    documentId,
    extensions,
    variables: variables ?? null,
    operationName: typeof operationName === 'string' ? operationName : null,
  };
}

/** What kind of operation the request names, when it can be told: subscriptions only are served here. */
function operationKind(request: SubscribeRequest, options: LiveHttpOptions): OperationTypeNode | undefined {
  const query = options.trustedDocuments.documentFor(request) ?? request.query;
  if (typeof query !== 'string') return undefined;
  try {
    const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
    return getOperationAST(parse(query, { maxTokens: options.maxTokens }), operationName)?.operation;
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A query string parameter holding JSON; what is not JSON is left as it is, to be refused for its type. */
function json(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

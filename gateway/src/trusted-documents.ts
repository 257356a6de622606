import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger, Metrics } from '@taskgraph/kit';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { Counter } from 'prom-client';
import { z } from 'zod';

export const trustedDocumentsModes = ['off', 'log', 'required'] as const;
export type TrustedDocumentsMode = (typeof trustedDocumentsModes)[number];

/** What a client sends to name its operation, over any transport: the document, or the hash of one in the manifest. */
export interface OperationSource {
  query?: unknown;
  extensions?: unknown;
  documentId?: unknown;
}

/**
 * The manifest GraphQL Code Generator's client preset writes with `persistedDocuments: true`:
 * hash → document, the hash as the GraphQL-over-HTTP persisted documents appendix writes it
 * (`sha256:<hex>`), or bare.
 */
const manifestShape = z.record(z.string().regex(/^(sha256:)?[0-9a-f]{64}$/), z.string().min(1));

/** A hash named with or without its `sha256:` prefix is the same hash. */
const bare = (hash: string) => hash.replace(/^sha256:/, '');

const persistedQueryShape = z.object({ persistedQuery: z.object({ sha256Hash: z.string() }) });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The hash a client named its operation by: `documentId` (the GraphQL-over-HTTP way) or APQ's `extensions.persistedQuery`. */
function namedHash({ documentId, extensions }: OperationSource): string | undefined {
  if (typeof documentId === 'string') return bare(documentId);
  const persisted = persistedQueryShape.safeParse(extensions);
  return persisted.success ? bare(persisted.data.persistedQuery.sha256Hash) : undefined;
}

/**
 * The operations clients are known to send (trusted documents), and what is done with any
 * other: `off` lets it through (APQ as Apollo provides), `log` lets it through but logs and
 * counts it, `required` refuses it. A document of the manifest may be sent by its hash alone.
 */
export class TrustedDocuments {
  private constructor(
    readonly mode: TrustedDocumentsMode,
    private readonly manifest: ReadonlyMap<string, string>,
    private readonly logger: Logger,
    private readonly untrusted: Counter<'outcome'>,
  ) {}

  static async load(
    { mode, path }: { mode: TrustedDocumentsMode; path: string | undefined },
    logger: Logger,
    metrics: Metrics,
  ): Promise<TrustedDocuments> {
    if (mode !== 'off' && !path) throw new Error(`TRUSTED_DOCUMENTS=${mode} needs TRUSTED_DOCUMENTS_PATH, the manifest of operations`);
    const manifest = path ? manifestShape.parse(JSON.parse(await readFile(path, 'utf8'))) : {};
    const untrusted = new Counter({
      name: 'untrusted_operations_total',
      help: 'Operations not in the trusted documents manifest, by what was done with them (logged, refused)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    const documents = new Map(Object.entries(manifest).map(([hash, document]) => [bare(hash), document]));
    return new TrustedDocuments(mode, documents, logger, untrusted);
  }

  /** The manifest's document that the client named by hash, or sent in full; undefined for any other. */
  documentFor(source: OperationSource): string | undefined {
    const hash = namedHash(source) ?? (typeof source.query === 'string' ? sha256(source.query) : undefined);
    return hash === undefined ? undefined : this.manifest.get(hash);
  }

  /**
   * Decides on one operation before anything else is done with it, for every transport (HTTP,
   * WebSocket, and any other): the document to run (the manifest's, or undefined to run what the
   * client sent), or the error to answer with. Untrusted operations are logged and counted here.
   */
  admit(source: OperationSource, transport: string): { document: string | undefined } | { error: GraphQLError; status: number } {
    const document = this.documentFor(source);
    if (document !== undefined || this.mode === 'off') return { document };
    const hash = namedHash(source);
    if (this.mode === 'log') {
      this.untrusted.inc({ outcome: 'logged' });
      this.logger.warn({ transport, hash, persisted: hash !== undefined }, 'an operation not in the trusted documents manifest');
      return { document };
    }
    this.untrusted.inc({ outcome: 'refused' });
    // A hash alone cannot be run; a document sent in full (APQ registration included) is not trusted.
    return hash !== undefined && !source.query
      ? {
          error: new GraphQLError('This persisted document is not in the trusted documents manifest', {
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
          }),
          status: 400,
        }
      : {
          error: new GraphQLError('Only trusted documents are accepted: send an operation of the manifest, by its hash', {
            extensions: { code: 'FORBIDDEN' },
          }),
          status: 403,
        };
  }

  /** Refuses (or logs) HTTP operations not in the manifest before Apollo parses, plans or registers anything. */
  httpAdmission(): RequestHandler {
    return (req, res, next) => {
      const admitted = this.admit(req.method === 'GET' ? queryStringSource(req.query) : (req.body ?? {}), 'http');
      if (!('error' in admitted)) {
        next();
        return;
      }
      res.status(admitted.status).json({ errors: [admitted.error.toJSON()] });
    };
  }

  /**
   * Puts the manifest's document in place of a hash, before Apollo's own APQ handling: a trusted
   * document is then neither looked up in nor registered to the APQ cache.
   */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async ({ request }) => {
        // Apollo keeps no `documentId`: it is read where the client put it, the body or (GET) the query string.
        const body = request.http?.body;
        const documentId =
          typeof body === 'object' && body !== null && 'documentId' in body
            ? body.documentId
            : (new URLSearchParams(request.http?.search).get('documentId') ?? undefined);
        const document = this.documentFor({ query: request.query, extensions: request.extensions, documentId });
        if (document === undefined) return;
        request.query = document;
        if (request.extensions) {
          const { persistedQuery: _named, ...extensions } = request.extensions;
          request.extensions = extensions;
        }
      },
    };
  }
}

/** A GET request's operation: its `extensions` is JSON in the query string. */
function queryStringSource(params: Record<string, unknown>): OperationSource {
  const { query, documentId, extensions } = params;
  if (typeof extensions !== 'string') return { query, documentId };
  try {
    return { query, documentId, extensions: JSON.parse(extensions) };
  } catch {
    // Apollo answers a malformed `extensions` itself.
    return { query, documentId };
  }
}

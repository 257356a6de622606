/**
 * Every operation goes by its hash in the trusted documents manifest (src/gql/persisted-documents.json), so the app
 * runs against a gateway that accepts nothing else (`TRUSTED_DOCUMENTS=required`).
 *
 * The hash is the one the code generator embedded in the document (`__meta__.hash`), computed over the document as
 * the manifest holds it, `__typename` included: hashing Apollo's printed text instead would give a hash of no
 * manifest entry, as the generator normalizes the document before hashing it.
 */
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { DocumentNode } from 'graphql';

/** The document's hash in the manifest, as APQ names it (bare hex, without the manifest's `sha256:` prefix). */
export function documentHash(document: DocumentNode): string {
  const meta = '__meta__' in document ? document.__meta__ : undefined;
  const hash = typeof meta === 'object' && meta !== null && 'hash' in meta ? meta.hash : undefined;
  if (typeof hash !== 'string') {
    throw new Error('The operation has no trusted document hash: write it with graphql() from src/gql and run `npm run codegen -w web`');
  }
  return hash.replace(/^sha256:/, '');
}

/**
 * Over HTTP the hash alone is sent (`extensions.persistedQuery`, no `query`); over graphql-ws, whose subscribe message
 * requires a query, the document goes with it, and the gateway runs the manifest's document named by the hash.
 *
 * A hash the gateway does not know is not retried with the full document: that document is not the manifest's text,
 * so a gateway with trusted documents would refuse it, and one with APQ would find that it does not match the hash.
 */
export const persistedDocumentsLink = new PersistedQueryLink({ generateHash: documentHash, retry: () => false });

import { type DocumentNode, parse } from 'graphql';
import { LRUCache } from 'lru-cache';

/** Distinct subscription texts whose parsed documents are kept. */
const DOCUMENTS_KEPT = 1000;

/**
 * Subscription documents parsed once per distinct text: thousands of clients send the same
 * subscription, and a parsed document (its nodes, their locations, the token list) costs more
 * than the rest of a subscription's state. Documents are never changed after parsing, so one
 * serves every subscription with that text. A text that does not parse is not kept.
 */
export class ParsedDocuments {
  private readonly documents = new LRUCache<string, DocumentNode>({ max: DOCUMENTS_KEPT });

  constructor(private readonly maxTokens: number) {}

  /** The document of `text`; throws graphql's syntax error as `parse` does. */
  parse(text: string): DocumentNode {
    let document = this.documents.get(text);
    if (!document) {
      document = parse(text, { maxTokens: this.maxTokens });
      this.documents.set(text, document);
    }
    return document;
  }
}

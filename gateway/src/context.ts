import {
  authenticateUnlessPublic,
  clientAddress,
  isPublicOperation,
  type TokenVerifier,
  type TrustedProxies,
  type Viewer,
} from '@taskgraph/kit';
import type { Request } from 'express';
import type { RateLimits } from './rate-limits.js';

/** What the gateway knows of a request, and forwards to the subgraphs. */
export interface GatewayContext {
  viewer: Viewer | null;
  /** The verified bearer token, passed on: subgraphs verify it again rather than trust the gateway. */
  authorization: string | null;
  requestId: string;
  clientAddress: string;
  /** Passed on for the sessions list (accounts records it at sign-in). */
  userAgent: string | null;
}

export interface ContextOptions {
  verify: TokenVerifier;
  limits: RateLimits;
  trusted: TrustedProxies;
  maxTokens: number;
}

export async function createContext(req: Request, { verify, limits, trusted, maxTokens }: ContextOptions): Promise<GatewayContext> {
  const header = req.header('authorization');
  const viewer = await authenticateUnlessPublic(header, verify, () => isPublicOperation(req.body, maxTokens));
  const address = clientAddress(req, trusted);
  await limits.consume(viewer, address);
  return {
    viewer,
    // A token ignored for a public operation is not passed on, so no subgraph refuses it either.
    authorization: viewer ? (header ?? null) : null,
    requestId: req.header('x-request-id') ?? '',
    clientAddress: address,
    userAgent: req.header('user-agent') ?? null,
  };
}

import type { Request } from 'express';
import { authenticate, type TokenVerifier, type Viewer } from '@taskgraph/kit';
import type { RateLimits } from './rate-limits.js';

/** What the gateway knows of a request, and forwards to the subgraphs. */
export interface GatewayContext {
  viewer: Viewer | null;
  /** The verified bearer token, passed on: subgraphs verify it again rather than trust the gateway. */
  authorization: string | null;
  requestId: string;
  clientAddress: string;
}

export async function createContext(req: Request, verify: TokenVerifier, limits: RateLimits): Promise<GatewayContext> {
  const authorization = req.header('authorization') ?? null;
  const viewer = await authenticate(authorization ?? undefined, verify);
  const clientAddress = req.ip ?? '';
  await limits.consume(viewer, clientAddress);
  return {
    viewer,
    authorization,
    requestId: req.header('x-request-id') ?? '',
    clientAddress,
  };
}

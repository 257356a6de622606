/**
 * Hive Gateway's configuration for the peer benchmark (`hive-gateway supergraph <file>
 * --config-path <this file, compiled>`): its defaults, plus passing the caller's token on, since
 * every subgraph verifies it itself.
 */
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
  },
});

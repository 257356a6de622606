/**
 * A client's `codegen.ts` for GraphQL Code Generator's client preset, as README shows it: typed
 * operations from `schema/api.graphql`, and the manifest of trusted documents for the gateway.
 * The codegen test runs it on a sample client.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema/api.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      // Writes src/gql/persisted-documents.json (hash → document), for the gateway's TRUSTED_DOCUMENTS_PATH;
      // the client then sends each operation by its hash alone.
      presetConfig: { persistedDocuments: true },
      config: { useTypeImports: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;

/**
 * GraphQL Code Generator's client preset over the app's documents: typed documents in src/gql and the
 * persisted-documents manifest (hash → document) a gateway can require as its trusted documents. Each typed document
 * carries its hash (`__meta__.hash`), by which the app sends it.
 *
 * The schema is schema/api.graphql, the public API the repository generates beside the supergraph (what any
 * client of the gateway is written against), so a change of API shows here once `npm run compose` has run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

export const webRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const generatedDir = path.join(webRoot, 'src', 'gql');
const apiSchemaFile = path.join(webRoot, '..', 'schema', 'api.graphql');

/** Writes the generated files into `outDir` (src/gql for the committed ones). */
export async function generateClient(outDir: string): Promise<void> {
  await generate(
    {
      schema: apiSchemaFile,
      documents: [path.join(webRoot, 'src/**/*.{ts,tsx}'), `!${path.join(generatedDir, '**')}`],
      silent: true,
      generates: {
        [`${outDir}/`]: {
          preset: 'client',
          // Apollo Client selects __typename in every object before sending: the manifest holds the documents as it
          // sends them, so a gateway that runs only the manifest's documents gives the cache what it normalizes by.
          documentTransforms: [addTypenameSelectionDocumentTransform],
          presetConfig: {
            fragmentMasking: false,
            persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
          },
          config: {
            enumsAsTypes: true,
            useTypeImports: true,
            strictScalars: true,
            scalars: { DateTime: 'string' },
          },
        },
      },
    },
    true,
  );
}

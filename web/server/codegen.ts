/**
 * GraphQL Code Generator's client preset over the app's documents: typed documents in src/gql and the
 * persisted-documents manifest (hash → document) a gateway can require as its trusted documents.
 *
 * The schema is the client's view of the supergraph: schema/supergraph.graphql with the federation machinery
 * (join directives, inaccessible fields) taken out, as a gateway serves it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { generate } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';

export const webRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const generatedDir = path.join(webRoot, 'src', 'gql');
const supergraphFile = path.join(webRoot, '..', 'schema', 'supergraph.graphql');

export async function apiSchemaSdl(): Promise<string> {
  const supergraph = Supergraph.build(await readFile(supergraphFile, 'utf8'));
  return printSchema(supergraph.apiSchema().toGraphQLJSSchema());
}

/** Writes the generated files into `outDir` (src/gql for the committed ones). */
export async function generateClient(outDir: string): Promise<void> {
  await generate(
    {
      schema: await apiSchemaSdl(),
      documents: [path.join(webRoot, 'src/**/*.{ts,tsx}'), `!${path.join(generatedDir, '**')}`],
      silent: true,
      generates: {
        [`${outDir}/`]: {
          preset: 'client',
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

/**
 * Supergraphs composed for a test from the committed SDL of every subgraph (`schema/<name>.graphql`),
 * some of them edited: real compositions, as `npm run compose` makes them, of a slightly different graph.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { LIVE_SUBGRAPH } from '@taskgraph/gateway/live-schema';
import { gateway, subgraphs } from '@taskgraph/kit';
import { parse } from 'graphql';

const schemaDir = new URL('../../../schema/', import.meta.url);

/** Replaces `from` with `to` in one subgraph's SDL; fails when `from` is not there, so an edit cannot silently do nothing. */
export const edit =
  (from: string, to: string) =>
  (sdl: string): string => {
    if (!sdl.includes(from)) throw new Error(`the subgraph SDL has no ${JSON.stringify(from)}`);
    return sdl.replace(from, to);
  };

/** The supergraph of every subgraph but those left `out`, each SDL passed through its `edits` first. */
export async function composeSupergraph(
  edits: Record<string, (sdl: string) => string> = {},
  { out = [] }: { out?: string[] } = {},
): Promise<string> {
  const members = [...subgraphs, { name: LIVE_SUBGRAPH, port: gateway.port }].filter(({ name }) => !out.includes(name));
  const services = await Promise.all(
    members.map(async ({ name, port }) => {
      const sdl = await readFile(new URL(`${name}.graphql`, schemaDir), 'utf8');
      return { name, url: `http://localhost:${port}/graphql`, typeDefs: parse(edits[name]?.(sdl) ?? sdl) };
    }),
  );
  const result = composeServices(services);
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.supergraphSdl;
}

/** The committed supergraph, what the gateway serves by default. */
export const committedSupergraph = (): Promise<string> => readFile(new URL('supergraph.graphql', schemaDir), 'utf8');

/** Writes the file as editors and deploy tools do: to a temporary name, then renamed over it. */
export async function replaceFile(file: string, content: string): Promise<void> {
  await writeFile(`${file}.tmp`, content);
  await rename(`${file}.tmp`, file);
}

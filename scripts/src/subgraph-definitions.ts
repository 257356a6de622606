import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SubgraphDefinition } from '@taskgraph/kit';
import type { z } from 'zod';
import { repoRoot, subgraphs } from './services.js';

/** Loads each subgraph's definition from its compiled `subgraph.js` (export named after the subgraph). */
export async function loadSubgraphDefinition(name: string): Promise<SubgraphDefinition<z.ZodRawShape, unknown>> {
  const file = path.join(repoRoot, 'subgraphs', name, 'dist', 'src', 'subgraph.js');
  const module = (await import(pathToFileURL(file).href)) as Record<string, SubgraphDefinition<z.ZodRawShape, unknown>>;
  const definition = module[name];
  if (!definition) throw new Error(`${file} does not export "${name}"`);
  return definition;
}

export const subgraphNames = (): string[] => subgraphs.map((service) => service.name);

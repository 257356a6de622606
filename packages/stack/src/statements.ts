import type { Stack } from './stack.js';

/** The SQL statements each subgraph runs on behalf of the requests made while `work` runs. */
export async function countStatements(stack: Stack, work: () => Promise<unknown>): Promise<Record<string, number>> {
  const subgraphs = Object.entries(stack.subgraphs);
  const before = subgraphs.map(([, subgraph]) => subgraph.statements.count);
  await work();
  return Object.fromEntries(subgraphs.map(([name, subgraph], i) => [name, subgraph.statements.count - before[i]!]));
}

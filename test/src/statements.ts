import type { Stack } from './stack.js';

/** Counts the SQL statements each subgraph runs while `work` runs (from their query builders' events). */
export async function countStatements(stack: Stack, work: () => Promise<unknown>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const detach: (() => void)[] = [];
  for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
    counts[name] = 0;
    const knex = subgraph.orm.em.getKnex();
    const listener = () => {
      counts[name]! += 1;
    };
    knex.on('query', listener);
    detach.push(() => knex.off('query', listener));
  }
  try {
    await work();
  } finally {
    for (const off of detach) off();
  }
  return counts;
}

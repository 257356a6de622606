/**
 * SQL statements each subgraph runs for one request of each peer-benchmark operation, at two
 * page sizes: they must be the same at both. The subgraphs count the statements they run on
 * behalf of requests in memory only, so this part runs the stack in this process (as the N+1
 * test does), with seeded data of its own.
 */
import { countStatements, startStack } from '@taskgraph/stack';
import { graphqlData } from './graphql-http.js';
import { peerOperations } from './peer-operations.js';
import { seed } from './seed.js';

export interface StatementCounts {
  operation: string;
  page: number;
  smallPage: number;
  /** Statements per subgraph at the timed page size, and at the small one. */
  atPage: Record<string, number>;
  atSmallPage: Record<string, number>;
}

export async function countPeerStatements(progress: (message: string) => void): Promise<StatementCounts[]> {
  const stack = await startStack({ LOG_LEVEL: 'silent' });
  try {
    // One project of 5 members and 150 tasks: every member is assigned 30, more than any page reads.
    const data = await seed(
      stack.gateway.url,
      { users: 5, projects: 1, membersPerProject: 5, tasksPerProject: 150, commentEvery: 2, commentsPerTask: 2 },
      progress,
    );
    const token = data.users[0]!.token;
    const counts: StatementCounts[] = [];
    for (const operation of peerOperations) {
      const measure = async (first: number) => {
        const run = () => graphqlData(stack.gateway.url, operation.query, operation.variables(data, 0, first), token);
        await run(); // warms what is not per request (the JWKS, plans)
        return countStatements(stack, run);
      };
      counts.push({
        operation: operation.name,
        page: operation.page,
        smallPage: operation.smallPage,
        atPage: await measure(operation.page),
        atSmallPage: await measure(operation.smallPage),
      });
    }
    return counts;
  } finally {
    await stack.stop();
  }
}

/** One row per operation: each subgraph's statements at the timed page size and at the small one, and whether they are the same. */
export function statementTable(counts: StatementCounts[]): string {
  const subgraphs = [...new Set(counts.flatMap((count) => Object.keys(count.atPage)))];
  const cell = (count: StatementCounts, subgraph: string) => `${count.atSmallPage[subgraph] ?? 0} → ${count.atPage[subgraph] ?? 0}`;
  const constant = (count: StatementCounts) =>
    subgraphs.every((subgraph) => (count.atSmallPage[subgraph] ?? 0) === (count.atPage[subgraph] ?? 0));
  return [
    `| operation | page sizes | ${subgraphs.join(' | ')} | constant in page size |`,
    `|---|---|${subgraphs.map(() => '---:').join('|')}|---|`,
    ...counts.map(
      (count) =>
        `| ${count.operation} | ${count.smallPage} → ${count.page} | ${subgraphs.map((subgraph) => cell(count, subgraph)).join(' | ')} | ${constant(count) ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}

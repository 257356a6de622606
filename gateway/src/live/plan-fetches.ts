import type { PlanNode } from '@apollo/query-planner';

/**
 * How many fetches one execution of a plan makes at most: every Fetch node runs once per
 * execution (a Flatten batches all its entities into one fetch), and of a Condition only one
 * branch runs.
 */
export function planFetches(node: PlanNode): number {
  switch (node.kind) {
    case 'Fetch':
      return 1;
    case 'Flatten':
      return planFetches(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.reduce((sum, child) => sum + planFetches(child), 0);
    case 'Condition':
      return Math.max(node.ifClause ? planFetches(node.ifClause) : 0, node.elseClause ? planFetches(node.elseClause) : 0);
    case 'Defer':
      return (
        (node.primary.node ? planFetches(node.primary.node) : 0) +
        node.deferred.reduce((sum, deferred) => sum + (deferred.node ? planFetches(deferred.node) : 0), 0)
      );
  }
}

import { runSubgraph } from '@taskgraph/kit';
import { tasks } from './subgraph.js';

runSubgraph(tasks);

import { runSubgraph } from '@taskgraph/kit';
import { accounts } from './subgraph.js';

runSubgraph(accounts);

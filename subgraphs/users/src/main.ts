import { runSubgraph } from '@taskgraph/kit';
import { users } from './subgraph.js';

runSubgraph(users);

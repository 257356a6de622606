import { runSubgraph } from '@taskgraph/kit';
import { notifications } from './subgraph.js';

runSubgraph(notifications);

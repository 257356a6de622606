import { runSubgraph } from '@taskgraph/kit';
import { projects } from './subgraph.js';

runSubgraph(projects);

export { gateway, services, subgraphs, subgraphUrlVariable, type ServiceInfo } from '@taskgraph/kit';
export { repoRoot } from '@taskgraph/kit/processes';

export { gateway, type ServiceInfo, services, subgraphs, subgraphUrlVariable } from '@taskgraph/kit';
export { repoRoot } from '@taskgraph/kit/processes';

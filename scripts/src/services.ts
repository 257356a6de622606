import { fileURLToPath } from 'node:url';

export { gateway, services, subgraphs, subgraphUrlVariable, type ServiceInfo } from '@taskgraph/kit';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { authSettings, commonSettings, databaseSettings, eventSettings } from '@taskgraph/kit';
import { repoRoot, subgraphs, subgraphUrlVariable, type ServiceInfo } from './services.js';
import { loadSubgraphDefinition } from './subgraph-definitions.js';

/**
 * Read by the kit's subgraph server beside the shared groups above. Its full settings shape is
 * private to packages/kit/src/subgraph.ts, so these are named here; keep them in step with it.
 */
const subgraphServerSettings = ['PORT', 'INTROSPECTION_ENABLED', 'REQUEST_BODY_LIMIT'];

/**
 * The environment variables a service reads: the keys of its settings objects (plus the
 * gateway's `<NAME>_URL` overrides). Deployment files that set anything else set it for nothing.
 */
export async function settingNames(service: ServiceInfo): Promise<Set<string>> {
  if (service.kind === 'gateway') {
    // Not exported by the gateway package: loaded from its compiled file, as subgraph definitions are.
    const file = path.join(repoRoot, 'gateway', 'dist', 'src', 'settings.js');
    const { gatewaySettings } = (await import(pathToFileURL(file).href)) as { gatewaySettings: Record<string, unknown> };
    return new Set([...Object.keys(gatewaySettings), ...subgraphs.map(({ name }) => subgraphUrlVariable(name))]);
  }
  const definition = await loadSubgraphDefinition(service.name);
  const shared = [commonSettings, authSettings, databaseSettings, eventSettings].flatMap((group) => Object.keys(group));
  return new Set([...shared, ...subgraphServerSettings, ...Object.keys(definition.settings)]);
}

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serviceSettingsShape, subgraphSettingsShape } from '@taskgraph/kit';
import { repoRoot, type ServiceInfo, subgraphs, subgraphUrlVariable } from './services.js';
import { loadSubgraphDefinition } from './subgraph-definitions.js';

/**
 * The environment variables a service reads: the keys of its settings objects (plus the
 * gateway's `<NAME>_URL` overrides). Deployment files that set anything else set it for nothing.
 */
export async function settingNames(service: ServiceInfo): Promise<Set<string>> {
  if (service.kind === 'gateway') {
    // Not exported by the gateway package: loaded from its compiled file, as subgraph definitions are.
    const file = path.join(repoRoot, 'gateway', 'dist', 'src', 'settings.js');
    const { gatewaySettings } = (await import(pathToFileURL(file).href)) as { gatewaySettings: Record<string, unknown> };
    return new Set([
      ...Object.keys(serviceSettingsShape(0)),
      ...Object.keys(gatewaySettings),
      ...subgraphs.map(({ name }) => subgraphUrlVariable(name)),
    ]);
  }
  const definition = await loadSubgraphDefinition(service.name);
  return new Set([...Object.keys(subgraphSettingsShape(0)), ...Object.keys(definition.settings)]);
}

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { settingNames } from '../src/service-settings.js';
import { gateway, repoRoot, services, subgraphs, subgraphUrlVariable } from '../src/services.js';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const read = (file: string) => readFile(path.join(repoRoot, file), 'utf8');

// No Docker engine runs here, so the container files are checked against the service list instead.
describe('docker-compose.yml and the Dockerfile', () => {
  it('run every service of the supergraph, as npm start does', async () => {
    const compose = parse(await read('docker-compose.yml')) as { services: Record<string, ComposeService> };
    for (const service of services) {
      const entry = compose.services[service.name];
      assert.ok(entry, `${service.name} is in docker-compose.yml`);
      assert.deepEqual(entry.command, ['node', service.entry], `${service.name} runs its entry point`);
      assert.equal(entry.environment?.PORT, String(service.port), `${service.name} listens on its port`);
      assert.ok(entry.healthcheck?.test.join(' ').includes(`:${service.port}/health/ready`), `${service.name} has a readiness check`);
    }
    for (const { name, port } of subgraphs) {
      assert.match(
        compose.services[name]?.environment?.DATABASE_URL ?? '',
        new RegExp(`/taskgraph_${name}$`),
        `${name} has a database of its own`,
      );
      assert.equal(compose.services[gateway.name]?.environment?.[subgraphUrlVariable(name)], `http://${name}:${port}/graphql`);
      assert.equal(compose.services[gateway.name]?.depends_on?.[name]?.condition, 'service_healthy');
    }
  });

  it('serves the built web app, pointed at the gateway', async () => {
    const compose = parse(await read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
    const web = compose.services.web;
    assert.deepEqual(web?.command, ['node', 'web/dist/node/server/main.js']);
    assert.match(web?.environment?.GATEWAY_URL ?? '', new RegExp(`:${gateway.port}/graphql}?$`));
    assert.equal(web?.depends_on?.[gateway.name]?.condition, 'service_healthy');
  });

  it('sets only environment variables the services read', async () => {
    // The shared environment is merged in with `<<`, which YAML 1.2 leaves alone unless asked.
    const compose = parse(await read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
    for (const service of services) {
      const names = await settingNames(service);
      for (const variable of Object.keys(compose.services[service.name]?.environment ?? {})) {
        assert.ok(names.has(variable), `${service.name} reads ${variable}`);
      }
    }
  });

  it('builds an image holding every workspace the services need, running as a non-root user', async () => {
    const dockerfile = await read('Dockerfile');
    for (const folder of ['packages', 'subgraphs', 'gateway', 'schema']) {
      assert.match(dockerfile, new RegExp(`COPY --from=build .*/app/${folder} \\./${folder}`), `the image has ${folder}/`);
    }
    assert.match(dockerfile, /COPY --from=build .*\/app\/web\/dist \.\/web\/dist/, 'the image has the built web app');
    assert.match(dockerfile, /npm run build/, 'the image is built as npm run build builds, web app included');
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /npm prune --omit=dev/);
  });
});

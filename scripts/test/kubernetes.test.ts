import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { settingNames } from '../src/service-settings.js';
import { gateway, repoRoot, type ServiceInfo, services, subgraphs, subgraphUrlVariable } from '../src/services.js';

interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface Probe {
  httpGet?: { path: string; port: number | string };
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}

interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    terminationGracePeriodSeconds?: number;
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  };
}

/** The fields of the kinds in deploy/ that these checks read, all in one shape. */
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    serviceName?: string;
    clusterIP?: string;
    selector?: Record<string, string> & { matchLabels?: Record<string, string> };
    template?: PodTemplate;
    volumeClaimTemplates?: { metadata: { name: string } }[];
    ports?: { name?: string; port: number; targetPort?: number | string }[];
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { type: string; resource?: { name: string } }[];
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    podSelector?: { matchLabels?: Record<string, string> };
    policyTypes?: string[];
    ingress?: { from?: { podSelector?: { matchLabels?: Record<string, string> } }[]; ports?: { protocol?: string; port: number }[] }[];
  };
}

const deployDir = path.join(repoRoot, 'deploy');
/** Secrets are templates kept out of kustomization.yaml, so that placeholders are never applied. */
const secretsTemplate = 'secrets.example.yaml';
/** Apollo's drain of in-flight requests on stop (ApolloServerPluginDrainHttpServer's default). */
const drainSeconds = 10;

async function readManifests(file: string): Promise<Manifest[]> {
  const documents = parseAllDocuments(await readFile(path.join(deployDir, file), 'utf8'));
  const list = Array.isArray(documents) ? documents : [documents];
  return list.flatMap((document) => {
    assert.deepEqual(document.errors, [], `${file} is valid YAML`);
    const value = document.toJS() as Manifest | null;
    return value ? [value] : [];
  });
}

let manifestFiles: string[] = [];
let manifests: Manifest[] = [];
let secrets: Manifest[] = [];
let compose: { 'x-service': { image: string }; services: Record<string, { command: string[] }> };

const find = (kind: string, name: string): Manifest => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  assert.ok(found, `deploy/ has a ${kind} named ${name}`);
  return found;
};

const template = (workload: Manifest): PodTemplate => {
  assert.ok(workload.spec?.template, `${workload.kind} ${workload.metadata.name} has a pod template`);
  return workload.spec.template;
};

const mainContainer = (workload: Manifest): Container => {
  const [container] = template(workload).spec.containers;
  assert.ok(container, `${workload.metadata.name} has a container`);
  return container;
};

/** A probe's or Service's port, by number or by the container port's name. */
function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels?.[key] === value);

/** Every variable a container gets and its value (undefined when it comes from elsewhere, e.g. a field reference). */
function environment(container: Container): Map<string, string | undefined> {
  const variables = new Map<string, string | undefined>();
  for (const source of container.envFrom ?? []) {
    const configMap = source.configMapRef && manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === source.configMapRef?.name);
    const secret = source.secretRef && secrets.find((m) => m.metadata.name === source.secretRef?.name);
    const values = configMap?.data ?? secret?.stringData;
    assert.ok(values, `the ConfigMap or Secret ${source.configMapRef?.name ?? source.secretRef?.name} that ${container.name} loads exists`);
    for (const [key, value] of Object.entries(values)) variables.set(key, value);
  }
  for (const { name, value } of container.env ?? []) variables.set(name, value);
  return variables;
}

// No cluster and no kubeconform here: the manifests are checked against the code instead.
describe('the Kubernetes manifests in deploy/', () => {
  before(async () => {
    manifestFiles = (await readdir(deployDir)).filter(
      (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml' && file !== secretsTemplate,
    );
    manifests = (await Promise.all(manifestFiles.map(readManifests))).flat();
    secrets = await readManifests(secretsTemplate);
    compose = parse(await readFile(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as typeof compose;
  });

  it('are all listed in kustomization.yaml, in one namespace', async () => {
    const kustomization = parse(await readFile(path.join(deployDir, 'kustomization.yaml'), 'utf8')) as {
      namespace: string;
      resources: string[];
      images?: { name: string }[];
    };
    assert.deepEqual([...kustomization.resources].sort(), [...manifestFiles].sort());
    assert.ok(
      kustomization.images?.some(({ name }) => name === compose['x-service'].image),
      'the image can be pointed at a registry',
    );
    find('Namespace', kustomization.namespace);
    for (const manifest of [...manifests, ...secrets].filter(({ kind }) => kind !== 'Namespace')) {
      assert.equal(manifest.metadata.namespace, kustomization.namespace, `${manifest.kind} ${manifest.metadata.name} is in the namespace`);
    }
    assert.ok(secrets.length && secrets.every(({ kind }) => kind === 'Secret'), `${secretsTemplate} holds Secrets only`);
  });

  for (const service of services) {
    describe(service.name, () => {
      it('runs the image of docker-compose.yml with the same command, on its port', () => {
        const container = mainContainer(find('Deployment', service.name));
        assert.equal(container.image, compose['x-service'].image);
        assert.deepEqual(container.args, compose.services[service.name]?.command, 'the arguments docker-compose.yml gives');
        assert.deepEqual(container.args, ['node', service.entry]);
        assert.equal(container.command, undefined, "the image's entry point is kept, as docker-compose.yml does");
        assert.deepEqual(
          container.ports?.map(({ containerPort }) => containerPort),
          [service.port],
        );
        assert.equal(environment(container).get('PORT'), String(service.port));
      });

      it('has a Service, an autoscaler on CPU and a disruption budget for its pods', () => {
        const deployment = find('Deployment', service.name);
        const container = mainContainer(deployment);
        const labels = template(deployment).metadata.labels;
        assert.ok(selects(deployment.spec?.selector?.matchLabels, labels), 'the Deployment selects its pods');

        const svc = find('Service', service.name);
        assert.ok(selects(svc.spec?.selector, labels), 'the Service selects the pods');
        assert.equal(svc.spec?.ports?.length, 1);
        assert.equal(svc.spec?.ports?.[0]?.port, service.port, 'the Service port is the one the others call');
        assert.equal(resolvePort(container, svc.spec?.ports?.[0]?.targetPort), service.port);

        const hpa = find('HorizontalPodAutoscaler', service.name);
        assert.equal(hpa.apiVersion, 'autoscaling/v2');
        assert.deepEqual(hpa.spec?.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: service.name });
        assert.ok((hpa.spec?.minReplicas ?? 0) >= 2, 'at least two replicas, so one can be lost');
        assert.ok((hpa.spec?.maxReplicas ?? 0) >= (hpa.spec?.minReplicas ?? 0));
        assert.ok(
          hpa.spec?.metrics?.some(({ type, resource }) => type === 'Resource' && resource?.name === 'cpu'),
          'scales on CPU',
        );

        const pdb = find('PodDisruptionBudget', service.name);
        assert.equal(pdb.apiVersion, 'policy/v1');
        assert.ok(selects(pdb.spec?.selector?.matchLabels, labels), 'the budget covers the pods');
      });

      it('is probed on /health/live and /health/ready, on its port', () => {
        const container = mainContainer(find('Deployment', service.name));
        const probes = { startupProbe: '/health/live', livenessProbe: '/health/live', readinessProbe: '/health/ready' } as const;
        for (const [probe, expected] of Object.entries(probes) as [keyof typeof probes, string][]) {
          const httpGet = container[probe]?.httpGet;
          assert.equal(httpGet?.path, expected, `${probe} path`);
          assert.equal(resolvePort(container, httpGet?.port), service.port, `${probe} port`);
        }
      });

      it('is scraped at /metrics, limited, unprivileged, and stopped gracefully', () => {
        const deployment = find('Deployment', service.name);
        const { metadata, spec } = template(deployment);
        const container = mainContainer(deployment);
        assert.equal(metadata.annotations?.['prometheus.io/scrape'], 'true');
        assert.equal(metadata.annotations?.['prometheus.io/port'], String(service.port));
        assert.equal(metadata.annotations?.['prometheus.io/path'], '/metrics');
        for (const kind of ['requests', 'limits'] as const) {
          assert.ok(container.resources?.[kind]?.cpu && container.resources[kind].memory, `${kind} for cpu and memory`);
        }
        assert.equal(spec.securityContext?.runAsNonRoot, true);
        // The image's USER is a name, which the kubelet cannot check against runAsNonRoot.
        assert.ok((spec.securityContext?.runAsUser ?? 0) > 0, 'a numeric non-root user');
        assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
        assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
        const preStop = container.lifecycle?.preStop?.exec?.command;
        const sleepSeconds = preStop?.[0] === 'sleep' ? Number(preStop[1]) : 0;
        assert.ok((spec.terminationGracePeriodSeconds ?? 30) > sleepSeconds + drainSeconds, 'time to drain after the preStop pause');
      });

      it('is given only settings it reads', async () => {
        const names = await settingNames(service);
        for (const variable of environment(mainContainer(find('Deployment', service.name))).keys()) {
          assert.ok(names.has(variable), `${service.name} reads ${variable}`);
        }
      });
    });
  }

  it('give each subgraph a database of its own, and accounts its signing keys from a Secret', () => {
    for (const { name } of subgraphs) {
      const container = mainContainer(find('Deployment', name));
      const fromSecrets = (container.envFrom ?? []).flatMap(({ secretRef }) =>
        secrets.filter((secret) => secret.metadata.name === secretRef?.name),
      );
      const url = fromSecrets.find((secret) => secret.stringData?.DATABASE_URL)?.stringData?.DATABASE_URL ?? '';
      assert.match(url, new RegExp(`/taskgraph_${name}$`), `${name} has a database of its own, from a Secret`);
      assert.equal(environment(container).get('DATABASE_URL'), url, 'nothing else overrides it');
    }
    const accounts = mainContainer(find('Deployment', 'accounts'));
    const keysSecret = accounts.envFrom?.map(({ secretRef }) => secrets.find((secret) => secret.metadata.name === secretRef?.name));
    assert.ok(
      keysSecret?.some((secret) => secret?.stringData?.AUTH_SIGNING_KEYS),
      'AUTH_SIGNING_KEYS comes from a Secret',
    );
    // A key generated on one pod's disk would sign tokens the other replicas' JWKS do not publish.
    assert.equal(environment(accounts).get('AUTH_GENERATE_SIGNING_KEY'), 'false');
  });

  it('give every gateway replica the same cursor key, from a Secret', () => {
    const gateway = mainContainer(find('Deployment', 'gateway'));
    const fromSecrets = (gateway.envFrom ?? []).flatMap(({ secretRef }) =>
      secrets.filter((secret) => secret.metadata.name === secretRef?.name),
    );
    // Derived from the stream's name otherwise: anyone who knows it could forge a cursor.
    assert.ok(
      fromSecrets.some((secret) => secret.stringData?.LIVE_CURSOR_SECRET),
      'LIVE_CURSOR_SECRET comes from a Secret',
    );
  });

  it('connect the services through their Services', () => {
    const urlOf = (target: ServiceInfo, suffix: string) => `http://${find('Service', target.name).metadata.name}:${target.port}${suffix}`;
    const gatewayEnv = environment(mainContainer(find('Deployment', gateway.name)));
    for (const subgraph of subgraphs) assert.equal(gatewayEnv.get(subgraphUrlVariable(subgraph.name)), urlOf(subgraph, '/graphql'));
    const accounts = subgraphs.find(({ name }) => name === 'accounts');
    assert.ok(accounts);
    for (const service of services) {
      const env = environment(mainContainer(find('Deployment', service.name)));
      assert.equal(env.get('AUTH_JWKS_URL'), urlOf(accounts, '/.well-known/jwks.json'), `${service.name} finds the JWKS`);
      const nats = new URL(env.get('NATS_URL') ?? '');
      const natsService = find('Service', nats.hostname);
      assert.ok(
        natsService.spec?.ports?.some(({ port }) => port === Number(nats.port)),
        `${service.name} reaches NATS on a port its Service serves`,
      );
      assert.ok(selects(natsService.spec?.selector, template(find('StatefulSet', 'nats')).metadata.labels));
      // Every service creates or updates the stream with its own value: they must agree, one copy per node.
      assert.equal(
        env.get('EVENTS_STREAM_REPLICAS'),
        String(find('StatefulSet', 'nats').spec?.replicas),
        `${service.name} keeps the stream on every node`,
      );
    }
  });

  it('run NATS as a three-node JetStream cluster', () => {
    const statefulSet = find('StatefulSet', 'nats');
    assert.equal(statefulSet.spec?.replicas, 3);
    const headless = find('Service', statefulSet.spec?.serviceName ?? '');
    assert.equal(headless.spec?.clusterIP, 'None', 'routes go through a headless Service');
    assert.ok(statefulSet.spec?.volumeClaimTemplates?.length, 'JetStream keeps its store on persistent volumes');

    const config = Object.values(find('ConfigMap', 'nats-config').data ?? {}).join('\n');
    assert.match(config, /^\s*jetstream\s*\{[^}]*store_dir/m, 'JetStream is on, with a store');
    assert.match(config, /^\s*cluster\s*\{/m, 'the servers form a cluster');
    for (let ordinal = 0; ordinal < 3; ordinal++) {
      assert.ok(config.includes(`nats://nats-${ordinal}.${headless.metadata.name}.`), `a route to nats-${ordinal}`);
    }
    const monitor = /^\s*http:\s*[\w.]*:(\d+)/m.exec(config)?.[1];
    const container = mainContainer(statefulSet);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
      const httpGet = container[probe]?.httpGet;
      assert.match(httpGet?.path ?? '', /^\/healthz/, `${probe} asks the server's health`);
      assert.equal(String(resolvePort(container, httpGet?.port)), monitor, `${probe} on the monitoring port`);
    }
    assert.match(container.livenessProbe?.httpGet?.path ?? '', /js-enabled-only=true/);
    const pdb = find('PodDisruptionBudget', 'nats');
    assert.equal(pdb.spec?.maxUnavailable, 1, 'two of three nodes keep the quorum');
  });

  describe('network policies', () => {
    const labelsOf = (name: string) => template(find('Deployment', name)).metadata.labels;
    /** The pods (of the Deployments in deploy/) that a rule's peer admits. */
    const admitted = (peers: NonNullable<NonNullable<Manifest['spec']>['ingress']>[number]['from']): string[] =>
      services
        .map(({ name }) => name)
        .filter((name) => peers?.some(({ podSelector }) => selects(podSelector?.matchLabels, labelsOf(name))));

    it('deny any other ingress in the namespace', () => {
      const deny = manifests.find(
        (manifest) =>
          manifest.kind === 'NetworkPolicy' &&
          manifest.spec?.podSelector &&
          !Object.keys(manifest.spec.podSelector.matchLabels ?? {}).length,
      );
      assert.ok(deny, 'a policy selects every pod');
      assert.deepEqual(deny.spec?.policyTypes, ['Ingress']);
      assert.equal(deny.spec?.ingress, undefined, 'and admits nothing');
    });

    it('let clients reach the gateway on its port', () => {
      const policy = find('NetworkPolicy', gateway.name);
      assert.ok(selects(policy.spec?.podSelector?.matchLabels, labelsOf(gateway.name)));
      assert.deepEqual(
        policy.spec?.ingress?.map(({ ports }) => ports?.map(({ port }) => port)),
        [[gateway.port]],
      );
    });

    for (const subgraph of subgraphs) {
      it(`admit only the gateway to ${subgraph.name}, on its port${subgraph.name === 'accounts' ? ' (and the subgraphs, for the JWKS)' : ''}`, () => {
        const policy = find('NetworkPolicy', subgraph.name);
        assert.ok(selects(policy.spec?.podSelector?.matchLabels, labelsOf(subgraph.name)), 'the policy selects its pods');
        assert.deepEqual(policy.spec?.policyTypes, ['Ingress']);
        // Accounts also serves the signing keys every service verifies tokens with.
        const expected = subgraph.name === 'accounts' ? services.map(({ name }) => name) : [gateway.name];
        for (const rule of policy.spec?.ingress ?? []) {
          assert.deepEqual(
            rule.ports?.map(({ port }) => port),
            [subgraph.port],
            'on its port only',
          );
          assert.ok(rule.from?.length, 'from named pods only, never from anywhere');
          assert.deepEqual(admitted(rule.from).sort(), [...expected].sort());
        }
        assert.ok(policy.spec?.ingress?.length, 'the gateway is admitted');
      });
    }

    it('admit only the services to NATS', () => {
      const policy = find('NetworkPolicy', 'nats');
      const client = policy.spec?.ingress?.find(({ ports }) => ports?.some(({ port }) => port === 4222));
      assert.deepEqual(admitted(client?.from).sort(), services.map(({ name }) => name).sort());
      for (const rule of policy.spec?.ingress ?? []) assert.ok(rule.from?.length, 'every NATS port from named pods only');
    });
  });
});

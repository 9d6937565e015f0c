import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CONFIG_DOCS, loadConfig } from '../../platform/config';
import { buildOpenApi } from '../../platform/http/openapi';
import { projections } from '../../projections/catalog';
import { readApiControllers } from '../../read-api/read-api';
import { writeApiControllers } from '../../write-api/write-api';
import { configProblems, ofKind, podTemplate, serviceProblems, workloadProblems, type Expectations } from './k8s-checks';
import { ingressProblems, networkProblems, route } from './k8s-network-checks';
import { schemaProblems } from './k8s-schemas';
import { parseYamlDocuments, renderKustomization, type K8sObject } from './kustomize';

const K8S = path.join(__dirname, '..', '..', 'infra', 'k8s');
const SECRET = 'commerce-secrets';

// Variables the production-topology work (issue 6) reads that platform/config.ts does not list yet.
// Stand-ins for the Secret's values, shaped as the platform's configuration requires.
const SECRET_VALUES: Record<string, string> = {
  DATABASE_URL: 'postgres://commerce:secret@postgres:5432/commerce',
  KURRENTDB_URL: 'kurrentdb://kurrentdb:2113?tls=false',
  MONGO_URL: 'mongodb://mongo:27017',
  ELASTICSEARCH_URL: 'http://elasticsearch:9200',
  SMTP_URL: 'smtp://mail:587',
  JWT_SECRET: 'secret',
};
const KNOWN_VARIABLES = new Set(CONFIG_DOCS.map((c) => c.name));

/** Every operation an API serves, as `METHOD /path` with the path parameters filled in. */
function operations(controllers: Parameters<typeof buildOpenApi>[1]): [string, string][] {
  const document = buildOpenApi({ title: 't', version: '1', description: 'd' }, controllers) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([template, methods]) => Object.keys(methods).map((method): [string, string] => [method.toUpperCase(), template.replace(/\{(\w+)\}/g, '$1-1')]));
}
const READ_OPERATIONS = [...operations(readApiControllers), ['GET', '/console'], ['GET', '/console/assets/console-X.js'], ['GET', '/docs'], ['GET', '/openapi.json']] as [string, string][];
const WRITE_OPERATIONS = operations(writeApiControllers);

const ROLES: Expectations['roles'] = {
  'write-api': { http: { port: 3000 }, egress: ['postgres', 'kurrentdb', 'otlp'] },
  'read-api': { http: { port: 3001 }, egress: ['postgres', 'kurrentdb', 'mongodb', 'elasticsearch', 'otlp'] },
  projector: { egress: ['postgres', 'kurrentdb', 'otlp'] },
  'projector-documents': { egress: ['postgres', 'kurrentdb', 'mongodb', 'elasticsearch', 'otlp'] },
  'process-manager': { egress: ['postgres', 'kurrentdb', 'payment-gateway', 'otlp'] },
  relay: { egress: ['postgres', 'kurrentdb', 'kafka', 'otlp'] },
  notifier: { egress: ['postgres', 'kafka', 'smtp', 'otlp'] },
};
const LEASE_HOLDERS = { projector: 2, 'projector-documents': 2, 'process-manager': 2, relay: 2 };
const range = (min: number, max: number): Expectations['autoscaled'] => ({ 'write-api': [min, max], 'read-api': [min, max], notifier: [min, max] });

const OVERLAYS: { name: string; host: string; tls: boolean; expected: Expectations }[] = [
  { name: 'dev', host: 'api.dev.commerce.example.com', tls: false, expected: { roles: { ...ROLES, 'payment-gateway': { egress: [] } }, autoscaled: range(2, 5), leaseHolders: { ...LEASE_HOLDERS, 'payment-gateway': 1 } } },
  { name: 'uat', host: 'api.uat.commerce.example.com', tls: false, expected: { roles: ROLES, autoscaled: range(3, 10), leaseHolders: LEASE_HOLDERS } },
  { name: 'prod', host: 'api.commerce.example.com', tls: true, expected: { roles: ROLES, autoscaled: range(5, 20), leaseHolders: LEASE_HOLDERS } },
];

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const kubectlMissing = kubectl.error || kubectl.status !== 0 ? `kubectl is not installed here (${kubectl.error?.message ?? kubectl.stderr.trim()})` : undefined;
const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byKey = (objects: K8sObject[]) => Object.fromEntries(objects.map((o) => [key(o), o]));

describe.each(OVERLAYS)('the $name overlay', ({ name, host, tls, expected }) => {
  const objects = renderKustomization(path.join(K8S, 'overlays', name));

  it('renders the same objects as kubectl kustomize, where kubectl is installed', () => {
    if (kubectlMissing) {
      console.log(`[k8s] ${name}: the comparison with kubectl kustomize was skipped: ${kubectlMissing}`);
      return;
    }
    const result = spawnSync('kubectl', ['kustomize', path.join(K8S, 'overlays', name)], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(byKey(objects)).toEqual(byKey(parseYamlDocuments(result.stdout, 'kubectl kustomize') as K8sObject[]));
  });

  it('validates every object against the Kubernetes API schemas', () => {
    expect(objects.length).toBeGreaterThan(30);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('gives every role probes, resources, a pinned image, a disruption budget and the right scaling', () => {
    expect(workloadProblems(objects, expected)).toEqual([]);
  });

  it('lets each role reach only its dependencies and be reached only by the ingress controller and Prometheus', () => {
    expect(networkProblems(objects, expected)).toEqual([]);
  });

  it('routes queries to the read API and commands to the write API on one host, rate limited', () => {
    expect(ingressProblems(objects, host, tls)).toEqual([]);
    expect(serviceProblems(objects)).toEqual([]);
    expect(route(objects, 'GET', '/orders')).toEqual({ service: 'read-api', path: '/orders' });
    expect(route(objects, 'HEAD', '/orders/o-1')).toEqual({ service: 'read-api', path: '/orders/o-1' });
    expect(route(objects, 'GET', '/products/search')).toEqual({ service: 'read-api', path: '/products/search' });
    expect(route(objects, 'POST', '/orders')).toEqual({ service: 'write-api', path: '/orders' });
    expect(route(objects, 'POST', '/orders/o-1/cancel')).toEqual({ service: 'write-api', path: '/orders/o-1/cancel' });
    expect(route(objects, 'POST', '/inventory/SKU-1/receipts')).toEqual({ service: 'write-api', path: '/inventory/SKU-1/receipts' });
  });

  it('sends every operation of each API to that API, the operators’ POSTs on the read API included', () => {
    expect(READ_OPERATIONS.filter(([method]) => method === 'POST').length).toBeGreaterThan(3);
    const wrong = [
      ...READ_OPERATIONS.map(([method, uri]) => ({ op: `${method} ${uri}`, want: 'read-api', got: route(objects, method, uri) })),
      ...WRITE_OPERATIONS.map(([method, uri]) => ({ op: `${method} ${uri}`, want: 'write-api', got: route(objects, method, uri) })),
    ].filter(({ want, got, op }) => got.service !== want || got.path !== op.split(' ')[1]);
    expect(wrong).toEqual([]);
  });

  it('references secrets without committing any, and sets only variables the platform reads', () => {
    expect(configProblems(objects, SECRET)).toEqual([]);
    const config = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'commerce-config')!;
    const names = [...Object.keys((config as any).data), ...ofKind(objects, 'Deployment').flatMap((d) => podTemplate(d).spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.name)))];
    expect(names.filter((n) => !KNOWN_VARIABLES.has(n))).toEqual([]);
    const data = (config as any).data as Record<string, string>;
    for (const deployment of ofKind(objects, 'Deployment')) {
      const ports = podTemplate(deployment).spec.containers.flatMap((c) => c.ports ?? []);
      const port = (portName: string) => ports.find((p) => p.name === portName)?.containerPort;
      if (port('metrics') !== undefined) expect(`${deployment.metadata.name} metrics ${port('metrics')}`).toBe(`${deployment.metadata.name} metrics ${data.METRICS_PORT}`);
    }
    const api = (role: string) => ofKind(objects, 'Deployment').find((d) => d.metadata.name === role)!;
    expect(podTemplate(api('write-api')).spec.containers[0]!.ports!.find((p) => p.name === 'http')!.containerPort).toBe(Number(data.PORT));
    expect(podTemplate(api('read-api')).spec.containers[0]!.ports!.find((p) => p.name === 'http')!.containerPort).toBe(Number(data.READ_API_PORT));
  });

  it('gives every role an environment the platform accepts at start', () => {
    const data = (ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'commerce-config') as any).data as Record<string, string>;
    for (const deployment of ofKind(objects, 'Deployment')) {
      for (const container of podTemplate(deployment).spec.containers) {
        const env: Record<string, string> = container.envFrom?.some((f) => f.configMapRef?.name === 'commerce-config') ? { ...data } : {};
        for (const variable of container.env ?? []) {
          const secret = variable.valueFrom?.secretKeyRef;
          env[variable.name] = secret ? SECRET_VALUES[secret.key]! : variable.value!;
        }
        expect(() => loadConfig(env)).not.toThrow();
      }
    }
  });

  it('keeps each read model in exactly one projector Deployment, which alone is given the URLs of its stores', () => {
    const projectors = ofKind(objects, 'Deployment').flatMap((deployment) => {
      const container = podTemplate(deployment).spec.containers[0]!;
      const args = container.args ?? [];
      if (args[0] !== 'projector') return [];
      const kinds = args.includes('--kind') ? args[args.indexOf('--kind') + 1]!.split(',') : [];
      const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.key]));
      return [{ name: deployment.metadata.name, kinds, env }];
    });
    expect(projectors.map((p) => [p.name, p.kinds])).toEqual([
      ['projector', ['postgres']],
      ['projector-documents', ['documents', 'search']],
    ]);
    const keptBy = projections.map((projection) => ({ projection: projection.name, by: projectors.filter((p) => p.kinds.includes(projection.kind)).map((p) => p.name) }));
    expect(keptBy.filter(({ by }) => by.length !== 1)).toEqual([]);
    for (const { name, kinds, env } of projectors) {
      expect({ name, MONGO_URL: 'MONGO_URL' in env, ELASTICSEARCH_URL: 'ELASTICSEARCH_URL' in env }).toEqual({ name, MONGO_URL: kinds.includes('documents'), ELASTICSEARCH_URL: kinds.includes('search') });
      expect({ name, service: env.OTEL_SERVICE_NAME }).toEqual({ name, service: `commerce-${name}` });
    }
  });

  it('gives every API replica the same token verification: a JWKS URL or a required shared secret', () => {
    const data = (ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'commerce-config') as any).data as Record<string, string>;
    for (const role of ['write-api', 'read-api']) {
      const container = podTemplate(ofKind(objects, 'Deployment').find((d) => d.metadata.name === role)!).spec.containers[0]!;
      const secret = container.env?.find((e) => e.name === 'JWT_SECRET')?.valueFrom?.secretKeyRef;
      expect({ role, verifies: Boolean(data.JWT_JWKS_URL) || (secret !== undefined && secret.optional === false) }).toEqual({ role, verifies: true });
    }
  });
});

import path from 'node:path';
import { configProblems, ofKind, podTemplate, serviceProblems, workloadProblems, type Expectations } from './k8s-checks';
import { ingressProblems, networkProblems, route } from './k8s-network-checks';
import { schemaProblems } from './k8s-schemas';
import { renderKustomization, type K8sObject } from './kustomize';

// Each check must fail on the mistake it exists for: start from the rendered uat overlay (which
// passes, see k8s-manifests.int.spec.ts), break one thing, and read the complaint.
const UAT = renderKustomization(path.join(__dirname, '..', '..', 'infra', 'k8s', 'overlays', 'uat'));
const EXPECTED: Expectations = {
  roles: {
    'write-api': { http: { port: 3000 }, egress: ['postgres', 'kurrentdb', 'otlp'] },
    'read-api': { http: { port: 3001 }, egress: ['postgres', 'kurrentdb', 'mongodb', 'elasticsearch', 'otlp'] },
    projector: { egress: ['postgres', 'kurrentdb', 'otlp'] },
    'projector-documents': { egress: ['postgres', 'kurrentdb', 'mongodb', 'elasticsearch', 'otlp'] },
    'process-manager': { egress: ['postgres', 'kurrentdb', 'payment-gateway', 'otlp'] },
    relay: { egress: ['postgres', 'kurrentdb', 'kafka', 'otlp'] },
    notifier: { egress: ['postgres', 'kafka', 'smtp', 'otlp'] },
  },
  autoscaled: { 'write-api': [3, 10], 'read-api': [3, 10], notifier: [3, 10] },
  leaseHolders: { projector: 2, 'projector-documents': 2, 'process-manager': 2, relay: 2 },
};

function broken(change: (objects: any[]) => void): K8sObject[] {
  const objects = structuredClone(UAT);
  change(objects);
  return objects;
}
const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const container = (objects: any[], name: string): any => podTemplate(find(objects, 'Deployment', name)).spec.containers[0];

it('the unbroken overlay passes every check', () => {
  expect([...schemaProblems(UAT), ...workloadProblems(UAT, EXPECTED), ...networkProblems(UAT, EXPECTED), ...serviceProblems(UAT), ...configProblems(UAT, 'commerce-secrets'), ...ingressProblems(UAT, 'api.uat.commerce.example.com', false)]).toEqual([]);
});

describe('the schema check', () => {
  it('names the field of the wrong type and a kind it has no schema for', () => {
    const objects = broken((o) => {
      find(o, 'Deployment', 'relay').spec.replicas = 'two';
      o.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    });
    expect(schemaProblems(objects)).toEqual([expect.stringMatching(/^Deployment\/relay: .*spec\/replicas must be integer/), 'Widget/w: no schema for example.com/v1 Widget (add its kubernetes-models class to MODELS)']);
  });
});

describe('the workload check', () => {
  it('finds a missing probe, missing resources, an unpinned image and a probe on an undeclared port', () => {
    const objects = broken((o) => {
      delete container(o, 'notifier').readinessProbe;
      delete container(o, 'projector').resources.requests.cpu;
      container(o, 'relay').image = 'commerce-platform:latest';
      container(o, 'process-manager').livenessProbe.httpGet.port = 'admin';
    });
    expect(workloadProblems(objects, EXPECTED)).toEqual([
      'Deployment/projector container projector: needs cpu and memory requests and a memory limit',
      'Deployment/process-manager container process-manager: livenessProbe names port admin, which the container does not declare',
      'Deployment/relay container relay: image commerce-platform:latest is not pinned to a registry and a tag or digest',
      'Deployment/notifier container notifier: no readinessProbe',
    ]);
  });

  it('finds an autoscaler on a lease holder, a wrong range, a dangling target and a second budget', () => {
    const objects = broken((o) => {
      find(o, 'HorizontalPodAutoscaler', 'read-api').spec.maxReplicas = 20;
      find(o, 'HorizontalPodAutoscaler', 'notifier').spec.scaleTargetRef.name = 'projector';
      find(o, 'HorizontalPodAutoscaler', 'write-api').spec.scaleTargetRef.name = 'writer';
      o.push({ ...structuredClone(find(o, 'PodDisruptionBudget', 'relay')), metadata: { name: 'relay-2' } });
    });
    expect(workloadProblems(objects, EXPECTED)).toEqual([
      'Deployment/relay: 2 PodDisruptionBudgets select its pods, expected 1',
      'HorizontalPodAutoscaler/write-api: targets Deployment/writer, which does not exist',
      'HorizontalPodAutoscaler/write-api: writer should not be autoscaled',
      'HorizontalPodAutoscaler/read-api: 3-20, expected 3-10',
      'HorizontalPodAutoscaler/notifier: projector should not be autoscaled',
      'Deployment/write-api: no HorizontalPodAutoscaler',
      'Deployment/notifier: no HorizontalPodAutoscaler',
    ]);
  });
});

describe('the network check', () => {
  it('finds a role that reaches a dependency it does not need and an API the ingress controller cannot reach', () => {
    const objects = broken((o) => {
      podTemplate(find(o, 'Deployment', 'write-api')).metadata.labels['egress.commerce/kafka'] = 'allow';
      find(o, 'NetworkPolicy', 'read-api').spec.ingress[0].ports[0].port = 'metrics';
    });
    expect(networkProblems(objects, EXPECTED)).toEqual([
      'Deployment/write-api: reaches [kafka,kurrentdb,otlp,postgres], expected [kurrentdb,otlp,postgres]',
      'NetworkPolicy/read-api: the ingress controller (ingress-nginx/ingress-nginx) cannot reach the http port',
    ]);
  });

  it('finds an ingress rule open to everyone and a role without a policy of its own', () => {
    const objects = broken((o) => {
      find(o, 'NetworkPolicy', 'projector').spec.ingress[0].from = [];
      find(o, 'NetworkPolicy', 'relay').metadata.name = 'relay-old';
    });
    expect(networkProblems(objects, EXPECTED)).toEqual(['NetworkPolicy/projector: an ingress rule without "from" admits everyone', 'NetworkPolicy/projector: Prometheus (monitoring/prometheus) cannot reach the metrics port', 'Deployment/relay: no NetworkPolicy of its own selects it']);
  });
});

describe('the service, config and ingress checks', () => {
  it('find a Service selecting nothing, a committed Secret and a whole-Secret import', () => {
    const objects = broken((o) => {
      find(o, 'Service', 'read-api').spec.selector = { 'app.kubernetes.io/name': 'reader' };
      o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'commerce-secrets' }, stringData: { DATABASE_URL: 'postgres://x' } });
      container(o, 'relay').envFrom.push({ secretRef: { name: 'commerce-secrets' } });
    });
    expect(serviceProblems(objects)).toEqual(['Service/read-api: selects no pods']);
    expect(configProblems(objects, 'commerce-secrets')).toEqual([
      'Secret/commerce-secrets: secret values must not be committed; reference commerce-secrets instead',
      'Deployment/relay container relay: takes the whole Secret commerce-secrets; take only the keys it needs (env secretKeyRef)',
    ]);
  });

  it('finds a missing rate limit, a wrong host and TLS an overlay does not have', () => {
    const objects = broken((o) => {
      delete find(o, 'Ingress', 'commerce-api-commands').metadata.annotations['nginx.ingress.kubernetes.io/limit-rps'];
      find(o, 'Ingress', 'commerce-api').spec.rules[0].host = 'api.example.com';
    });
    expect(ingressProblems(objects, 'api.uat.commerce.example.com', false)).toEqual(['Ingress/commerce-api: host api.example.com, expected api.uat.commerce.example.com', 'Ingress/commerce-api-commands: no rate limits']);
    expect(ingressProblems(objects, 'api.uat.commerce.example.com', true)).toContain('Ingress/commerce-api-commands: needs TLS for api.uat.commerce.example.com and an HTTPS redirect');
  });

  it('route() sends a command nowhere when the rewrite prefix and the commands path disagree', () => {
    const objects = broken((o) => {
      find(o, 'Ingress', 'commerce-api-commands').spec.rules[0].http.paths[0].path = '/_cmd(/|$)(.*)';
    });
    expect(route(objects, 'GET', '/orders')).toEqual({ service: 'read-api', path: '/orders' });
    expect(() => route(objects, 'POST', '/orders')).toThrow('POST /orders: rewritten to /_commands/orders, which no Ingress path matches');
    expect(ofKind(objects, 'Ingress')).toHaveLength(2);
  });
});

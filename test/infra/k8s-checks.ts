import type { K8sObject } from './kustomize';

/**
 * What the schemas cannot see: every check returns one line per problem, naming the object, so a
 * failing test says what to fix. `Expectations` is the deployment spec of one overlay.
 */
export interface Expectations {
  /** Deployment name → its role's pod shape. */
  roles: Record<string, { http?: { port: number }; egress: string[] }>;
  /** Deployments scaled by a CPU HorizontalPodAutoscaler, with its range. */
  autoscaled: Record<string, [min: number, max: number]>;
  /** Deployments holding a lease: fixed replicas (one active, one standby), no autoscaler. */
  leaseHolders: Record<string, number>;
}

export interface Container {
  name: string;
  image?: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
}
export interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } };
}
type Selector = { matchLabels?: Record<string, string> };

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as (K8sObject & { spec: any })[];
export const podTemplate = (deployment: K8sObject): PodTemplate => (deployment as any).spec.template;
export const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  selector !== undefined && Object.entries(selector).every(([key, value]) => labels[key] === value);

function probeProblems(id: string, container: Container, http: { port: number } | undefined): string[] {
  const problems: string[] = [];
  const ports = new Map((container.ports ?? []).map((p) => [p.name, p.containerPort]));
  for (const kind of ['readinessProbe', 'livenessProbe'] as const) {
    const probe = container[kind];
    const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
    if (port === undefined) problems.push(`${id}: no ${kind}`);
    else if (typeof port === 'string' && !ports.has(port)) problems.push(`${id}: ${kind} names port ${port}, which the container does not declare`);
  }
  if (http) {
    if (ports.get('http') !== http.port) problems.push(`${id}: port "http" should be ${http.port}, is ${ports.get('http')}`);
    if (container.readinessProbe?.httpGet?.path !== '/health/ready') problems.push(`${id}: readinessProbe should GET /health/ready`);
    if (container.livenessProbe?.httpGet?.path !== '/health/live') problems.push(`${id}: livenessProbe should GET /health/live`);
  }
  return problems;
}

/** Probes, resources, security, images, replicas, autoscalers and disruption budgets. */
export function workloadProblems(objects: K8sObject[], expected: Expectations): string[] {
  const problems: string[] = [];
  const deployments = ofKind(objects, 'Deployment');
  const names = deployments.map((d) => d.metadata.name).sort();
  const wanted = Object.keys(expected.roles).sort();
  if (names.join() !== wanted.join()) problems.push(`Deployments are [${names}], expected [${wanted}]`);
  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    const template = podTemplate(deployment);
    if (!selects(deployment.spec.selector?.matchLabels, template.metadata.labels)) problems.push(`Deployment/${name}: selector does not match its pod template`);
    if (template.spec.securityContext?.runAsNonRoot !== true) problems.push(`Deployment/${name}: pods must set runAsNonRoot`);
    for (const container of template.spec.containers) {
      const id = `Deployment/${name} container ${container.name}`;
      problems.push(...probeProblems(id, container, expected.roles[name]?.http));
      const { requests = {}, limits = {} } = container.resources ?? {};
      if (!requests.cpu || !requests.memory || !limits.memory) problems.push(`${id}: needs cpu and memory requests and a memory limit`);
      if (container.securityContext?.allowPrivilegeEscalation !== false || container.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${id}: must forbid privilege escalation and mount its root filesystem read-only`);
      if (!/^[\w.-]+(:\d+)?\/[\w./-]+(:[\w.-]+|@sha256:[0-9a-f]+)$/.test(container.image ?? '') || container.image!.endsWith(':latest')) problems.push(`${id}: image ${container.image} is not pinned to a registry and a tag or digest`);
    }
    const range = expected.autoscaled[name];
    const lease = expected.leaseHolders[name];
    if (range && deployment.spec.replicas !== undefined) problems.push(`Deployment/${name}: autoscaled, so it must not set replicas (each apply would reset the autoscaler)`);
    if (lease !== undefined && deployment.spec.replicas !== lease) problems.push(`Deployment/${name}: holds a lease and should run ${lease} replicas, runs ${deployment.spec.replicas}`);
    const budgets = ofKind(objects, 'PodDisruptionBudget').filter((b) => selects(b.spec.selector?.matchLabels, template.metadata.labels));
    if (budgets.length !== 1) problems.push(`Deployment/${name}: ${budgets.length} PodDisruptionBudgets select its pods, expected 1`);
  }
  const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
  for (const hpa of hpas) {
    const target = hpa.spec.scaleTargetRef;
    const name = target.name as string;
    if (target.kind !== 'Deployment' || !names.includes(name)) problems.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: targets ${target.kind}/${name}, which does not exist`);
    const range = expected.autoscaled[name];
    if (!range) problems.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: ${name} should not be autoscaled`);
    else if (hpa.spec.minReplicas !== range[0] || hpa.spec.maxReplicas !== range[1]) problems.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: ${hpa.spec.minReplicas}-${hpa.spec.maxReplicas}, expected ${range[0]}-${range[1]}`);
    const cpu = (hpa.spec.metrics ?? []).some((m: any) => m.type === 'Resource' && m.resource?.name === 'cpu');
    if (!cpu) problems.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: should scale on CPU`);
  }
  for (const name of Object.keys(expected.autoscaled)) {
    if (!hpas.some((h) => h.spec.scaleTargetRef.name === name)) problems.push(`Deployment/${name}: no HorizontalPodAutoscaler`);
  }
  return problems;
}

/** Services select pods that exist and name ports those pods declare. */
export function serviceProblems(objects: K8sObject[]): string[] {
  const templates = ofKind(objects, 'Deployment').map(podTemplate);
  return ofKind(objects, 'Service').flatMap((service) => {
    const pods = templates.filter((t) => selects(service.spec.selector, t.metadata.labels));
    if (pods.length === 0) return [`Service/${service.metadata.name}: selects no pods`];
    return (service.spec.ports as { targetPort?: string | number }[])
      .filter((port) => typeof port.targetPort === 'string' && !pods.every((t) => t.spec.containers.some((c) => c.ports?.some((p) => p.name === port.targetPort))))
      .map((port) => `Service/${service.metadata.name}: targetPort ${port.targetPort} is not declared by the pods it selects`);
  });
}

/** Every ConfigMap a pod reads is rendered; Secrets are only referenced, never committed. */
export function configProblems(objects: K8sObject[], secretName: string): string[] {
  const problems = ofKind(objects, 'Secret').map((s) => `Secret/${s.metadata.name}: secret values must not be committed; reference ${secretName} instead`);
  const configMaps = new Set(ofKind(objects, 'ConfigMap').map((c) => c.metadata.name));
  for (const deployment of ofKind(objects, 'Deployment')) {
    for (const container of podTemplate(deployment).spec.containers) {
      const id = `Deployment/${deployment.metadata.name} container ${container.name}`;
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef && !configMaps.has(from.configMapRef.name)) problems.push(`${id}: reads ConfigMap ${from.configMapRef.name}, which is not rendered`);
        if (from.secretRef) problems.push(`${id}: takes the whole Secret ${from.secretRef.name}; take only the keys it needs (env secretKeyRef)`);
      }
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (ref && ref.name !== secretName) problems.push(`${id}: ${env.name} reads Secret ${ref.name}, expected ${secretName}`);
      }
    }
  }
  return problems;
}

export function selector(object: { spec: { podSelector?: Selector } }): Record<string, string> {
  return object.spec.podSelector?.matchLabels ?? {};
}

import { ofKind, podTemplate, selector, selects, type Expectations } from './k8s-checks';
import type { K8sObject } from './kustomize';

const EGRESS_PREFIX = 'egress-';
const fromNamespace = (peer: any, namespace: string, app: string) =>
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === namespace && peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === app;
const allowsPort = (rule: any, port: string) => (rule.ports ?? []).some((p: any) => p.port === port);
// Only from the given peers: a rule with no peers at all admits everyone.
const onlyFrom = (rule: any, namespace: string, app: string) => rule.from?.length > 0 && rule.from.every((peer: any) => fromNamespace(peer, namespace, app));

/**
 * Default deny, DNS for everyone, and per role: exactly the egress policies of its dependencies,
 * and a policy of its own letting in only the ingress controller (APIs) and Prometheus (metrics).
 */
export function networkProblems(objects: K8sObject[], expected: Expectations): string[] {
  const problems: string[] = [];
  const policies = ofKind(objects, 'NetworkPolicy');
  const deny = policies.find((p) => p.metadata.name === 'default-deny');
  if (!deny || Object.keys(selector(deny)).length > 0 || deny.spec.ingress || deny.spec.egress || deny.spec.policyTypes?.sort().join() !== 'Egress,Ingress') {
    problems.push('NetworkPolicy/default-deny: must select every pod and deny all ingress and egress');
  }
  for (const policy of policies.filter((p) => p.metadata.name.startsWith(EGRESS_PREFIX))) {
    const rules = policy.spec.egress ?? [];
    if (rules.length === 0 || rules.some((r: any) => !r.to?.length || !r.ports?.length)) problems.push(`NetworkPolicy/${policy.metadata.name}: every egress rule needs destinations and ports`);
  }
  for (const policy of policies) {
    for (const rule of policy.spec.ingress ?? []) if (!rule.from?.length) problems.push(`NetworkPolicy/${policy.metadata.name}: an ingress rule without "from" admits everyone`);
  }
  for (const deployment of ofKind(objects, 'Deployment')) {
    const name = deployment.metadata.name;
    const labels = podTemplate(deployment).metadata.labels;
    const applying = policies.filter((p) => selects(selector(p), labels));
    const egress = applying.filter((p) => p.metadata.name.startsWith(EGRESS_PREFIX)).map((p) => p.metadata.name.slice(EGRESS_PREFIX.length)).sort();
    const wanted = [...(expected.roles[name]?.egress ?? [])].sort();
    if (egress.join() !== wanted.join()) problems.push(`Deployment/${name}: reaches [${egress}], expected [${wanted}]`);
    if (!applying.some((p) => p.metadata.name === 'allow-dns')) problems.push(`Deployment/${name}: cannot resolve names (allow-dns does not select it)`);
    const stray = applying.filter((p) => p.spec.egress && p.metadata.name !== 'allow-dns' && !p.metadata.name.startsWith(EGRESS_PREFIX));
    for (const policy of stray) problems.push(`NetworkPolicy/${policy.metadata.name}: opens egress for ${name} outside the per-dependency policies`);
    const own = policies.find((p) => p.metadata.name === name);
    if (!own || !selects(selector(own), labels)) {
      problems.push(`Deployment/${name}: no NetworkPolicy of its own selects it`);
      continue;
    }
    const ports = podTemplate(deployment).spec.containers.flatMap((c) => c.ports ?? []);
    const rules = own.spec.ingress ?? [];
    if (ports.some((p) => p.name === 'metrics') && !rules.some((r: any) => allowsPort(r, 'metrics') && onlyFrom(r, 'monitoring', 'prometheus'))) {
      problems.push(`NetworkPolicy/${name}: Prometheus (monitoring/prometheus) cannot reach the metrics port`);
    }
    if (expected.roles[name]?.http && !rules.some((r: any) => allowsPort(r, 'http') && onlyFrom(r, 'ingress-nginx', 'ingress-nginx'))) {
      problems.push(`NetworkPolicy/${name}: the ingress controller (ingress-nginx/ingress-nginx) cannot reach the http port`);
    }
  }
  return problems;
}

interface Route {
  service: string;
  path: string;
}

/**
 * Runs the host's configuration snippet for one request: the nginx statements the manifests use
 * (`set $v value;`, `if ($request_method !~ re)`, `if ($uri ~ re)`, `if ($v = value)` blocks,
 * `rewrite ^ <prefix>$uri last;`). Answers the rewritten URI, or undefined when it is not rewritten.
 * Any other statement is an error, so the test notices when the routing is changed.
 */
function runSnippet(snippet: string, method: string, uri: string, where: string): string | undefined {
  const vars = new Map<string, string>();
  const statements = [...snippet.matchAll(/\s*(if \((.*?)\) \{([^}]*)\}|[^;{}]+;)/g)];
  const rest = snippet.replace(/\s*(if \((.*?)\) \{([^}]*)\}|[^;{}]+;)/g, '').trim();
  if (rest) throw new Error(`${where}: configuration snippet not understood near ${JSON.stringify(rest)}`);
  const simple = (statement: string): string | undefined => {
    const set = /^set \$(\w+) (\S+);$/.exec(statement);
    if (set) return void vars.set(set[1]!, set[2]!);
    const rewrite = /^rewrite \^ (\S+)\$uri last;$/.exec(statement);
    if (rewrite) return `${rewrite[1]}${uri}`;
    throw new Error(`${where}: configuration snippet statement not understood: ${JSON.stringify(statement)}`);
  };
  const holds = (condition: string): boolean => {
    const methodTest = /^\$request_method !~ (\S+)$/.exec(condition);
    if (methodTest) return !new RegExp(methodTest[1]!).test(method);
    const uriTest = /^\$uri ~ (\S+)$/.exec(condition);
    if (uriTest) return new RegExp(uriTest[1]!).test(uri);
    const equals = /^\$(\w+) = (\S+)$/.exec(condition);
    if (equals) return vars.get(equals[1]!) === equals[2];
    throw new Error(`${where}: configuration snippet condition not understood: ${JSON.stringify(condition)}`);
  };
  for (const [, statement, condition, block] of statements) {
    const body = condition === undefined ? [statement!.trim()] : holds(condition.trim()) ? block!.split(';').map((s) => s.trim()).filter(Boolean).map((s) => `${s};`) : [];
    for (const inner of body) {
      const rewritten = simple(inner);
      if (rewritten !== undefined) return rewritten;
    }
  }
  return undefined;
}

/**
 * Where ingress-nginx sends a request through these Ingress objects: the host's `/` location,
 * whose configuration snippet may rewrite the request into another Ingress's regex location,
 * which strips the prefix with its rewrite-target.
 */
export function route(objects: K8sObject[], method: string, uri: string): Route {
  const ingresses = ofKind(objects, 'Ingress');
  const paths = ingresses.flatMap((ingress) =>
    ingress.spec.rules.flatMap((rule: any) => rule.http.paths.map((p: any) => ({ ingress, path: p.path as string, pathType: p.pathType as string, service: p.backend.service.name as string }))),
  );
  const root = paths.find((p) => p.path === '/' && p.pathType === 'Prefix');
  if (!root) throw new Error('no Ingress serves the path /');
  const snippet: string = root.ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/configuration-snippet'] ?? '';
  const rewritten = runSnippet(snippet, method, uri, `Ingress/${root.ingress.metadata.name}`);
  if (rewritten === undefined) return { service: root.service, path: uri };
  const target = paths.find((p) => p.pathType === 'ImplementationSpecific' && new RegExp(`^${p.path}`, 'i').test(rewritten));
  if (!target) throw new Error(`${method} ${uri}: rewritten to ${rewritten}, which no Ingress path matches`);
  const rewrite: string | undefined = target.ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/rewrite-target'];
  const path = rewrite ? rewritten.replace(new RegExp(`^${target.path}`, 'i'), rewrite) : rewritten;
  return { service: target.service, path };
}

/** One host, backends that exist, rate limits on every Ingress, and TLS where the overlay wants it. */
export function ingressProblems(objects: K8sObject[], host: string, tls: boolean): string[] {
  const problems: string[] = [];
  const services = new Map(ofKind(objects, 'Service').map((s) => [s.metadata.name, s]));
  for (const ingress of ofKind(objects, 'Ingress')) {
    const id = `Ingress/${ingress.metadata.name}`;
    const annotations = ingress.metadata.annotations ?? {};
    if (ingress.spec.ingressClassName !== 'nginx') problems.push(`${id}: ingressClassName should be nginx`);
    if (!annotations['nginx.ingress.kubernetes.io/limit-rps'] || !annotations['nginx.ingress.kubernetes.io/limit-connections']) problems.push(`${id}: no rate limits`);
    for (const rule of ingress.spec.rules) {
      if (rule.host !== host) problems.push(`${id}: host ${rule.host}, expected ${host}`);
      for (const p of rule.http.paths) {
        const service = services.get(p.backend.service.name);
        if (!service || !service.spec.ports.some((port: any) => port.name === p.backend.service.port.name)) problems.push(`${id}: backend ${p.backend.service.name}:${p.backend.service.port.name} does not exist`);
      }
    }
    const secured = (ingress.spec.tls ?? []).some((t: any) => t.hosts?.includes(host) && t.secretName);
    if (tls && (!secured || annotations['nginx.ingress.kubernetes.io/force-ssl-redirect'] !== 'true')) problems.push(`${id}: needs TLS for ${host} and an HTTPS redirect`);
    if (!tls && secured) problems.push(`${id}: TLS is configured, but this overlay expects none`);
  }
  return problems;
}

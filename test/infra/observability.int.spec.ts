import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ofKind, podTemplate } from './k8s-checks';
import { parseYamlDocuments, renderKustomization } from './kustomize';

const INFRA = path.join(__dirname, '..', '..', 'infra');
const load = (file: string): any => parseYamlDocuments(readFileSync(path.join(INFRA, file), 'utf8'), file)[0];

interface Metric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  labels: string[];
}
const CONTRACT: Metric[] = load('prometheus/metrics.yml').metrics;
const RULES = load('prometheus/rules/commerce-alerts.yml').groups.flatMap((g: any) => g.rules) as { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }[];
const DASHBOARD = JSON.parse(readFileSync(path.join(INFRA, 'grafana', 'dashboards', 'commerce-platform.json'), 'utf8'));
const PANELS = DASHBOARD.panels.filter((p: any) => p.type !== 'row');
// Labels Prometheus attaches from the scrape target (prometheus.yml, prometheus-compose.yml).
const TARGET_LABELS = ['job', 'namespace', 'role', 'pod', 'instance'];

/** The series an expression reads, with the label names its selectors use. */
function seriesIn(expr: string): { metric: string; labels: string[] }[] {
  return [...expr.matchAll(/\b((?:commerce|process|nodejs)_[a-z0-9_]+|up(?=\{))(\{[^}]*\})?/g)].map(([, name, selector]) => {
    const base = CONTRACT.find((m) => m.type === 'histogram' && /_(bucket|sum|count)$/.test(name!) && name!.replace(/_(bucket|sum|count)$/, '') === m.name);
    return { metric: base?.name ?? name!, labels: [...(selector ?? '').matchAll(/([a-z_]+)\s*(=~|!~|!=|=)/g)].map((m) => m[1]!) };
  });
}

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const promtoolMissing = promtool.error || promtool.status !== 0 ? `promtool is not installed here (${promtool.error?.message ?? promtool.stderr.trim()})` : undefined;

describe('the metrics contract', () => {
  it('names each series once, with Prometheus naming conventions', () => {
    expect(new Set(CONTRACT.map((m) => m.name)).size).toBe(CONTRACT.length);
    for (const metric of CONTRACT) {
      expect(metric.name).toMatch(/^[a-z][a-z0-9_]*$/);
      if (metric.type === 'counter') expect(metric.name).toMatch(/_total$/);
      if (metric.type === 'histogram') expect(metric.name).toMatch(/_seconds$/);
    }
  });

  it('covers exactly what the alerts and the dashboard read, with the labels they select on', () => {
    const exprs = [...RULES.map((r) => r.expr), ...PANELS.flatMap((p: any) => p.targets.map((t: any) => t.expr))];
    const used = exprs.flatMap(seriesIn);
    expect([...new Set(used.map((u) => u.metric).filter((name) => !CONTRACT.some((m) => m.name === name)))]).toEqual([]);
    expect(CONTRACT.map((m) => m.name).filter((name) => !used.some((u) => u.metric === name))).toEqual([]);
    for (const { metric, labels } of used) {
      const declared = [...CONTRACT.find((m) => m.name === metric)!.labels, ...TARGET_LABELS];
      expect({ metric, undeclared: labels.filter((l) => !declared.includes(l)) }).toEqual({ metric, undeclared: [] });
    }
  });
});

describe('the alert rules', () => {
  it('each has a severity, a duration, a summary and a description that use only labels the expression keeps', () => {
    expect(RULES.length).toBeGreaterThan(10);
    for (const rule of RULES) {
      expect({ alert: rule.alert, severity: rule.labels?.severity, for: rule.for }).toEqual({ alert: rule.alert, severity: expect.stringMatching(/^(warning|critical)$/), for: expect.stringMatching(/^\d+[smh]$/) });
      expect(rule.annotations.summary && rule.annotations.description).toBeTruthy();
      const kept = [...rule.expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((l) => l.trim()));
      const referenced = [...`${rule.annotations.summary} ${rule.annotations.description}`.matchAll(/\$labels\.([a-z_]+)/g)].map((m) => m[1]!);
      if (kept.length > 0) expect({ alert: rule.alert, missing: referenced.filter((l) => !kept.includes(l)) }).toEqual({ alert: rule.alert, missing: [] });
    }
  });

  it('cover projection lag, dead letters, the HTTP error rate and process-manager timeouts', () => {
    const reads = (metric: string) => RULES.some((r) => seriesIn(r.expr).some((s) => s.metric === metric));
    for (const metric of ['commerce_projection_lag_events', 'commerce_projection_lag_seconds', 'commerce_projection_dead_letters', 'commerce_http_requests_total', 'commerce_process_manager_timeouts_total']) expect({ metric, alerted: reads(metric) }).toEqual({ metric, alerted: true });
  });

  it('pass promtool: rule syntax, the rule unit tests and the compose config, where promtool is installed', () => {
    if (promtoolMissing) {
      console.log(`[prometheus] promtool checks were skipped: ${promtoolMissing}`);
      return;
    }
    const run = (...args: string[]) => spawnSync('promtool', args, { encoding: 'utf8', cwd: path.join(INFRA, 'prometheus') });
    for (const result of [run('check', 'rules', 'rules/commerce-alerts.yml'), run('test', 'rules', 'tests/commerce-alerts.test.yml')]) expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
    // The config names the rules by their path in the container; check it against a copy here.
    const dir = mkdtempSync(path.join(tmpdir(), 'prometheus-'));
    try {
      cpSync(path.join(INFRA, 'prometheus', 'rules'), path.join(dir, 'rules'), { recursive: true });
      writeFileSync(path.join(dir, 'prometheus.yml'), readFileSync(path.join(INFRA, 'prometheus', 'prometheus-compose.yml'), 'utf8').replaceAll('/etc/prometheus/rules', path.join(dir, 'rules')));
      const result = run('check', 'config', path.join(dir, 'prometheus.yml'));
      expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the scrape configs', () => {
  const prod = renderKustomization(path.join(INFRA, 'k8s', 'overlays', 'prod'));
  const roles = ofKind(prod, 'Deployment').map((d) => d.metadata.name).sort();

  it('in Kubernetes keep exactly the pods and port the manifests label', () => {
    const job = load('prometheus/prometheus.yml').scrape_configs.find((j: any) => j.job_name === 'commerce');
    const keep = (source: string) => job.relabel_configs.find((r: any) => r.action === 'keep' && r.source_labels[0] === source)?.regex;
    for (const deployment of ofKind(prod, 'Deployment')) {
      const template = podTemplate(deployment);
      expect(new RegExp(`^(?:${keep('__meta_kubernetes_pod_label_app_kubernetes_io_part_of')})$`).test(template.metadata.labels['app.kubernetes.io/part-of']!)).toBe(true);
      expect(template.spec.containers.some((c) => c.ports?.some((p) => new RegExp(`^(?:${keep('__meta_kubernetes_pod_container_port_name')})$`).test(p.name ?? '')))).toBe(true);
    }
    expect(job.relabel_configs.map((r: any) => r.target_label).filter(Boolean).sort()).toEqual(['namespace', 'pod', 'role']);
  });

  it('under docker compose name every role at METRICS_PORT', () => {
    const metricsPort = (ofKind(prod, 'ConfigMap')[0] as any).data.METRICS_PORT;
    const job = load('prometheus/prometheus-compose.yml').scrape_configs.find((j: any) => j.job_name === 'commerce');
    const targets = job.static_configs.map((c: any) => ({ role: c.labels.role, target: c.targets[0] }));
    expect(targets.map((t: any) => t.role).sort()).toEqual(roles);
    for (const { role, target } of targets) expect(target).toBe(`${role}:${metricsPort}`);
  });
});

describe('the Grafana dashboard', () => {
  it('lays out panels with unique ids inside the 24-column grid, each querying the chosen data source', () => {
    const ids = DASHBOARD.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of DASHBOARD.panels) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    for (const panel of PANELS) {
      expect({ panel: panel.title, datasource: panel.datasource.uid, queries: panel.targets.length > 0 }).toEqual({ panel: panel.title, datasource: '${datasource}', queries: true });
    }
  });

  it('defaults to the data source that provisioning creates, and is found where the dashboard provider looks', () => {
    const source = load('grafana/provisioning/datasources/prometheus.yml').datasources[0];
    const variable = DASHBOARD.templating.list.find((v: any) => v.name === 'datasource');
    expect({ type: variable.query, uid: variable.current.value }).toEqual({ type: source.type, uid: source.uid });
    const provider = load('grafana/provisioning/dashboards/commerce.yml').providers[0];
    expect(provider).toMatchObject({ type: 'file', options: { path: expect.stringMatching(/^\//) } });
  });
});

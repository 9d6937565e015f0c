import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { collectProcessMetrics, metricsRegistry } from '../platform/observability/metrics';
import '../projections/projection-metrics';

interface Declared {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  labels: string[];
}

const CONTRACT = (parse(readFileSync(path.join(__dirname, '..', 'infra', 'prometheus', 'metrics.yml'), 'utf8')) as { metrics: Declared[] }).metrics;

describe('the series the platform registers', () => {
  collectProcessMetrics();

  it('are exactly those of infra/prometheus/metrics.yml, with its types and labels (up comes from Prometheus)', () => {
    const exported = CONTRACT.filter((m) => m.name !== 'up').map((declared) => {
      const metric = metricsRegistry.getSingleMetric(declared.name) as unknown as { labelNames?: string[]; constructor: { name: string } } | undefined;
      return { name: declared.name, type: metric?.constructor.name.toLowerCase(), labels: metric?.labelNames ?? [] };
    });
    expect(exported).toEqual(CONTRACT.filter((m) => m.name !== 'up').map(({ name, type, labels }) => ({ name, type, labels })));
  });

  it('include nothing of the platform outside the contract, and no role label', async () => {
    const own = (await metricsRegistry.getMetricsAsJSON()).filter((m) => m.name.startsWith('commerce_'));
    expect(own.map((m) => m.name).filter((name) => !CONTRACT.some((c) => c.name === name))).toEqual([]);
    for (const m of own) expect((metricsRegistry.getSingleMetric(m.name) as unknown as { labelNames: string[] }).labelNames).not.toContain('role');
  });
});

import type { DomainEvent } from '../../event-schemas';
import { allVisible } from '../../platform/event-store/export/testing/all-visible';
import { projections } from '../../projections/catalog';
import { openReadSide, type ReadSide } from '../../projections/read-side';
import { rebuild } from '../../projections/runtime/rebuild';
import { loadConfig } from '../../platform/config';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { commerce, tempDataDir } from '../cli-process';
import { createTestDatabase, type TestDatabase } from '../postgres';
import { contentsOf } from '../projections';
import { appendSyntheticHistory } from '../synthetic-history';

/**
 * The real `commerce projector` process is killed with SIGKILL while it works through a history,
 * restarted, and must converge to exactly what a fresh rebuild produces: nothing lost, nothing
 * applied twice (a doubled event would show in counters, timelines and totals).
 */
describe('a projector killed mid-batch', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let readSide: ReadSide;
  const data = tempDataDir('projector-kill');

  beforeAll(async () => {
    db = await createTestDatabase('kill');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir: data.dir } });
    readSide = await openReadSide(runtime);
  });
  afterAll(async () => {
    await readSide.close();
    await runtime.close();
    await db.drop();
    data.remove();
  });

  it('converges after a restart to the same state as a fresh rebuild', async () => {
    await appendSyntheticHistory(runtime.eventStore as EventStore<DomainEvent>, { orders: 1500 });
    // Not headPosition() alone: another test database's open transaction can hold visibility back,
    // and the rebuild compared below reads to the end.
    await allVisible(runtime.eventStore, db.pool);
    const head = await runtime.eventStore.headPosition();
    const env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, PROJECTION_BATCH_SIZE: '100', LOG_LEVEL: 'warn' };

    const first = commerce(['projector'], env);
    for (;;) {
      const live = await readSide.registry.generations();
      const atKill = live.filter((g) => g.phase === 'live').map((g) => g.position);
      if (atKill.length === projections.length && atKill.some((p) => p > Position.START) && atKill.some((p) => p < head)) break;
      if (atKill.length === projections.length && atKill.every((p) => p >= head)) throw new Error('the projector finished before it could be killed; use a longer history');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    await first.exited();

    const second = commerce(['projector'], env);
    for (const p of projections) await readSide.waiter.waitFor(p.name, head, 60_000);
    second.child.kill('SIGTERM');
    expect(await second.exited()).toBe(0);

    const sinks = { pool: db.pool, documents: readSide.documents, search: readSide.search };
    for (const projection of projections) {
      const restarted = (await readSide.registry.live(projection.name))!;
      const fresh = await rebuild(readSide.createProjector([projection.name]), runtime.eventStore, projection, { intervalMs: 20 });
      const rebuilt = (await readSide.registry.generation(projection.name, fresh.generation))!;
      expect({ projection: projection.name, contents: await contentsOf(sinks, restarted) }).toEqual({ projection: projection.name, contents: await contentsOf(sinks, rebuilt) });
    }
  }, 180_000);
});

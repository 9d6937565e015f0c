import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { createLogger } from '../../logger';
import { verifyAllStreams, verifyStream } from '../chain-verifier';
import { countedBatch, uniqueStream, waitUntilVisible } from '../contract/contract-fixtures';
import { chainHash, contentDigest } from '../hash-chain';
import { rawCodec } from '../raw-codec';
import { PostgresEventStore } from './postgres-event-store';

describe('Tamper evidence on the Postgres event store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const log = createLogger('test', 'warn');

  beforeAll(async () => {
    db = await createTestDatabase('tamper');
    await PostgresEventStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, codec: rawCodec, log });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  async function freshStreams(): Promise<[string, string]> {
    const a = uniqueStream('order');
    const b = uniqueStream('order');
    await store.append(a, countedBatch(0, 5), 'no_stream');
    const last = await store.append(b, countedBatch(0, 5), 'no_stream');
    // verifyAllStreams reads all events, which become visible once older transactions have ended.
    await waitUntilVisible(store, last.position);
    return [a, b];
  }

  it('finds every chain intact when nothing was touched', async () => {
    await freshStreams();
    const report = await verifyAllStreams(store, { batchSize: 3 });
    expect(report.breaks).toEqual([]);
    expect(report.events).toBeGreaterThanOrEqual(10);
  });

  describe('when a stored payload is edited directly in Postgres', () => {
    it('reports the edited event as the first broken link of its stream, and only that stream', async () => {
      const [victim, untouched] = await freshStreams();
      await db.pool.query(`update eventstore.events set data = jsonb_set(data, '{n}', '99') where stream_id = $1 and revision = 2`, [victim]);
      const report = await verifyAllStreams(store);
      expect(report.breaks).toHaveLength(1);
      expect(report.breaks[0]).toMatchObject({ streamId: victim, revision: 2, reason: 'hash-mismatch' });
      expect(report.breaks[0]!.detail).toMatch(/content or metadata was altered/);
      expect((await verifyStream(store, untouched)).breaks).toEqual([]);
      await db.pool.query(`delete from eventstore.events where stream_id = $1`, [victim]);
    });
  });

  describe("when the attacker also recomputes the edited event's own hash", () => {
    it('reports the next event, whose previousHash no longer matches', async () => {
      const [victim] = await freshStreams();
      const [edited] = await store.readStream(victim, { fromRevision: 1, maxCount: 1 });
      const forged = { ...edited!, metadata: { ...edited!.metadata, actor: { subject: 'mallory', role: 'admin' } } };
      const forgedHash = chainHash(edited!.metadata.previousHash, victim, 1, contentDigest(forged));
      await db.pool.query(
        `update eventstore.events set metadata = jsonb_set(metadata, '{actor}', '{"subject":"mallory","role":"admin"}'), hash = $2 where stream_id = $1 and revision = 1`,
        [victim, forgedHash],
      );
      expect((await verifyStream(store, victim)).breaks[0]).toMatchObject({ revision: 2, reason: 'previous-hash-mismatch' });
      await db.pool.query(`delete from eventstore.events where stream_id = $1`, [victim]);
    });
  });

  describe('when an event is deleted', () => {
    it('reports the gap in revisions', async () => {
      const [victim] = await freshStreams();
      await db.pool.query(`delete from eventstore.events where stream_id = $1 and revision = 3`, [victim]);
      expect((await verifyStream(store, victim)).breaks[0]).toMatchObject({ revision: 4, reason: 'revision-gap' });
      await db.pool.query(`delete from eventstore.events where stream_id = $1`, [victim]);
    });
  });
});

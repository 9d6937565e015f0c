import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { createLogger } from '../../logger';
import { verifyAllStreams } from '../chain-verifier';
import { countedBatch, uniqueStream, waitUntilVisible } from '../contract/contract-fixtures';
import { chainHash, contentDigest, GENESIS_HASH } from '../hash-chain';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { rawCodec } from '../raw-codec';
import type { AnchorFile } from './anchor-file';
import { walkChains } from './chain-walk';
import { createAnchor } from './create-anchor';
import { verifyAnchor } from './verify-anchor';

describe('Anchors over the Postgres event store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const log = createLogger('test', 'warn');
  const keys = generateKeyPairSync('ed25519');
  let victim: string;
  let bystander: string;

  beforeEach(async () => {
    db = await createTestDatabase('anchor');
    await PostgresEventStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, codec: rawCodec, log });
    victim = uniqueStream('order');
    bystander = uniqueStream('payment');
    await store.append(victim, countedBatch(0, 5), 'no_stream');
    await appendVisibly(bystander, countedBatch(0, 3), 'no_stream');
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function appendVisibly(streamId: string, events: ReturnType<typeof countedBatch>, expected: 'no_stream' | 'any' = 'any') {
    const result = await store.append(streamId, events, expected);
    await waitUntilVisible(store, result.position);
  }

  async function anchorNow(): Promise<AnchorFile> {
    const { anchor, breaks } = await createAnchor(store, { signingKey: keys.privateKey, batchSize: 3 });
    expect(breaks).toEqual([]);
    return anchor!;
  }

  const verify = (anchor: AnchorFile) => verifyAnchor(store, anchor, keys.publicKey, { batchSize: 3 });
  const editPayload = (streamId: string, revision: number) =>
    db.pool.query(`update eventstore.events set data = jsonb_set(data, '{n}', '99') where stream_id = $1 and revision = $2`, [streamId, revision]);

  /** What a careful attacker does after an edit: recompute every later link so the chain holds again. */
  async function rechain(streamId: string): Promise<void> {
    let previous = GENESIS_HASH;
    for (const e of await store.readStream(streamId)) {
      const hash = chainHash(previous, streamId, e.revision, contentDigest(e));
      await db.pool.query(`update eventstore.events set hash = $3, previous_hash = $4 where stream_id = $1 and revision = $2`, [streamId, e.revision, hash, previous]);
      previous = hash;
    }
  }

  /**
   * Inserts a correctly chained event into the past: it takes the transaction id of an existing
   * event (`txOf`, by default the victim's first), so it sorts before the anchored position.
   */
  async function insertIntoThePast(streamId: string, revision: number, previousHash: string, txOf = { streamId: victim, revision: 0 }): Promise<void> {
    const event = { eventId: randomUUID(), type: 'Counted', schemaVersion: 2, data: { n: 7 }, metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 'mallory', role: 'admin' }, occurredAt: '2026-03-01T10:00:00.000Z' } };
    const hash = chainHash(previousHash, streamId, revision, contentDigest(event));
    await db.pool.query(
      `insert into eventstore.events (tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
       select tx_id, $2, $3, $4, $5, $6, $7, $8, recorded_at, $9, $10 from eventstore.events where stream_id = $1 and revision = $11`,
      [txOf.streamId, streamId, revision, event.eventId, event.type, event.schemaVersion, event.data, event.metadata, hash, previousHash, txOf.revision],
    );
  }

  it('signs every stream head, and verifies while events keep arriving after the anchored position', async () => {
    const anchor = await anchorNow();
    expect(anchor.streams.map((s) => [s.streamId, s.revision])).toEqual([[victim, 4], [bystander, 2]].sort());
    await appendVisibly(victim, countedBatch(5, 2));
    await appendVisibly(uniqueStream('order'), countedBatch(0, 1), 'no_stream');
    expect(await verify(anchor)).toMatchObject({ intact: true, events: 8, streams: 2, problems: [], breaks: [], signature: { ok: true } });
  });

  it('anchors an empty store, which stays verified once events arrive', async () => {
    await db.pool.query('delete from eventstore.events');
    const anchor = await anchorNow();
    expect(anchor).toMatchObject({ streamCount: 0, streams: [] });
    await appendVisibly(uniqueStream('order'), countedBatch(0, 2), 'no_stream');
    expect((await verify(anchor)).intact).toBe(true);
  });

  describe('when a stored event is altered after the anchor was taken', () => {
    it('fails verification with the broken link, though the stored head hash did not change', async () => {
      const anchor = await anchorNow();
      await editPayload(victim, 2);
      const result = await verify(anchor);
      expect(result.intact).toBe(false);
      expect(result.problems).toEqual([]);
      expect(result.breaks).toEqual([expect.objectContaining({ streamId: victim, revision: 2, reason: 'hash-mismatch' })]);
    });

    it('still fails when the attacker recomputed the rest of the chain, which the chain check alone can no longer see', async () => {
      const anchor = await anchorNow();
      await editPayload(victim, 1);
      await rechain(victim);
      expect((await verifyAllStreams(store)).breaks).toEqual([]);
      const result = await verify(anchor);
      expect(result.breaks).toEqual([]);
      expect(result.problems).toEqual([expect.objectContaining({ streamId: victim, kind: 'hash-changed', anchored: expect.objectContaining({ revision: 4 }) })]);
    });
  });

  describe('when an anchor is taken after an event was altered', () => {
    it('refuses to sign, naming the break', async () => {
      await editPayload(victim, 2);
      const { anchor, breaks } = await createAnchor(store, { signingKey: keys.privateKey });
      expect(anchor).toBeNull();
      expect(breaks).toEqual([expect.objectContaining({ streamId: victim, revision: 2 })]);
    });

    it('signs the altered head only when told to, and verifying against that anchor still reports the break', async () => {
      await editPayload(victim, 2);
      const { anchor } = await createAnchor(store, { signingKey: keys.privateKey, allowBroken: true });
      const result = await verify(anchor!);
      expect(result.problems).toEqual([]);
      expect(result.breaks).toEqual([expect.objectContaining({ streamId: victim, revision: 2, reason: 'hash-mismatch' })]);
      expect(result.intact).toBe(false);
    });
  });

  describe('when history at or before the anchored position changed without breaking any chain', () => {
    it('reports a stream whose last events were deleted', async () => {
      const anchor = await anchorNow();
      await db.pool.query('delete from eventstore.events where stream_id = $1 and revision >= 3', [victim]);
      expect((await verifyAllStreams(store)).breaks).toEqual([]);
      expect((await verify(anchor)).problems).toEqual([expect.objectContaining({ streamId: victim, kind: 'events-lost', found: expect.objectContaining({ revision: 2 }) })]);
    });

    it('reports a stream that was deleted', async () => {
      const anchor = await anchorNow();
      await db.pool.query('delete from eventstore.events where stream_id = $1', [bystander]);
      expect((await verify(anchor)).problems).toEqual([expect.objectContaining({ streamId: bystander, kind: 'stream-missing' })]);
    });

    it('reports a stream inserted into the past', async () => {
      const anchor = await anchorNow();
      const intruder = uniqueStream('order');
      await insertIntoThePast(intruder, 0, GENESIS_HASH);
      expect((await verifyAllStreams(store)).breaks).toEqual([]);
      expect((await verify(anchor)).problems).toEqual([expect.objectContaining({ streamId: intruder, kind: 'not-anchored' })]);
    });

    it('reports an event appended to an anchored stream in the past', async () => {
      await appendVisibly(uniqueStream('order'), countedBatch(0, 1), 'no_stream');
      const anchor = await anchorNow();
      const head = (await store.streamHead(bystander))!;
      // Same transaction as the stream's head, later in it: right after the head, still before the anchored position.
      await insertIntoThePast(bystander, head.revision + 1, head.hash, { streamId: bystander, revision: head.revision });
      expect((await verifyAllStreams(store)).breaks).toEqual([]);
      expect((await verify(anchor)).problems).toEqual([expect.objectContaining({ streamId: bystander, kind: 'events-added' })]);
    });
  });

  describe('walking the chains in global order', () => {
    const walk = async () => walkChains(store, { upTo: await store.headPosition(), batchSize: 2 });

    it('links an event the store placed before an earlier revision of its stream once that revision comes, and reports the disorder', async () => {
      await db.pool.query('update eventstore.events set tx_id = tx_id - 1 where stream_id = $1 and revision = 4', [victim]);
      const result = await walk();
      expect(result.breaks).toEqual([]);
      expect(result.outOfOrder).toEqual([expect.objectContaining({ streamId: victim, revision: 4 })]);
      expect(result.heads.get(victim)).toMatchObject({ revision: 4 });
    });

    it('reports a revision that never comes as a gap, and not as disorder', async () => {
      await db.pool.query('delete from eventstore.events where stream_id = $1 and revision = 2', [victim]);
      const result = await walk();
      expect(result.breaks).toEqual([expect.objectContaining({ streamId: victim, revision: 3, reason: 'revision-gap' })]);
      expect(result.outOfOrder).toEqual([]);
    });
  });

  it('does not examine the store under a public key that did not sign the anchor', async () => {
    const anchor = await anchorNow();
    const result = await verifyAnchor(store, anchor, generateKeyPairSync('ed25519').publicKey);
    expect(result).toMatchObject({ intact: false, events: 0, signature: { ok: false, reason: 'wrong-key' } });
  });
});

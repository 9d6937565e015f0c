import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DomainEvent } from '../event-schemas';
import { loadConfig } from '../platform/config';
import { waitUntilVisible } from '../platform/event-store/contract/contract-fixtures';
import type { EventStore } from '../platform/event-store/event-store.port';
import { generateKeyPairFiles } from '../platform/event-store/anchor/signing-keys';
import { chainHash, contentDigest, GENESIS_HASH } from '../platform/event-store/hash-chain';
import { Position } from '../platform/event-store/position';
import { openRuntime, type Runtime } from '../platform/runtime';
import { commerce, tempDataDir } from '../test/cli-process';
import { createTestDatabase, type TestDatabase } from '../test/postgres';
import { appendSyntheticHistory } from '../test/synthetic-history';

describe('commerce audit: tamper evidence', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let raw: Runtime;
  let env: Record<string, string>;
  let victim: string;
  const data = tempDataDir('audit-cli');
  const keys = path.join(data.dir, 'keys');
  const signingKey = path.join(keys, 'audit-signing-key.pem');
  const publicKey = path.join(keys, 'audit-public-key.pem');
  let anchors = 0;
  const anchorPath = () => path.join(data.dir, `anchor-${++anchors}.json`);

  beforeAll(async () => {
    db = await createTestDatabase('auditcli');
    const config = { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn' as const, dataDir: data.dir };
    runtime = await openRuntime({ role: 'test', config });
    raw = await openRuntime({ role: 'test', config, codec: 'raw' });
    await appendSyntheticHistory(runtime.eventStore as EventStore<DomainEvent>, { orders: 20, skus: 5 });
    // Readers see events once every older transaction in the cluster has ended: wait until the last one written is visible.
    const last = (await db.pool.query<{ tx_id: string; seq: string }>('select tx_id, seq from eventstore.events order by tx_id desc, seq desc limit 1')).rows[0]!;
    await waitUntilVisible(runtime.eventStore, Position.encode(BigInt(last.tx_id), BigInt(last.seq)));
    victim = (await db.pool.query<{ stream_id: string }>(`select stream_id from eventstore.events where stream_id like 'order-%' order by tx_id limit 1`)).rows[0]!.stream_id;
    env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await raw.close();
    await runtime.close();
    await db.drop();
    data.remove();
  });

  async function run(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
    const cmd = commerce(args, { ...env, ...extraEnv });
    const code = await cmd.exited(60_000);
    return { code, output: cmd.output() };
  }

  /** Lowers the order total of the victim's first event in place, as someone with database access could; undone afterwards. */
  async function withAlteredEvent(work: () => Promise<void>, rechain = false): Promise<void> {
    const saved = (await db.pool.query(`select revision, data, hash, previous_hash from eventstore.events where stream_id = $1 order by revision`, [victim])).rows;
    await db.pool.query(`update eventstore.events set data = jsonb_set(data, '{total,amountMinor}', '1') where stream_id = $1 and revision = 0`, [victim]);
    if (rechain) {
      let previous = GENESIS_HASH;
      for (const e of await raw.eventStore.readStream(victim)) {
        const hash = chainHash(previous, victim, e.revision, contentDigest(e));
        await db.pool.query(`update eventstore.events set hash = $3, previous_hash = $4 where stream_id = $1 and revision = $2`, [victim, e.revision, hash, previous]);
        previous = hash;
      }
    }
    try {
      await work();
    } finally {
      for (const row of saved) {
        await db.pool.query(`update eventstore.events set data = $3, hash = $4, previous_hash = $5 where stream_id = $1 and revision = $2`, [victim, row.revision, row.data, row.hash, row.previous_hash]);
      }
    }
  }

  describe('keygen', () => {
    it('creates the key pair with the signing key readable by its owner only, and never overwrites it', async () => {
      const first = await run(['audit', 'keygen', '--out', keys]);
      expect(first.code).toBe(0);
      expect(first.output).toMatch(/key [0-9a-f]{16}\n/);
      expect(statSync(signingKey).mode & 0o777).toBe(0o600);
      const pem = readFileSync(signingKey, 'utf8');

      const again = await run(['audit', 'keygen', '--out', keys]);
      expect(again.code).toBe(1);
      expect(again.output).toMatch(/audit-signing-key.pem already exists; keys are never overwritten/);
      expect(readFileSync(signingKey, 'utf8')).toBe(pem);
    });
  });

  describe('verify', () => {
    it('finds every chain intact on an untouched store', async () => {
      const { code, output } = await run(['audit', 'verify']);
      expect(code).toBe(0);
      expect(output).toMatch(/checked \d+ events in \d+ streams up to position [0-9a-f]{32}\nevery hash chain is intact/);
    });

    it('detects one stored event altered directly in Postgres, names it as the first broken link of its stream, and exits with 2', async () => {
      await withAlteredEvent(async () => {
        const all = await run(['audit', 'verify']);
        expect(all.code).toBe(2);
        expect(all.output.match(/^BROKEN /gm)).toHaveLength(1);
        expect(all.output).toMatch(new RegExp(`BROKEN ${victim} at revision 0 \\(event [0-9a-f-]{36}, position [0-9a-f]{32}\\): hash-mismatch: stored hash`));

        const one = await run(['audit', 'verify', '--stream', victim, '--json']);
        expect(one.code).toBe(2);
        expect(JSON.parse(one.output).breaks).toEqual([expect.objectContaining({ streamId: victim, revision: 0, reason: 'hash-mismatch' })]);
      });
      expect((await run(['audit', 'verify', '--stream', victim])).code).toBe(0);
    });

    it("checks an event the store's global order placed before an earlier revision of its stream in stream order, and names the disorder", async () => {
      const { rows } = await db.pool.query<{ stream_id: string; tx_id: string }>(
        `select stream_id, tx_id from eventstore.events where stream_id like 'stock-%' and revision = 3 order by tx_id limit 1`,
      );
      const moved = rows[0]!;
      // Its stream's first event's transaction minus one: it now sorts before revisions 0 to 2.
      await db.pool.query(`update eventstore.events set tx_id = (select tx_id - 1 from eventstore.events where stream_id = $1 and revision = 0) where stream_id = $1 and revision = 3`, [moved.stream_id]);
      try {
        const { code, output } = await run(['audit', 'verify']);
        expect(code).toBe(0);
        expect(output).toMatch(/every hash chain is intact/);
        expect(output).toMatch(new RegExp(`NOTE: \\d+ event\\(s\\) came in the store's global order before an earlier revision of their own stream \\(first: [^)]*\\)[^\\n]*not tampering`));
        expect(output).not.toMatch(/BROKEN/);
      } finally {
        await db.pool.query(`update eventstore.events set tx_id = $2 where stream_id = $1 and revision = 3`, [moved.stream_id, moved.tx_id]);
      }
    });

    it('refuses to call a stream without events intact', async () => {
      const { code, output } = await run(['audit', 'verify', '--stream', 'order-does-not-exist']);
      expect(code).toBe(1);
      expect(output).toMatch(/Stream order-does-not-exist has no events: check the stream id/);
    });
  });

  describe('anchor and verify --anchor', () => {
    it('signs every stream head, and an untouched store verifies against it with the public key from the environment', async () => {
      const file = anchorPath();
      const written = await run(['audit', 'anchor', '--out', file], { AUDIT_SIGNING_KEY: signingKey });
      expect(written.code).toBe(0);
      expect(written.output).toMatch(/anchor written to .*: position [0-9a-f]{32}, \d+ streams \(\d+ events\), digest [0-9a-f]{64}, signed by key [0-9a-f]{16}/);
      const anchor = JSON.parse(readFileSync(file, 'utf8'));
      const streams = (await db.pool.query('select count(distinct stream_id)::int as n from eventstore.events')).rows[0].n;
      expect(anchor).toMatchObject({ format: 'commerce-audit-anchor/1', streamCount: streams });
      expect(anchor.streams).toHaveLength(streams);

      const verified = await run(['audit', 'verify', '--anchor', file], { AUDIT_PUBLIC_KEY: publicKey });
      expect(verified.code).toBe(0);
      expect(verified.output).toMatch(/signature valid .*\n.*\nnothing at or before position [0-9a-f]{32} has changed since the anchor was signed/);
    });

    it('fails an anchor taken before an event was altered, even when the attacker recomputed the chain so that verify alone passes', async () => {
      const file = anchorPath();
      expect((await run(['audit', 'anchor', '--out', file, '--key', signingKey])).code).toBe(0);
      await withAlteredEvent(async () => {
        const plain = await run(['audit', 'verify', '--anchor', file, '--public-key', publicKey]);
        expect(plain.code).toBe(2);
        expect(plain.output).toMatch(new RegExp(`BROKEN ${victim} at revision 0 .*hash-mismatch`));
      });
      await withAlteredEvent(async () => {
        expect((await run(['audit', 'verify'])).code).toBe(0);
        const rechained = await run(['audit', 'verify', '--anchor', file, '--public-key', publicKey]);
        expect(rechained.code).toBe(2);
        expect(rechained.output).toMatch(new RegExp(`CHANGED ${victim}: hash-changed: revision \\d+ now has hash [0-9a-f]{64}, the anchor recorded`));
      }, true);
    });

    it('does not let an anchor taken after an event was altered hide the break', async () => {
      await withAlteredEvent(async () => {
        const refused = anchorPath();
        const refusal = await run(['audit', 'anchor', '--out', refused, '--key', signingKey]);
        expect(refusal.code).toBe(2);
        expect(refusal.output).toMatch(new RegExp(`BROKEN ${victim} at revision 0[\\s\\S]*no anchor written: 1 hash chain\\(s\\) are already broken`));
        expect(existsSync(refused)).toBe(false);

        const forced = anchorPath();
        expect((await run(['audit', 'anchor', '--out', forced, '--key', signingKey, '--allow-broken'])).code).toBe(2);
        const verified = await run(['audit', 'verify', '--anchor', forced, '--public-key', publicKey]);
        expect(verified.code).toBe(2);
        expect(verified.output).toMatch(/signature valid/);
        expect(verified.output).toMatch(new RegExp(`BROKEN ${victim} at revision 0 .*hash-mismatch`));
        expect((await run(['audit', 'verify'])).code).toBe(2);
      });
    });

    describe('an anchor that is not authentic fails with exit code 2, without comparing the store', () => {
      let file: string;
      let other: string;
      beforeAll(async () => {
        file = anchorPath();
        expect((await run(['audit', 'anchor', '--out', file, '--key', signingKey])).code).toBe(0);
        other = generateKeyPairFiles(path.join(data.dir, 'other-keys')).publicKeyPath;
      });
      const edited = (edit: (anchor: Record<string, any>) => void) => {
        const anchor = JSON.parse(readFileSync(file, 'utf8'));
        edit(anchor);
        const out = anchorPath();
        writeFileSync(out, JSON.stringify(anchor));
        return out;
      };

      it.each([
        ['a signed field was edited', (a: Record<string, any>) => void (a.createdAt = '2020-01-01T00:00:00.000Z'), /SIGNATURE INVALID \(bad-signature\)/],
        ['an anchored hash was edited', (a: Record<string, any>) => void (a.streams[0].hash = 'f'.repeat(64)), /SIGNATURE INVALID \(list-edited\): the stream list .* is not the one that was signed/],
      ])('when %s', async (_name, edit, message) => {
        const { code, output } = await run(['audit', 'verify', '--anchor', edited(edit), '--public-key', publicKey]);
        expect(code).toBe(2);
        expect(output).toMatch(message);
        expect(output).toMatch(/the store was not compared with this anchor/);
      });

      it('under a public key that did not sign it', async () => {
        const { code, output } = await run(['audit', 'verify', '--anchor', file, '--public-key', other]);
        expect(code).toBe(2);
        expect(output).toMatch(/SIGNATURE INVALID \(wrong-key\): the anchor names signing key [0-9a-f]{16}, but the public key given is [0-9a-f]{16}/);
      });
    });
  });
});

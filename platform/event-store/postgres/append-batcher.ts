import type { Pool, PoolClient } from 'pg';

/** One append, encoded for the append functions. */
export interface EncodedAppend {
  streamId: string;
  /** The expected revision as the functions take it: -1 any, -2 no stream, -3 stream exists. */
  expected: number;
  ids: string[];
  types: string[];
  versions: number[];
  data: string[];
  metadata: string[];
  digests: string[];
}

export interface AppendRow {
  next_revision: string;
  tx_id: string;
  seq: string;
  appended: boolean;
}

/** Raised for one append of a batch exactly as eventstore.append() raises it alone. */
export class BatchedAppendError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(code === 'CE001' ? 'wrong expected revision' : 'event id already appended');
  }
}

interface Pending {
  append: EncodedAppend;
  resolve(row: AppendRow): void;
  reject(error: unknown): void;
}

interface BatchRow {
  entry: number;
  next_revision: string | null;
  tx_id: string | null;
  seq: string | null;
  appended: boolean | null;
  error: string | null;
  detail: string | null;
}

const MAX_EVENTS_PER_BATCH = 1000;

/**
 * Group commit for appends outside a caller's transaction. An append goes to Postgres at once
 * while fewer than `maxInFlight` calls are running; appends that arrive meanwhile wait and go
 * together in one call of eventstore.append_batch, which appends each in turn (streams locked in
 * stream id order, so two batches never deadlock) and commits once. Each append keeps its own
 * outcome: a refused one (wrong revision, event id reused) is reported to its caller and changes
 * nothing, the others go through. Under load this saves a round trip and a WAL flush per append;
 * alone, an append waits for nothing.
 */
export class AppendBatcher {
  private readonly queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly pool: Pool,
    private readonly maxInFlight: number,
  ) {}

  submit(append: EncodedAppend): Promise<AppendRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch: Pending[] = [this.queue.shift()!];
      let events = batch[0]!.append.ids.length;
      while (this.queue.length > 0 && events + this.queue[0]!.append.ids.length <= MAX_EVENTS_PER_BATCH) {
        const next = this.queue.shift()!;
        events += next.append.ids.length;
        batch.push(next);
      }
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.sendOne(batch[0]!);
    // Lock order: by stream id, appends to one stream in the order they came.
    const ordered = batch.map((pending, i) => ({ pending, i })).sort((a, b) => (a.pending.append.streamId < b.pending.append.streamId ? -1 : a.pending.append.streamId > b.pending.append.streamId ? 1 : a.i - b.i));
    const appends = ordered.map((o) => o.pending.append);
    let rows: BatchRow[];
    try {
      ({ rows } = await this.pool.query<BatchRow>({
        name: 'eventstore_append_batch',
        text: 'select entry, next_revision, tx_id, seq, appended, error, detail from eventstore.append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        values: [
          appends.map((a) => a.streamId),
          appends.map((a) => a.expected),
          appends.map((a) => a.ids.length),
          appends.flatMap((a) => a.ids),
          appends.flatMap((a) => a.types),
          appends.flatMap((a) => a.versions),
          appends.flatMap((a) => a.data),
          appends.flatMap((a) => a.metadata),
          appends.flatMap((a) => a.digests),
        ],
      }));
    } catch {
      // The whole call failed (e.g. one event id raced into another stream, or the connection
      // dropped): nothing was written, so each append is tried alone and reports its own outcome.
      await Promise.all(batch.map((pending) => this.sendOne(pending)));
      return;
    }
    const answered = new Set<number>();
    for (const row of rows) {
      const { pending } = ordered[row.entry - 1]!;
      answered.add(row.entry - 1);
      if (row.error) pending.reject(new BatchedAppendError(row.error, row.detail ?? ''));
      else pending.resolve({ next_revision: row.next_revision!, tx_id: row.tx_id!, seq: row.seq!, appended: row.appended! });
    }
    // Never leave a caller waiting, whatever the function returned.
    ordered.forEach(({ pending }, i) => answered.has(i) || pending.reject(new Error(`eventstore.append_batch gave no outcome for the append to ${pending.append.streamId}`)));
  }

  private async sendOne({ append, resolve, reject }: Pending): Promise<void> {
    try {
      resolve(await appendIn(this.pool, append));
    } catch (error) {
      reject(error);
    }
  }
}

/** One append alone, through eventstore.append() (which raises CE001/CE002 itself). */
export async function appendIn(db: Pool | PoolClient, append: EncodedAppend): Promise<AppendRow> {
  const { rows } = await db.query<AppendRow>({
    name: 'eventstore_append',
    text: 'select next_revision, tx_id, seq, appended from eventstore.append($1, $2, $3, $4, $5, $6, $7, $8)',
    values: [append.streamId, append.expected, append.ids, append.types, append.versions, append.data, append.metadata, append.digests],
  });
  return rows[0]!;
}

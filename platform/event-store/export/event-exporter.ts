import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { Position } from '../position';
import type { ExportEncoder } from './export-encoders';
import { isPastEnd, matches, readAfter, type ExportFilter } from './export-filter';

export interface ExportProgress {
  /** Events read from the store so far, matching the filter or not. */
  read: number;
  written: number;
  position: Position;
}

export interface ExportResult extends ExportProgress {
  /** The head of the store when the export started: events appended later are not exported. */
  head: Position;
  /** Position of the last event written, or undefined when none matched. */
  lastWritten?: Position;
  /** Stopped early by the signal. */
  interrupted: boolean;
  seconds: number;
}

export interface ExportOptions {
  filter: ExportFilter;
  encoder: ExportEncoder;
  output: Writable;
  /** Events per read; memory holds at most two batches (one being written, the next being read). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Streams the events the filter selects, in global order, as text to `output`. Memory stays
 * constant on any history: the store is read a batch at a time by position, the next batch is
 * read while the current one is written, and a write the output cannot take yet waits for
 * 'drain', so a slow disk or pipe slows reading down instead of filling memory.
 *
 * The export ends at the head as it was when it started, so an export of a live store finishes
 * and is a consistent prefix of the history. Events arrive decoded and upcast by the store's codec.
 */
export async function exportEvents(store: EventStore, options: ExportOptions): Promise<ExportResult> {
  const started = Date.now();
  const { filter, encoder, output, signal } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const head = await store.headPosition();
  const writer = new BackpressureWriter(output);
  const progress: ExportProgress = { read: 0, written: 0, position: readAfter(filter) };
  let lastWritten: Position | undefined;

  await writer.write(encoder.header());
  const read = (after: Position) => store.readAll({ after, maxCount: batchSize });
  let pending: Promise<RecordedEvent[]> | undefined = progress.position < head ? read(progress.position) : undefined;
  while (pending && !signal?.aborted) {
    const batch = await pending;
    pending = undefined;
    let chunk = '';
    // Only an empty batch or the head ends the export: the port does not promise that a short batch is the last.
    let done = batch.length === 0;
    for (const event of batch) {
      if (event.position > head || isPastEnd(filter, event)) {
        done = true;
        break;
      }
      progress.read += 1;
      progress.position = event.position;
      if (!matches(filter, event)) continue;
      chunk += encoder.record(event);
      progress.written += 1;
      lastWritten = event.position;
    }
    if (!done && progress.position < head) {
      pending = read(progress.position);
      // Rejections surface when awaited; this only keeps a failed read-ahead from being reported
      // as unhandled should the write below fail first.
      pending.catch(() => undefined);
    }
    await writer.write(chunk);
    options.onProgress?.({ ...progress });
  }
  // Only an abort leaves the loop with a read still to do; one that comes after the last batch changes nothing.
  return { ...progress, head, lastWritten, interrupted: pending !== undefined, seconds: (Date.now() - started) / 1000 };
}

/** Writes that wait for 'drain' when the stream's buffer is full, and fail with the stream's error. */
class BackpressureWriter {
  private failure: Error | undefined;

  constructor(private readonly output: Writable) {
    output.on('error', (error) => (this.failure ??= error));
  }

  async write(chunk: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (chunk.length === 0) return;
    if (!this.output.write(chunk)) await once(this.output, 'drain');
    if (this.failure) throw this.failure;
  }
}

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';

/** Where an export goes: a file that only appears once complete, or standard output. */
export interface ExportTarget {
  readonly stream: Writable;
  /** For messages: the file's path, or "stdout". */
  readonly description: string;
  /** Flushes; a file is renamed from its `.partial` name to the one asked for. */
  commit(): Promise<void>;
  /** Gives up: a file's partial content is removed, so no half export is mistaken for a whole one. */
  abort(): Promise<void>;
}

export class ExportTargetError extends Error {
  readonly code = 'EXPORT_TARGET_UNWRITABLE';
}

/**
 * Opens the file `<out>.partial` for writing (failing here, before any event is read, when the
 * directory is missing or not writable), or standard output when `out` is undefined.
 */
export async function openExportTarget(out: string | undefined): Promise<ExportTarget> {
  if (out === undefined) return stdoutTarget();
  const final = path.resolve(out);
  const partial = `${final}.partial`;
  const stream = createWriteStream(partial, { flags: 'w', highWaterMark: 1 << 20 });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new ExportTargetError(`Cannot write --out ${out}: ${(error as Error).message}`, { cause: error });
  }
  return {
    stream,
    description: out,
    commit: async () => {
      stream.end();
      await once(stream, 'close');
      await rename(partial, final);
    },
    abort: async () => {
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}

function stdoutTarget(): ExportTarget {
  const stream = process.stdout;
  return {
    stream,
    description: 'stdout',
    commit: () => new Promise<void>((resolve) => (stream.writableNeedDrain ? stream.once('drain', () => resolve()) : resolve())),
    abort: async () => undefined,
  };
}

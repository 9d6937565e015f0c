import { Position } from '../event-store/position';
import type { KeyedDocument, TargetCheckpoint } from '../read-models/keyed-documents.port';
import { isRecord } from './index-spec';
import { InvalidSearchArgumentError } from './search-errors';

/** Elasticsearch refuses longer `_id`s (512 bytes); the same limit holds everywhere. */
const MAX_ID_BYTES = 512;

function assertSequence(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidSearchArgumentError(field, `must be a non-negative whole number (got ${JSON.stringify(value)})`);
  }
}

/**
 * Checks a whole batch before anything is written, and keeps one document per id (the one with
 * the highest sequence): a single write cannot touch a row twice, and the lower copy would be
 * skipped by the sequence guard anyway.
 */
export function prepareDocuments<T>(documents: unknown): KeyedDocument<T>[] {
  if (!Array.isArray(documents)) throw new InvalidSearchArgumentError('documents', 'must be an array');
  const byId = new Map<string, KeyedDocument<T>>();
  documents.forEach((doc: unknown, i) => {
    const at = `documents[${i}]`;
    if (!isRecord(doc)) throw new InvalidSearchArgumentError(at, 'must be an object { id, position, sequence, data }');
    if (typeof doc.id !== 'string' || doc.id === '' || Buffer.byteLength(doc.id) > MAX_ID_BYTES) {
      throw new InvalidSearchArgumentError(`${at}.id`, `must be a non-empty string of at most ${MAX_ID_BYTES} bytes`);
    }
    if (!Position.isPosition(doc.position)) throw new InvalidSearchArgumentError(`${at}.position`, 'must be a 32-character position token');
    assertSequence(`${at}.sequence`, doc.sequence);
    if (!isRecord(doc.data)) throw new InvalidSearchArgumentError(`${at}.data`, 'must be a JSON object');
    const kept = byId.get(doc.id);
    if (!kept || kept.sequence < (doc.sequence as number)) byId.set(doc.id, doc as unknown as KeyedDocument<T>);
  });
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function assertCheckpoint(checkpoint: unknown): asserts checkpoint is TargetCheckpoint {
  if (!isRecord(checkpoint)) throw new InvalidSearchArgumentError('checkpoint', 'must be an object { position, sequence }');
  if (!Position.isPosition(checkpoint.position)) throw new InvalidSearchArgumentError('checkpoint.position', 'must be a 32-character position token');
  assertSequence('checkpoint.sequence', checkpoint.sequence);
}

export function assertIds(ids: unknown): asserts ids is string[] {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new InvalidSearchArgumentError('ids', 'must be an array of document ids');
}

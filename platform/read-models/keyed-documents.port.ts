import type { Position } from '../event-store/position';

/**
 * What the projector runtime needs from any store that keeps one document per key (MongoDB,
 * Elasticsearch, and their embedded Postgres stand-ins). A projection folds events into
 * documents in memory; the runtime reads the documents a batch touches, applies the batch, and
 * writes each touched document once, guarded by the position of the last event applied to it.
 */
export interface KeyedDocument<T = unknown> {
  id: string;
  /** Position of the last event applied to this document: the guard against redelivery. */
  position: Position;
  /**
   * The projection's own running count of events up to and including that one. Strictly
   * increasing with position and small enough for a 63-bit integer, so stores that version
   * documents with a number (Elasticsearch external versioning) use it as the version.
   */
  sequence: number;
  data: T;
}

/** Where a projection's target got to; stored in the target store itself, beside the documents. */
export interface TargetCheckpoint {
  position: Position;
  sequence: number;
}

export interface KeyedDocumentSink<T = unknown, Spec = unknown> {
  /** Creates the physical target (collection, index) with what `spec` asks for, if missing. Idempotent. */
  ensureTarget(target: string, spec: Spec): Promise<void>;
  /** Drops the target and its checkpoint. Missing targets are fine. */
  dropTarget(target: string): Promise<void>;
  /** The stored documents among `ids` (absent ids are simply missing from the map). */
  getMany(target: string, ids: string[]): Promise<Map<string, KeyedDocument<T>>>;
  /**
   * Writes each document unless the stored copy is already at the same or a later position
   * (or, where the store versions by number, the same or a higher sequence). Returns how many
   * were written; skipped ones are not errors.
   */
  putMany(target: string, documents: KeyedDocument<T>[]): Promise<number>;
  loadCheckpoint(target: string): Promise<TargetCheckpoint | null>;
  /** Moves forward only: a checkpoint older than the stored one is ignored. */
  saveCheckpoint(target: string, checkpoint: TargetCheckpoint): Promise<void>;
  close(): Promise<void>;
}

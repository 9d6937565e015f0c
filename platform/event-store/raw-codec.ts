import type { EventCodec } from './event-store.port';

/**
 * Stores and returns payloads untouched. Used where the stored bytes themselves matter (the hash
 * chain verifier, raw exports) and by adapter tests that are not about schemas.
 */
export const rawCodec: EventCodec = {
  encode: (_type, data) => ({ schemaVersion: 1, data }),
  decode: (_type, schemaVersion, data) => ({ schemaVersion, data }),
};

import { createLogger } from '../../logger';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.KURRENTDB_URL;
const log = createLogger('test', 'warn');

if (url) {
  // Every contract test writes to fresh stream ids, so a shared server needs no cleanup; no
  // appendSlowly: KurrentDB has no client transactions, the contract delays between appends instead.
  describeEventStoreContract('KurrentDB', () => ({
    createStore: (codec) => KurrentDbEventStore.connect({ connectionString: url, codec, log }),
    dispose: async () => undefined,
  }));
} else {
  describe('EventStore contract: KurrentDB', () => {
    it('is skipped without KURRENTDB_URL', () => {
      console.warn('KurrentDB contract SKIPPED: set KURRENTDB_URL=kurrentdb://localhost:2113?tls=false to run it');
    });
  });
}

import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createLogger } from '../logger';
import { describeDocumentStoreContract } from './contract/document-store.contract';
import { MongoDocumentStore } from './mongo-document-store';

const url = process.env.MONGO_URL;
const log = createLogger('test', 'warn');

if (url) {
  describeDocumentStoreContract('MongoDB', () => {
    // A database of its own per run, dropped at the end, so a shared server keeps nothing of ours.
    const database = `contract_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new MongoClient(url);
    return {
      createStore: () => MongoDocumentStore.connect({ url, database, log }),
      async listTargets() {
        const collections = await admin.db(database).listCollections({}, { nameOnly: true }).toArray();
        return collections.map((c) => c.name).filter((name) => !name.startsWith('_') && !name.startsWith('system.'));
      },
      async dispose() {
        await admin.db(database).dropDatabase();
        await admin.close();
      },
    };
  });
} else {
  describe('DocumentStore contract: MongoDB', () => {
    it('is skipped without MONGO_URL', () => {
      console.warn('MongoDB document-store contract SKIPPED: set MONGO_URL=mongodb://localhost:27017 to run it');
    });
  });
}

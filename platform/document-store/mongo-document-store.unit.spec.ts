import { MongoClient } from 'mongodb';
import { at, doc } from './contract/contract-fixtures';
import { InvalidDocumentArgumentError, InvalidDocumentError, InvalidFieldNameError, InvalidTargetNameError } from './document-store.errors';
import { MongoDocumentStore } from './mongo-document-store';

// A real client pointed at a port where nothing listens: any call that reached the driver would
// fail with a server selection error, so these errors prove the store refused before contacting it.
describe('MongoDocumentStore input checks', () => {
  const client = new MongoClient('mongodb://127.0.0.1:9/none', { serverSelectionTimeoutMS: 300 });
  const store = new MongoDocumentStore(client.db('none'));
  afterAll(() => client.close());

  it('refuses bad target names, field names, documents, queries and checkpoints without a round trip', async () => {
    await expect(store.ensureTarget('Orders', { indexes: [] })).rejects.toBeInstanceOf(InvalidTargetNameError);
    await expect(store.ensureTarget('orders', { indexes: [['$where']] })).rejects.toBeInstanceOf(InvalidFieldNameError);
    await expect(store.putMany('orders', [{ ...doc('a', 1, {}), position: 'x' as never }])).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(store.find('orders', { limit: 0 })).rejects.toBeInstanceOf(InvalidDocumentArgumentError);
    await expect(store.find('orders', { where: { 'a.b': 1 }, limit: 1 })).rejects.toBeInstanceOf(InvalidFieldNameError);
    await expect(store.saveCheckpoint('orders', { position: at(1), sequence: -1 })).rejects.toBeInstanceOf(InvalidDocumentArgumentError);
    await expect(store.dropTarget('orders.x')).rejects.toBeInstanceOf(InvalidTargetNameError);
  });

  it('does reach for the server once the input is valid', async () => {
    await expect(store.count('orders')).rejects.toThrow(/ECONNREFUSED|Server selection timed out/);
  });
});

import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { describeSearchStoreContract } from './contract/search-store.contract';
import { ElasticsearchSearchStore } from './elasticsearch-search-store';

const url = process.env.ELASTICSEARCH_URL;

if (url) {
  // Every index of this run shares one prefix; clusters refuse wildcard deletes by default
  // (action.destructive_requires_name), so cleanup lists the run's indices and deletes them by name.
  const indexPrefix = `contract_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}_`;
  describeSearchStoreContract('Elasticsearch', () => ({
    createStore: () => ElasticsearchSearchStore.connect({ node: url, indexPrefix }),
    dispose: async () => {
      const admin = new Client({ node: url });
      try {
        const indices = Object.keys(await admin.indices.get({ index: `${indexPrefix}*`, expand_wildcards: 'all' }));
        if (indices.length) await admin.indices.delete({ index: indices.join(',') });
      } finally {
        await admin.close();
      }
    },
  }));
} else {
  describe('SearchStore contract: Elasticsearch', () => {
    it('is skipped without ELASTICSEARCH_URL', () => {
      console.warn('Elasticsearch search-store contract SKIPPED: set ELASTICSEARCH_URL=http://localhost:9200 to run it');
    });
  });
}

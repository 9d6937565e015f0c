import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateIntegrationDocs, integrationEventDefinitions, INTEGRATION_JSON_SCHEMA_DIR } from '.';

const root = resolve(__dirname, '../..');

describe('The integration-event catalogue', () => {
  const files = generateIntegrationDocs();

  describe('the committed docs (when this fails: npm run schemas, then commit docs/events/integration/)', () => {
    it.each(files.map((file) => [file.path, file.content]))('%s equals freshly generated output', (path, content) => {
      const committed = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '(missing)';
      expect(committed).toBe(content);
    });

    it('hold no JSON Schema of a type that no longer exists', () => {
      const committed = readdirSync(join(root, INTEGRATION_JSON_SCHEMA_DIR)).map((name) => `${INTEGRATION_JSON_SCHEMA_DIR}/${name}`);
      expect(committed.filter((path) => !files.some((file) => file.path === path))).toEqual([]);
    });
  });

  it('has one JSON Schema per type, of the whole message, that pins the type', () => {
    const schemas = files.filter((file) => file.path.endsWith('.json')).map((file) => JSON.parse(file.content) as Record<string, any>);
    expect(schemas).toHaveLength(integrationEventDefinitions.length);
    for (const schema of schemas) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.required).toEqual(expect.arrayContaining(['id', 'type', 'key', 'occurredAt', 'source', 'data']));
      expect(schema.properties.type.const).toBe(schema['x-integration-event-type']);
    }
  });

  it('documents every field, marks personal data and shows the envelope', () => {
    const catalogue = files.find((file) => file.path.endsWith('CATALOGUE.md'))!.content;
    expect(catalogue).toContain('| `data.email` | email | yes | Contact email (**personal data**) |');
    expect(catalogue).toContain('| `id` | UUID |');
    expect(catalogue).toContain('| `source.position` | string |');
    expect(catalogue).not.toMatch(/\|\s*\|\s*$/m);
  });
});

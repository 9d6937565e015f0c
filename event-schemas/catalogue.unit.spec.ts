import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATALOGUE_PATH, generateEventDocs, JSON_SCHEMA_DIR } from './catalogue';
import { fieldRows } from './catalogue-fields';
import { eventRegistry } from './registry';

const root = resolve(__dirname, '..');

describe('Event catalogue', () => {
  const files = generateEventDocs();

  describe('the committed docs (when this fails: npm run schemas, then commit docs/events/)', () => {
    it.each(files.map((file) => [file.path, file.content]))('%s equals freshly generated output', (path, content) => {
      const committed = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '(missing)';
      expect(committed).toBe(content);
    });

    it('hold no JSON Schema of an event or version that no longer exists', () => {
      const committed = readdirSync(join(root, JSON_SCHEMA_DIR)).map((name) => `${JSON_SCHEMA_DIR}/${name}`);
      expect(committed.filter((path) => !files.some((file) => file.path === path))).toEqual([]);
    });
  });

  it('is the same on every run', () => {
    expect(generateEventDocs()).toEqual(files);
  });

  it('has one JSON Schema per version of every event, each with its own $id', () => {
    const expected = eventRegistry.definitions().reduce((sum, definition) => sum + definition.schemaVersion, 0);
    const schemas = files.filter((file) => file.path !== CATALOGUE_PATH).map((file) => JSON.parse(file.content) as Record<string, unknown>);
    expect(schemas).toHaveLength(expected);
    expect(new Set(schemas.map((schema) => schema.$id)).size).toBe(expected);
    expect(schemas.every((schema) => schema.$schema === 'https://json-schema.org/draft/2020-12/schema')).toBe(true);
  });

  it.each(eventRegistry.describe().map((event) => [event.type, event] as const))('documents every field of %s', (_type, event) => {
    const undocumented = fieldRows(event.jsonSchema).filter((row) => row.description.trim() === '');
    expect(undocumented.map((row) => row.name)).toEqual([]);
  });

  it('renders a field table, an example and the version history', () => {
    const catalogue = files.find((file) => file.path === CATALOGUE_PATH)?.content ?? '';
    expect(catalogue).toContain('| `lines[].quantity` | integer > 0 | yes | Units ordered |');
    expect(catalogue).toContain('| `email` | email | yes | Contact and login email; unique among customers (**personal data**) |');
    expect(catalogue).toContain('"sku": "TSHIRT-RED-M"');
    expect(catalogue).toContain('- v1 ([JSON Schema](json-schema/OrderPlaced.v1.json)) → v2: v2 added `total`');
    expect(catalogue).toContain('| `metadata.previousHash` |');
  });
});

/**
 * Writes docs/events/ (CATALOGUE.md and one JSON Schema per event version) from event-schemas/,
 * and docs/events/integration/ (the same for the public integration events).
 *   node -r @swc-node/register scripts/export-schemas.ts          write the files
 *   node -r @swc-node/register scripts/export-schemas.ts --check  exit 1 if they are out of date
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateEventDocs, JSON_SCHEMA_DIR } from '../event-schemas/catalogue';
import { generateIntegrationDocs, INTEGRATION_JSON_SCHEMA_DIR } from '../event-schemas/integration';

const root = resolve(__dirname, '..');
const check = process.argv.includes('--check');

const files = [...generateEventDocs(), ...generateIntegrationDocs()];
const wanted = new Set(files.map((file) => file.path));
const read = (path: string): string | undefined => {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
};

const changed = files.filter((file) => read(file.path) !== file.content).map((file) => file.path);
// A schema file whose event or version no longer exists would mislead readers of the docs.
const stale = [...listJsonSchemas(JSON_SCHEMA_DIR), ...listJsonSchemas(INTEGRATION_JSON_SCHEMA_DIR)].filter((path) => !wanted.has(path));

if (check) {
  if (changed.length + stale.length > 0) {
    console.error(`Event docs are out of date (${[...changed, ...stale].join(', ')}); run npm run schemas and commit the result.`);
    process.exit(1);
  }
  console.log(`Event docs are up to date (${files.length} files).`);
} else {
  mkdirSync(join(root, JSON_SCHEMA_DIR), { recursive: true });
  mkdirSync(join(root, INTEGRATION_JSON_SCHEMA_DIR), { recursive: true });
  for (const file of files.filter((f) => changed.includes(f.path))) writeFileSync(join(root, file.path), file.content);
  for (const path of stale) rmSync(join(root, path));
  console.log(`Event docs: ${files.length} files, ${changed.length} written, ${stale.length} removed.`);
}

function listJsonSchemas(dir: string): string[] {
  try {
    return readdirSync(join(root, dir))
      .filter((name) => name.endsWith('.json'))
      .map((name) => `${dir}/${name}`);
  } catch {
    return [];
  }
}

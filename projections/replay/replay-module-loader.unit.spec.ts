import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadReplayModule } from './replay-module-loader';
import { InvalidReplayProjectionError } from './replay-projection';

describe('Loading a replay module', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'replay-module-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, source: string) => {
    writeFileSync(path.join(dir, name), source);
    return path.join(dir, name);
  };

  it('takes module.exports or the default export of a CommonJS module, with its absolute path and content digest', () => {
    const plain = file('plain.js', `module.exports = { createTables: () => 'create table t (x int)', handlers: { OrderPlaced: async () => {} } };`);
    const loaded = loadReplayModule(path.relative(process.cwd(), plain));
    expect(loaded).toMatchObject({ path: plain, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Object.keys(loaded.projection.handlers!)).toEqual(['OrderPlaced']);

    const compiled = file('compiled.cjs', `exports.default = { createTables: () => '', batch: { handles: ['StockReceived'], apply: async () => {} } };`);
    expect(loadReplayModule(compiled).projection.batch!.handles).toEqual(['StockReceived']);
  });

  it('loads the TypeScript example', () => {
    const loaded = loadReplayModule(path.join(__dirname, 'examples', 'orders-per-sku.ts'));
    expect(Object.keys(loaded.projection.handlers!)).toEqual(expect.arrayContaining(['OrderPlaced', 'OrderCancelled']));
  });

  it.each([
    ['missing.js', null, /missing\.js: no such file \(looked for .*missing\.js\)/],
    ['module.mjs', 'export default {}', /module\.mjs: cannot load a \.mjs file: give a CommonJS \.js\/\.cjs module, or a \.ts one/],
    ['broken.js', 'module.exports = {', /broken\.js: failed to load: /],
    ['nothing.js', 'module.exports = 42', /nothing\.js: exports number, not a projection/],
    ['no-ddl.js', `module.exports = { handlers: { OrderPlaced: async () => {} } }`, /no-ddl\.js: createTables\(schema\) is missing or not a function/],
    ['both.js', `module.exports = { createTables: () => '', handlers: {}, batch: { handles: [], apply() {} } }`, /both\.js: declare either handlers \(per event\) or batch, not both/],
    ['typo.js', `module.exports = { createTables: () => '', handlers: { OrderPlacd: async () => {} } }`, /typo\.js: handles "OrderPlacd", which is no event type\. Did you mean OrderPlaced\?/],
    ['not-fn.js', `module.exports = { createTables: () => '', handlers: { OrderPlaced: 'insert …' } }`, /not-fn\.js: handlers\.OrderPlaced is not a function/],
  ])('refuses %s with what is wrong and what a module looks like', (name, source, message) => {
    const target = source === null ? path.join(dir, name) : file(name, source);
    expect(() => loadReplayModule(target)).toThrow(InvalidReplayProjectionError);
    expect(() => loadReplayModule(target)).toThrow(message);
    expect(() => loadReplayModule(target)).toThrow(/A replay module's default export is defineReplay\(/);
  });
});

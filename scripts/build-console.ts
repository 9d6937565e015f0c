/**
 * Builds the web console (read-api/console/app: Preact and TypeScript) into dist/console: one
 * minified script and one stylesheet named by their content hash (served as immutable), and the
 * index.html that names them (served no-cache), so a new build is picked up on the next load and
 * never mixes with cached assets of the previous one. Part of `npm run build`.
 *
 *   node -r @swc-node/register scripts/build-console.ts [--out <dir>]
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const app = path.join(root, 'read-api/console/app');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]!) : path.join(root, 'dist/console');

async function main(): Promise<void> {
  const started = Date.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: { console: path.join(app, 'main.tsx') },
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'iife',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(app, 'tsconfig.json'),
    outdir: path.join(out, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  if (!js || !css) throw new Error(`the console build made no script or no stylesheet: ${outputs.join(', ')}`);
  const html = readFileSync(path.join(app, 'index.html'), 'utf8').replace('%JS%', js).replace('%CSS%', css);
  writeFileSync(path.join(out, 'index.html'), html);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`console built into ${path.relative(root, out) || out} (${js}, ${css}; ${Math.round(bytes / 1024)} KiB with source maps) in ${Date.now() - started} ms`);
}

main().catch((error: unknown) => {
  console.error(`console build failed: ${(error as Error).message}`);
  process.exit(1);
});

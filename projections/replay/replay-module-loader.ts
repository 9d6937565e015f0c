import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { assertReplayProjection, InvalidReplayProjectionError, type ReplayProjection } from './replay-projection';

export interface LoadedReplayModule {
  projection: ReplayProjection;
  /** Absolute path, as recorded with the replay's checkpoint. */
  path: string;
  /** SHA-256 of the file, to notice that the module changed between runs. */
  digest: string;
}

const JS = new Set(['.js', '.cjs']);
const TS = new Set(['.ts', '.cts']);

/**
 * Loads an analyst's replay module: compiled JavaScript (CommonJS) always; TypeScript when
 * @swc-node/register is installed (a devDependency, so present after `npm ci` but not in a
 * production image built with --omit=dev). The default export, or module.exports itself, must be
 * a ReplayProjection.
 */
export function loadReplayModule(file: string, cwd = process.cwd()): LoadedReplayModule {
  const absolute = path.resolve(cwd, file);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new InvalidReplayProjectionError(file, `no such file (looked for ${absolute})`);
  }
  const extension = path.extname(absolute);
  if (TS.has(extension)) registerTypeScript(file);
  else if (!JS.has(extension)) {
    throw new InvalidReplayProjectionError(file, `cannot load a ${extension || 'extension-less'} file: give a CommonJS .js/.cjs module, or a .ts one`);
  }
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(absolute);
  } catch (error) {
    throw new InvalidReplayProjectionError(file, `failed to load: ${(error as Error).message}`);
  }
  const exported = (loaded as { default?: unknown } | null)?.default ?? loaded;
  assertReplayProjection(exported, file);
  return { projection: exported, path: absolute, digest: createHash('sha256').update(readFileSync(absolute)).digest('hex') };
}

function registerTypeScript(file: string): void {
  let register: string;
  try {
    register = require.resolve('@swc-node/register');
  } catch {
    throw new InvalidReplayProjectionError(
      file,
      'loading TypeScript needs @swc-node/register, a devDependency that is not installed here (npm ci installs it; production images omit it): compile the module to .js, or install the dev dependencies',
    );
  }
  // CommonJS output with the platform's compiler settings, wherever the analyst's file lives.
  const tsconfig = projectTsconfig();
  if (tsconfig) process.env.SWC_NODE_PROJECT ??= tsconfig;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(register);
}

/** The repository's tsconfig.json, from the source tree or from dist/. */
function projectTsconfig(): string | undefined {
  for (const up of ['../..', '../../..']) {
    const candidate = path.resolve(__dirname, up, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

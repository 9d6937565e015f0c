import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ensureChromium } from './browser';

declare global {
  var __TEST_POSTGRES__: ChildProcess | undefined;
}

/**
 * A browser for the console test (test/browser.ts), then one Postgres for the whole run:
 * DATABASE_URL when set (CI with a real server), otherwise the embedded one. Test files create
 * their own databases on it (test/postgres.ts).
 */
export default async function globalSetup(): Promise<void> {
  // The console's browser test needs Debian's chromium; installed here when missing, once per machine.
  const browser = ensureChromium((line) => console.log(`\n[tests] ${line}`));
  if ('executablePath' in browser) process.env.TEST_CHROMIUM_PATH = browser.executablePath;
  else process.env.TEST_CHROMIUM_SKIPPED = browser.skipped;
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    console.log(`\n[tests] using DATABASE_URL for Postgres-backed tests`);
    return;
  }
  const root = path.resolve(__dirname, '..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(root, 'scripts/test-postgres.ts'), path.join(root, '.data/test')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.json') },
  });
  globalThis.__TEST_POSTGRES__ = child;
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`embedded Postgres for tests exited with code ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  process.env.TEST_ADMIN_DATABASE_URL = url;
  console.log(`\n[tests] embedded Postgres ready`);
}

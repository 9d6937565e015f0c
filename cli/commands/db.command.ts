import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { redact } from '../../platform/event-store/create-event-store';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { createLogger } from '../../platform/logger';
import { openDatabase } from '../../platform/postgres/database';
import { runUntilSignal } from '../lifecycle';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the PostgreSQL database: DATABASE_URL, or the embedded server for COMMERCE_DATA_DIR');

  db.command('url')
    .description('print the connection URL in use (e.g. psql "$(npx commerce db url --show-password)")')
    .option('--show-password', 'print the password instead of ***')
    .action(async (options: { showPassword?: boolean }) => {
      const database = await openDatabase(loadConfig(), createLogger('db', 'warn'));
      try {
        process.stdout.write(`${options.showPassword ? database.url : redact(database.url)}\n`);
      } finally {
        await database.close();
      }
    });

  db.command('migrate')
    .description('create or upgrade every schema (each service also does this when it starts)')
    .action(async () => {
      const log = createLogger('db');
      const database = await openDatabase(loadConfig(), log);
      try {
        const applied = await PostgresEventStore.migrate(database.pool, log);
        log.info(applied.length ? `applied ${applied.length} migration(s)` : 'schema is up to date');
      } finally {
        await database.close();
      }
    });

  db.command('start')
    .description('run only the embedded Postgres in the foreground, until Ctrl-C')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger('db');
      const database = await openDatabase({ ...config, databaseUrl: undefined }, log);
      log.info(`embedded Postgres: ${redact(database.url)}`);
      await runUntilSignal(log, () => database.close());
    });
}

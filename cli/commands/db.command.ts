import type { Command } from 'commander';
import { PostgresDocumentStore } from '../../platform/document-store/postgres-document-store';
import { IdempotencyStore } from '../../platform/http/idempotency-store';
import { CheckpointStore } from '../../platform/processing/checkpoints';
import { DeadlineStore } from '../../platform/processing/deadlines';
import { PostgresSearchStore } from '../../platform/search/postgres-search-store';
import { PostgresSnapshotStore } from '../../platform/snapshots/snapshot-store';
import { UniqueClaims } from '../../platform/uniqueness/unique-claims';
import { ProjectionRegistry } from '../../projections/runtime/projection-registry';
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
        const pool = database.pool;
        // Every component that keeps tables in Postgres, whichever engines hold events, documents and search.
        const steps = [
          () => PostgresEventStore.migrate(pool, log),
          () => CheckpointStore.migrate(pool),
          () => DeadlineStore.migrate(pool),
          () => IdempotencyStore.migrate(pool),
          () => PostgresSnapshotStore.migrate(pool),
          () => UniqueClaims.migrate(pool),
          () => ProjectionRegistry.migrate(pool),
          () => PostgresDocumentStore.migrate(pool, log),
          () => PostgresSearchStore.migrate(pool, log),
        ];
        let applied = 0;
        for (const step of steps) applied += (await step()).length;
        log.info(applied ? `applied ${applied} migration(s)` : 'every schema is up to date');
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

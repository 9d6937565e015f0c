import { CommandBus } from '@nestjs/cqrs';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AdvisoryLease } from '../platform/processing/advisory-lease';
import { CheckpointStore } from '../platform/processing/checkpoints';
import { DeadlineStore } from '../platform/processing/deadlines';
import { nestLogger } from '../platform/http/create-http-app';
import { FULFILMENT_PROCESS, FulfilmentRunner } from './fulfilment/fulfilment-runner';
import { WriteSideModule, type WriteSide } from './write-side.module';

/** A CommandBus with every handler, in an application context without HTTP. */
async function ownCommandBus(side: WriteSide): Promise<{ bus: CommandBus; close(): Promise<void> }> {
  @Module({ imports: [WriteSideModule.register(side)] })
  class ProcessManagerModule {}
  const context = await NestFactory.createApplicationContext(ProcessManagerModule, { logger: nestLogger(side.runtime.log.child('nest')) });
  return { bus: context.get(CommandBus), close: () => context.close() };
}

/**
 * Starts the order-fulfilment process manager on a CommandBus: the write API's own bus when both
 * run in one process (`commerce start`), or a bus of its own (`commerce process-manager`).
 */
export async function startProcessManager(side: WriteSide, commands?: CommandBus): Promise<{ close(): Promise<void> }> {
  const { runtime } = side;
  const { pool } = runtime.db;
  await CheckpointStore.migrate(pool);
  await DeadlineStore.migrate(pool);
  const own = commands ? undefined : await ownCommandBus(side);
  const bus = commands ?? own!.bus;
  const runner = new FulfilmentRunner({
    store: runtime.eventStore,
    lease: new AdvisoryLease(runtime.db.url, FULFILMENT_PROCESS, runtime.log.child('lease')),
    streams: side.streams,
    commands: bus,
    checkpoints: new CheckpointStore(pool),
    deadlines: new DeadlineStore(pool),
    config: runtime.config,
    log: runtime.log.child('order-fulfilment'),
  });
  await runner.start();
  runtime.log.info('order-fulfilment process manager started');
  return {
    close: async () => {
      await runner.close();
      await own?.close();
    },
  };
}

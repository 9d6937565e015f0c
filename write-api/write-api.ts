import { APP_INTERCEPTOR } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { tokenServiceFor } from '../platform/auth/token-service';
import { startHttpApi, type HttpApiPart } from '../platform/http/create-http-app';
import { IdempotencyStore } from '../platform/http/idempotency-store';
import { CustomersController } from './http/customers.controller';
import { writeSideErrors } from './http/domain-errors';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { InventoryController } from './http/inventory.controller';
import { OrdersController } from './http/orders.controller';
import { ProductsController } from './http/products.controller';
import { WriteSideModule, type WriteSide } from './write-side.module';

export const writeApiControllers = [ProductsController, InventoryController, CustomersController, OrdersController];

/**
 * The write API's share of an HTTP app: the command routes on the write side, replayed answers
 * for a repeated Idempotency-Key (the store is migrated here and pruned hourly once the app
 * listens), the domain errors as problems.
 */
export async function writeApiPart(side: WriteSide): Promise<HttpApiPart> {
  const { pool } = side.runtime.db;
  await IdempotencyStore.migrate(pool);
  const idempotency = new IdempotencyStore(pool);
  return {
    imports: [WriteSideModule.register(side)],
    controllers: writeApiControllers,
    providers: [
      { provide: IdempotencyStore, useValue: idempotency },
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    ],
    readiness: [],
    errors: [writeSideErrors],
    listening: () => {
      const prune = setInterval(() => void idempotency.prune().catch(() => undefined), 3600_000);
      prune.unref();
    },
  };
}

/** The command HTTP service: every command route, OpenAPI at /openapi.json, a docs UI at /docs, health. */
export async function startWriteApi(side: WriteSide): Promise<NestFastifyApplication> {
  const { runtime } = side;
  const { config, log } = runtime;
  return startHttpApi([await writeApiPart(side)], {
    name: 'write API',
    host: config.host,
    port: config.port,
    log,
    tokens: await tokenServiceFor(config),
    readiness: runtime.readiness,
    openApi: { title: 'Commerce write API', description: 'Commands: products, stock, customers and orders. Every accepted command answers { id, revision, position }.' },
  });
}

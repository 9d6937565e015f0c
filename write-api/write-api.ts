import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthGuard } from '../platform/auth/auth.guard';
import { TokenService } from '../platform/auth/token-service';
import { createHttpApp } from '../platform/http/create-http-app';
import { ProblemFilter } from '../platform/http/error-filter';
import { HealthModule } from '../platform/http/health';
import { IdempotencyStore } from '../platform/http/idempotency-store';
import { buildOpenApi, serveOpenApi } from '../platform/http/openapi';
import type { Runtime } from '../platform/runtime';
import { CustomersController } from './http/customers.controller';
import { writeSideErrors } from './http/domain-errors';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { InventoryController } from './http/inventory.controller';
import { OrdersController } from './http/orders.controller';
import { ProductsController } from './http/products.controller';
import { WriteSideModule, type WriteSide } from './write-side.module';

export const writeApiControllers = [ProductsController, InventoryController, CustomersController, OrdersController];

export async function createTokenService(runtime: Runtime): Promise<TokenService> {
  const { config } = runtime;
  return TokenService.create({ dataDir: config.dataDir, jwtSecret: config.jwtSecret, jwksUrl: config.jwtJwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience });
}

/** The command HTTP service: every command route, OpenAPI at /openapi.json, a docs UI at /docs, health. */
export async function startWriteApi(side: WriteSide): Promise<NestFastifyApplication> {
  const { runtime } = side;
  const { config, log } = runtime;
  const tokens = await createTokenService(runtime);
  await IdempotencyStore.migrate(runtime.db.pool);
  const idempotency = new IdempotencyStore(runtime.db.pool);
  const app = await createHttpApp(
    {
      imports: [HealthModule.register(runtime.readiness), WriteSideModule.register(side)],
      controllers: writeApiControllers,
      providers: [
        { provide: TokenService, useValue: tokens },
        { provide: IdempotencyStore, useValue: idempotency },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    },
    {
      host: config.host,
      port: config.port,
      log: log.child('http'),
      configure: (app) => {
        app.useGlobalFilters(new ProblemFilter(log.child('http'), [writeSideErrors]));
        const document = buildOpenApi(
          { title: 'Commerce write API', version: '1', description: 'Commands: products, stock, customers and orders. Every accepted command answers { id, revision, position }.' },
          writeApiControllers,
        );
        serveOpenApi(app, document, 'Commerce write API');
      },
    },
  );
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`write API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port} (docs at /docs)`, { port });
  const prune = setInterval(() => void idempotency.prune().catch(() => undefined), 3600_000);
  prune.unref();
  return app;
}

import { APP_INTERCEPTOR } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { tokenServiceFor } from '../platform/auth/token-service';
import { startHttpApi, type HttpApiPart } from '../platform/http/create-http-app';
import type { ReadSide } from '../projections/read-side';
import { AnalyticsController } from './analytics/sales-by-day';
import { EventsController } from './events/events.controller';
import { serveConsole } from './console/console.routes';
import { ConsistencyInterceptor } from './http/consistency.interceptor';
import { InventoryController } from './inventory/inventory.controller';
import { CustomerOrdersController } from './orders/customer-orders.controller';
import { OrdersController } from './orders/orders.controller';
import { ProductsController } from './products/products.controller';
import { readSideErrors } from './read-errors';
import { ReadApiModule } from './read-api.module';
import { ProjectionsController } from './status/projections.controller';
import { projectionsReadiness } from './status/projections-readiness';

export const readApiControllers = [OrdersController, CustomerOrdersController, ProductsController, InventoryController, AnalyticsController, ProjectionsController, EventsController];

/**
 * The read API's share of an HTTP app: the query routes over the read side, read-your-writes
 * waits on X-Min-Position, the read models' errors as problems, a readiness check on the
 * projections, and the web console at /console.
 */
export function readApiPart(side: ReadSide): HttpApiPart {
  return {
    imports: [ReadApiModule.register(side)],
    controllers: readApiControllers,
    providers: [{ provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor }],
    readiness: [projectionsReadiness(side)],
    errors: [readSideErrors],
    configure: (app) => serveConsole(app),
    pages: ['console at /console'],
  };
}

/**
 * The query HTTP service on `config.host`:`config.readApiPort`: orders, customers' orders,
 * products and search, stock, sales by day, projection status; read-your-writes waits on
 * X-Min-Position; OpenAPI at /openapi.json and a docs UI at /docs; the web console at /console;
 * /health/live and /health/ready.
 * Closing the returned app stops the server; the caller closes the read side and runtime after it.
 */
export async function startReadApi(side: ReadSide): Promise<NestFastifyApplication> {
  const { runtime } = side;
  const { config, log } = runtime;
  return startHttpApi([readApiPart(side)], {
    name: 'read API',
    host: config.host,
    port: config.readApiPort,
    log,
    tokens: await tokenServiceFor(config),
    readiness: runtime.readiness,
    openApi: {
      title: 'Commerce read API',
      description:
        'Queries over the read models: orders, order history, products and search, stock, sales, projection status. Send X-Min-Position with a write’s position to read your own write; every answer says in X-Projection-Position which position its data reflects.',
    },
  });
}

import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthGuard } from '../platform/auth/auth.guard';
import { TokenService } from '../platform/auth/token-service';
import { createHttpApp } from '../platform/http/create-http-app';
import { ProblemFilter } from '../platform/http/error-filter';
import { HealthModule } from '../platform/http/health';
import { IdempotencyStore } from '../platform/http/idempotency-store';
import { buildOpenApi, serveOpenApi } from '../platform/http/openapi';
import type { ReadSide } from '../projections/read-side';
import { ConsistencyInterceptor } from '../read-api/http/consistency.interceptor';
import { serveConsole } from '../read-api/console/console.routes';
import { ReadApiModule } from '../read-api/read-api.module';
import { projectionsReadiness, readApiControllers } from '../read-api/read-api';
import { readSideErrors } from '../read-api/read-errors';
import { writeSideErrors } from '../write-api/http/domain-errors';
import { IdempotencyInterceptor } from '../write-api/http/idempotency.interceptor';
import { createTokenService, writeApiControllers } from '../write-api/write-api';
import { WriteSideModule as WriteModule, type WriteSide } from '../write-api/write-side.module';

/**
 * `commerce start`: the write and the read API on one port with the paths the production ingress
 * presents (commands to the write API, queries to the read API), so a client written against the
 * embedded default works unchanged against production. One OpenAPI document covers both.
 */
export async function startCombinedApi(write: WriteSide, read: ReadSide): Promise<NestFastifyApplication> {
  const { runtime } = write;
  const { config, log } = runtime;
  const http = log.child('http');
  await IdempotencyStore.migrate(runtime.db.pool);
  const idempotency = new IdempotencyStore(runtime.db.pool);
  const controllers = [...writeApiControllers, ...readApiControllers];
  const app = await createHttpApp(
    {
      imports: [HealthModule.register([...runtime.readiness, projectionsReadiness(read)]), WriteModule.register(write), ReadApiModule.register(read)],
      controllers,
      providers: [
        { provide: TokenService, useValue: await createTokenService(runtime) },
        { provide: IdempotencyStore, useValue: idempotency },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
      ],
    },
    {
      host: config.host,
      port: config.port,
      log: http,
      configure: (app) => {
        app.useGlobalFilters(new ProblemFilter(http, [writeSideErrors, readSideErrors]));
        const document = buildOpenApi(
          {
            title: 'Commerce API',
            version: '1',
            description:
              'Commands (POST) and queries (GET) of the commerce platform, as the production ingress presents them. Every accepted command answers { id, revision, position }; send that position as X-Min-Position on a query to read your own write.',
          },
          controllers,
        );
        serveOpenApi(app, document, 'Commerce API');
        serveConsole(app);
      },
    },
  );
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`write and read API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port} (docs at /docs, console at /console)`, { port });
  const prune = setInterval(() => void idempotency.prune().catch(() => undefined), 3600_000);
  prune.unref();
  return app;
}

import 'reflect-metadata';
import { type LoggerService, type ModuleMetadata, type Provider, type Type, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthGuard } from '../auth/auth.guard';
import { TokenService } from '../auth/token-service';
import type { Logger } from '../logger';
import { observeHttp } from '../observability/http-observability';
import { ProblemFilter, type ErrorMapper } from './error-filter';
import { HealthModule, type ReadinessCheck } from './health';
import { buildOpenApi, serveOpenApi } from './openapi';

/** Routes Nest's own log lines into the platform logger so every line has the same shape. */
export function nestLogger(log: Logger): LoggerService {
  const text = (m: unknown) => (typeof m === 'string' ? m : JSON.stringify(m));
  return {
    log: (m, ctx?: string) => log.debug(text(m), ctx ? { context: ctx } : undefined),
    error: (m, trace?: string, ctx?: string) => log.error(text(m), { context: ctx, trace }),
    warn: (m, ctx?: string) => log.warn(text(m), ctx ? { context: ctx } : undefined),
    debug: (m, ctx?: string) => log.debug(text(m), ctx ? { context: ctx } : undefined),
    verbose: (m, ctx?: string) => log.debug(text(m), ctx ? { context: ctx } : undefined),
  };
}

export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
  constructor(port: number) {
    super(`Port ${port} is already in use by another process; stop it or set PORT to a free port`);
    this.name = 'PortInUseError';
  }
}

/** A NestJS application on the Fastify adapter, listening on host:port. */
export async function createHttpApp(
  metadata: ModuleMetadata,
  options: { host: string; port: number; log: Logger; configure?: (app: NestFastifyApplication) => void },
): Promise<NestFastifyApplication> {
  @Module(metadata)
  class RootModule {}
  const app = await NestFactory.create<NestFastifyApplication>(RootModule, new FastifyAdapter({ trustProxy: true }), {
    logger: nestLogger(options.log),
    abortOnError: false,
  });
  // Before any route exists, so every route gets the metrics and the server span.
  observeHttp(app.getHttpAdapter().getInstance());
  options.configure?.(app);
  try {
    await app.listen(options.port, options.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(options.port);
    throw error;
  }
  return app;
}

/**
 * What one service (the write or the read API) brings to an HTTP app. A service's own process
 * serves its part alone; `commerce start` serves both parts on one port.
 */
export interface HttpApiPart {
  imports: NonNullable<ModuleMetadata['imports']>;
  controllers: Type[];
  /** The service's own providers; the token service and the auth guard come with every app. */
  providers: Provider[];
  /** Readiness checks besides the runtime's. */
  readiness: ReadinessCheck[];
  /** Error mappers for the problem filter, tried in the order of the parts. */
  errors: ErrorMapper[];
  /** Routes beyond the controllers, added after the OpenAPI document's. */
  configure?: (app: NestFastifyApplication) => void;
  /** Pages the listening log line names after the docs, as 'console at /console'. */
  pages?: string[];
  /** Runs once the app listens. */
  listening?: () => void;
}

/**
 * An authenticated HTTP API made of `parts` on host:port: their modules, controllers and
 * providers after health (the runtime's readiness checks, then the parts'), the token service
 * and the auth guard; errors answered as problems; the OpenAPI document of every part's
 * controllers at /openapi.json with a docs UI at /docs.
 */
export async function startHttpApi(
  parts: HttpApiPart[],
  options: { name: string; host: string; port: number; log: Logger; tokens: TokenService; readiness: ReadinessCheck[]; openApi: { title: string; description: string } },
): Promise<NestFastifyApplication> {
  const { host, log } = options;
  const http = log.child('http');
  const controllers = parts.flatMap((part) => part.controllers);
  const app = await createHttpApp(
    {
      imports: [HealthModule.register([...options.readiness, ...parts.flatMap((part) => part.readiness)]), ...parts.flatMap((part) => part.imports)],
      controllers,
      providers: [{ provide: TokenService, useValue: options.tokens }, { provide: APP_GUARD, useClass: AuthGuard }, ...parts.flatMap((part) => part.providers)],
    },
    {
      host,
      port: options.port,
      log: http,
      configure: (app) => {
        app.useGlobalFilters(new ProblemFilter(http, parts.flatMap((part) => part.errors)));
        serveOpenApi(app, buildOpenApi({ title: options.openApi.title, version: '1', description: options.openApi.description }, controllers), options.openApi.title);
        for (const part of parts) part.configure?.(app);
      },
    },
  );
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const pages = ['docs at /docs', ...parts.flatMap((part) => part.pages ?? [])].join(', ');
  log.info(`${options.name} listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (${pages})`, { port });
  for (const part of parts) part.listening?.();
  return app;
}

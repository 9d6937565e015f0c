import 'reflect-metadata';
import { type LoggerService, type ModuleMetadata, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '../logger';
import { observeHttp } from '../observability/http-observability';

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

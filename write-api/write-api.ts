import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../platform/http/create-http-app';
import { HealthModule } from '../platform/http/health';
import type { Runtime } from '../platform/runtime';

/** The command HTTP service. Command routes arrive with the write side; health is there from the start. */
export async function startWriteApi(runtime: Runtime): Promise<NestFastifyApplication> {
  const { config, log } = runtime;
  const app = await createHttpApp({ imports: [HealthModule.register(runtime.readiness)] }, { host: config.host, port: config.port, log: log.child('http') });
  log.info(`write API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`, { port: config.port });
  return app;
}

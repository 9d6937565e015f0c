import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { tokenServiceFor } from '../platform/auth/token-service';
import { startHttpApi } from '../platform/http/create-http-app';
import type { ReadSide } from '../projections/read-side';
import { readApiPart } from '../read-api/read-api';
import { writeApiPart } from '../write-api/write-api';
import type { WriteSide } from '../write-api/write-side.module';

/**
 * `commerce start`: the write and the read API on one port with the paths the production ingress
 * presents (commands to the write API, queries to the read API), so a client written against the
 * embedded default works unchanged against production. One OpenAPI document covers both.
 */
export async function startCombinedApi(write: WriteSide, read: ReadSide): Promise<NestFastifyApplication> {
  const { runtime } = write;
  const { config, log } = runtime;
  const parts = [await writeApiPart(write), readApiPart(read)];
  return startHttpApi(parts, {
    name: 'write and read API',
    host: config.host,
    port: config.port,
    log,
    tokens: await tokenServiceFor(config),
    readiness: runtime.readiness,
    openApi: {
      title: 'Commerce API',
      description:
        'Commands (POST) and queries (GET) of the commerce platform, as the production ingress presents them. Every accepted command answers { id, revision, position }; send that position as X-Min-Position on a query to read your own write.',
    },
  });
}

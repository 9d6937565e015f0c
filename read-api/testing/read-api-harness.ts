import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DomainEventType, EventData } from '../../event-schemas';
import type { Role } from '../../platform/auth/principal';
import { tokenServiceFor } from '../../platform/auth/token-service';
import { loadConfig, type Config } from '../../platform/config';
import type { AppendResult, EventMetadata } from '../../platform/event-store/event-store.port';
import type { Position } from '../../platform/event-store/position';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { projections } from '../../projections/catalog';
import { openReadSide, type ReadSide } from '../../projections/read-side';
import type { Projector } from '../../projections/runtime/projector';
import { request, type HttpResponse } from '../../test/http';
import { createTestDatabase } from '../../test/postgres';
import { startReadApi } from '../read-api';

export interface CallOptions {
  /** Default admin; null sends no token. */
  role?: Role | null;
  subject?: string;
  headers?: Record<string, string>;
}

export interface TestReadApi {
  url: string;
  runtime: Runtime;
  side: ReadSide;
  app: NestFastifyApplication;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely, as test/ helpers do
  get<T = any>(route: string, options?: CallOptions): Promise<HttpResponse<T>>;
  /** Appends one domain event (validated by the event registry, as the write side would). */
  append<T extends DomainEventType>(streamId: string, type: T, data: EventData<T>, meta?: Partial<EventMetadata>): Promise<AppendResult>;
  /** Waits until the live generation of every projection has applied `position` (the read API is not involved). */
  caughtUp(position: Position, timeoutMs?: number): Promise<void>;
  startProjector(): Promise<void>;
  stopProjector(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real read API over a fresh database: the runtime, read side and projector the `commerce`
 * roles use, listening on a random loopback port. Tests append domain events and let the real
 * projector build the read models.
 */
export async function startTestReadApi(overrides: Partial<Config> = {}): Promise<TestReadApi> {
  const db = await createTestDatabase('rapi');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'commerce-rapi-'));
  const config: Config = {
    ...loadConfig({}),
    databaseUrl: db.url,
    dataDir,
    host: '127.0.0.1',
    readApiPort: 0,
    jwtSecret: 'test-secret-for-the-read-api-suite',
    logLevel: 'error',
    pollIntervalMs: 50,
    ...overrides,
  };
  const runtime = await openRuntime({ role: 'test', config });
  const side = await openReadSide(runtime);
  let projector: Projector | undefined;
  const startProjector = async () => {
    projector = side.createProjector();
    await projector.start();
  };
  const stopProjector = async () => {
    await projector?.stop();
    projector = undefined;
  };
  await startProjector();
  // Projector.stop() during a worker's start-up can wait forever (reported to the integrator), so
  // the harness lets every worker get past it before a test may stop the projector: an event that
  // no read model handles still moves each live position once its worker is running.
  const warmUp = await runtime.eventStore.append(
    `customer-${randomUUID()}`,
    [{ eventId: randomUUID(), type: 'CustomerRegistered', data: { customerId: randomUUID(), email: `warm-up-${randomUUID()}@example.com`, name: 'Warm Up' }, metadata: { correlationId: 'warm-up', causationId: 'warm-up', actor: { subject: 'tester', role: 'admin' }, occurredAt: new Date().toISOString() } }],
    'no_stream',
  );
  const app = await startReadApi(side);
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokens = await tokenServiceFor(runtime.config);
  const api: TestReadApi = {
    url, runtime, side, app, startProjector, stopProjector,
    get: async (route, options = {}) => {
      const role = options.role === undefined ? 'admin' : options.role;
      const auth: Record<string, string> = role ? { authorization: `Bearer ${await tokens.issue({ role, subject: options.subject ?? `${role}-1` })}` } : {};
      return request(url + route, { headers: { ...auth, ...options.headers } });
    },
    append: (streamId, type, data, meta = {}) =>
      runtime.eventStore.append(
        streamId,
        [{
          eventId: randomUUID(), type, data,
          metadata: { correlationId: (data as { orderId?: string }).orderId ?? 'test', causationId: 'test', actor: { subject: 'tester', role: 'admin' }, occurredAt: new Date().toISOString(), ...meta },
        }],
        'any',
      ),
    caughtUp: async (position, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const positions = await side.waiter.livePositions();
        const behind = projections.filter((p) => !((positions.get(p.name) ?? '') >= position));
        if (behind.length === 0) return;
        if (Date.now() > deadline) throw new Error(`${behind.map((p) => p.name).join(', ')} did not reach ${position} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: async () => {
      await app.close();
      await stopProjector();
      await side.close();
      await runtime.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await api.caughtUp(warmUp.position);
  } catch (error) {
    await api.close();
    throw error;
  }
  return api;
}

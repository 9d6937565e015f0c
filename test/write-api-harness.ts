import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '../platform/auth/principal';
import { tokenServiceFor, type TokenService } from '../platform/auth/token-service';
import { loadConfig, type Config } from '../platform/config';
import { createPaymentGateway } from '../platform/payment-gateway/create-payment-gateway';
import { openRuntime, type Runtime } from '../platform/runtime';
import { startProcessManager } from '../write-api/process-manager';
import { startWriteApi } from '../write-api/write-api';
import { createWriteSide, type WriteSide } from '../write-api/write-side.module';
import { request, type HttpResponse } from './http';
import { createTestDatabase, type TestDatabase } from './postgres';

export interface TestWriteApi {
  url: string;
  runtime: Runtime;
  side: WriteSide;
  app: NestFastifyApplication;
  token(role: Role, subject?: string): Promise<string>;
  /** POST/GET as the given role (or anonymously with role null). */
  call<T = any>(method: string, route: string, options?: { body?: unknown; role?: Role | null; subject?: string; headers?: Record<string, string> }): Promise<HttpResponse<T>>;
  eventCount(): Promise<number>;
  /** Starts (another) order-fulfilment process manager on this API's CommandBus. */
  startProcessManager(): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The real write API on a fresh database, listening on a random loopback port. */
export async function startTestWriteApi(overrides: Partial<Config> = {}, options: { processManager?: boolean } = {}): Promise<TestWriteApi> {
  const db: TestDatabase = await createTestDatabase('wapi');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'commerce-wapi-'));
  const config: Config = {
    ...loadConfig({}),
    databaseUrl: db.url,
    dataDir,
    host: '127.0.0.1',
    port: 0,
    jwtSecret: 'test-secret-for-the-write-api-suite',
    logLevel: 'error',
    paymentGatewayTimeoutMs: 300,
    pollIntervalMs: 100,
    ...overrides,
  };
  const runtime = await openRuntime({ role: 'test', config });
  const gateway = createPaymentGateway({ timeoutMs: config.paymentGatewayTimeoutMs });
  const side = await createWriteSide(runtime, gateway);
  const app = await startWriteApi(side);
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokens: TokenService = await tokenServiceFor(runtime.config);
  const token = (role: Role, subject = `${role}-1`) => tokens.issue({ role, subject });
  const managers: { close(): Promise<void> }[] = [];
  const startManager = async () => {
    const manager = await startProcessManager(side, app.get(CommandBus));
    managers.push(manager);
    return manager;
  };
  if (options.processManager) await startManager();
  return {
    url,
    runtime,
    side,
    app,
    token,
    call: async (method, route, options = {}) => {
      const role = options.role === undefined ? 'admin' : options.role;
      const auth: Record<string, string> = role ? { authorization: `Bearer ${await token(role, options.subject)}` } : {};
      return request(url + route, { method, body: options.body, headers: { ...auth, ...options.headers } });
    },
    eventCount: async () => Number((await db.pool.query('select count(*) as n from eventstore.events')).rows[0].n),
    startProcessManager: startManager,
    close: async () => {
      for (const manager of managers) await manager.close();
      await app.close();
      await gateway.close();
      await runtime.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

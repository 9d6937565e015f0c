import net from 'node:net';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { createLogger } from '../logger';
import { authorizeRequest } from './contract/gateway-fixtures';
import { describePaymentGatewayContract } from './contract/payment-gateway.contract';
import { GrpcPaymentGateway } from './grpc-gateway.client';
import { startGatewaySimulator, type GatewaySimulator } from './grpc-gateway.server';
import { ERROR_CODE_KEY, ERROR_FIELD_KEY, method } from './grpc-wire';
import { GatewayTimeoutError, GatewayUnavailableError } from './payment-gateway.errors';
import type { AuthorizeRequest, GatewayCallOptions } from './payment-gateway.port';
import { SimulatedGateway } from './simulated-gateway';

const log = createLogger('test', 'warn');

describePaymentGatewayContract('gRPC client against the simulator over loopback', () => {
  let simulator: GatewaySimulator | undefined;
  return {
    async create() {
      simulator ??= await startGatewaySimulator({ host: '127.0.0.1', port: 0, log });
      return new GrpcPaymentGateway({ url: simulator.url, timeoutMs: 3000 });
    },
    dispose: async () => simulator?.stop(),
  };
});

describe('gRPC transport', () => {
  let simulator: GatewaySimulator;
  const serverSide: Promise<unknown>[] = [];
  beforeAll(async () => {
    // Records what the server-side call did, to see that a client's deadline ends it there too.
    const inner = new SimulatedGateway({ timeoutMs: Infinity });
    const gateway = Object.assign(Object.create(inner) as SimulatedGateway, {
      authorize: (request: AuthorizeRequest, options?: GatewayCallOptions) => {
        const call = inner.authorize(request, options);
        serverSide.push(call.catch((e: unknown) => e));
        return call;
      },
    });
    simulator = await startGatewaySimulator({ host: '127.0.0.1', port: 0, log, gateway });
  });
  afterAll(() => simulator?.stop());

  it('reports an unreachable gateway as GatewayUnavailableError, without waiting for the timeout', async () => {
    const port = await freePort();
    const client = new GrpcPaymentGateway({ url: `grpc://127.0.0.1:${port}`, timeoutMs: 10_000 });
    const started = Date.now();
    const error = await client.authorize(authorizeRequest()).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect(error).toMatchObject({ code: 'GATEWAY_UNAVAILABLE', target: `127.0.0.1:${port}`, message: expect.stringContaining('PAYMENT_GATEWAY_URL') });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ends a hanging call on the server when the client deadline passes', async () => {
    const client = new GrpcPaymentGateway({ url: simulator.url, timeoutMs: 200 });
    const before = serverSide.length;
    await expect(client.authorize(authorizeRequest('tok_timeout_noauth'))).rejects.toBeInstanceOf(GatewayTimeoutError);
    await client.close();
    expect(serverSide.length).toBe(before + 1);
    expect(await serverSide.at(-1)).toBeInstanceOf(GatewayTimeoutError);
  });

  it('validates requests on the server too, for clients that skip the checks', async () => {
    const raw = new Client(simulator.url.replace('grpc://', ''), credentials.createInsecure());
    const { path, requestSerialize, responseDeserialize } = method('authorize');
    const request = { ...authorizeRequest(), amount: { amountMinor: '-5', currency: 'EUR' } };
    const error = await new Promise<ServiceError>((resolve) =>
      raw.makeUnaryRequest(path, requestSerialize, responseDeserialize, request, new Metadata(), { deadline: Date.now() + 3000 }, (e) => resolve(e!)),
    );
    raw.close();
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.metadata.get(ERROR_CODE_KEY)).toEqual(['GATEWAY_INVALID_REQUEST']);
    expect(error.metadata.get(ERROR_FIELD_KEY)).toEqual(['amount.amountMinor']);
    expect(error.details).toContain('positive safe integer');
  });

  it('answers calls still waiting with UNAVAILABLE when it stops, and stops promptly', async () => {
    const own = await startGatewaySimulator({ port: 0, log });
    const client = new GrpcPaymentGateway({ url: own.url, timeoutMs: 30_000 });
    const waiting = client.authorize(authorizeRequest('tok_timeout')).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await waiting).toBeInstanceOf(GatewayUnavailableError);
    await client.close();
  });

  it('explains a port that is already taken', async () => {
    // grpc-js also logs the bind failure itself; keep the test output clean.
    jest.spyOn(console, 'error').mockImplementationOnce(() => undefined);
    await expect(startGatewaySimulator({ host: '127.0.0.1', port: simulator.port, log })).rejects.toThrow(`cannot listen on 127.0.0.1:${simulator.port}`);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

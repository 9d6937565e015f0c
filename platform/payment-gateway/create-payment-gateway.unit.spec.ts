import { ConfigError } from '../config';
import { createPaymentGateway } from './create-payment-gateway';
import { GrpcPaymentGateway, parseGatewayUrl } from './grpc-gateway.client';
import { SimulatedGateway } from './simulated-gateway';

describe('createPaymentGateway', () => {
  it('uses the in-process simulator when PAYMENT_GATEWAY_URL is unset', async () => {
    for (const paymentGatewayUrl of [undefined, '']) {
      const gateway = createPaymentGateway({ paymentGatewayUrl, timeoutMs: 3000 });
      expect(gateway).toBeInstanceOf(SimulatedGateway);
      await gateway.close();
    }
  });

  it('uses the gRPC client for a grpc:// or grpcs:// URL', async () => {
    for (const paymentGatewayUrl of ['grpc://127.0.0.1:50051', 'grpcs://payments.internal:443', 'grpc://[::1]:50051']) {
      const gateway = createPaymentGateway({ paymentGatewayUrl, timeoutMs: 3000 });
      expect(gateway).toBeInstanceOf(GrpcPaymentGateway);
      await gateway.close();
    }
    expect(parseGatewayUrl('grpc://[::1]:50051').target).toBe('[::1]:50051');
  });

  it.each(['http://127.0.0.1:50051', '127.0.0.1:50051', 'grpc://127.0.0.1', 'grpc://127.0.0.1:50051/pay', 'not a url'])('rejects PAYMENT_GATEWAY_URL=%s', (paymentGatewayUrl) => {
    expect(() => createPaymentGateway({ paymentGatewayUrl, timeoutMs: 3000 })).toThrow(ConfigError);
    expect(() => createPaymentGateway({ paymentGatewayUrl, timeoutMs: 3000 })).toThrow(/PAYMENT_GATEWAY_URL .*expected grpc:\/\/host:port/);
  });

  it.each([0, -1, Number.NaN, Infinity])('rejects a timeout of %s', (timeoutMs) => {
    expect(() => createPaymentGateway({ timeoutMs })).toThrow(/PAYMENT_GATEWAY_TIMEOUT_MS must be a positive number/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { loadSync, type MethodDefinition, type ServiceDefinition } from '@grpc/proto-loader';
import { GatewayProtocolError } from './payment-gateway.errors';
import { APPROVED_OUTCOME, type AuthorizeResult, type CaptureResult, type GatewayOperation, type LookupResult, type Money, type RefundResult, type VoidResult } from './payment-gateway.port';

/**
 * The proto contract and the conversions between its messages and the port's types, shared by
 * the gRPC client and the simulator server so both sides agree on every field.
 */
export const PROTO_FILE_NAME = 'payment_gateway.proto';
const SERVICE = 'commerce.payments.v1.PaymentGateway';

/**
 * The build copies only compiled .ts into dist/, so the proto stays at the package root's proto/
 * folder; walking up to the nearest package.json finds it from cli/…, platform/… and dist/….
 */
export function findProtoFile(startDir: string = __dirname): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const file = path.join(dir, 'proto', PROTO_FILE_NAME);
      if (fs.existsSync(file)) return file;
      throw new Error(
        `Payment gateway proto not found at ${file}; the proto/ folder must ship next to package.json ` +
          '(a container image needs COPY proto ./proto), since gRPC loads it at run time',
      );
    }
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${startDir}, so proto/${PROTO_FILE_NAME} cannot be located; run from the project checkout or image`);
  }
}

let service: ServiceDefinition | undefined;

/** Loaded once per process: keepCase off gives camelCase fields; int64 travels as strings. */
export function gatewayService(): ServiceDefinition {
  service ??= loadSync(findProtoFile(), { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true })[SERVICE] as ServiceDefinition;
  return service;
}

/** Trailers that carry the platform's error code (and the invalid field) next to the gRPC status. */
export const ERROR_CODE_KEY = 'commerce-error-code';
export const ERROR_FIELD_KEY = 'commerce-error-field';

export const RPC = { authorize: 'Authorize', capture: 'Capture', void: 'Void', refund: 'Refund', lookup: 'Lookup' } as const;

export function method(rpc: GatewayOperation | 'lookup'): MethodDefinition<object, WireObject> {
  return gatewayService()[RPC[rpc]] as MethodDefinition<object, WireObject>;
}

export type WireObject = Record<string, unknown>;
interface WireMoney {
  amountMinor?: string;
  currency?: string;
}

export function moneyToWire(amount: Money): WireMoney {
  return { amountMinor: String(amount.amountMinor), currency: amount.currency };
}

/** Leaves out-of-range values as they came, so request validation names them in its error. */
export function moneyFromWire(wire: unknown): Money {
  const { amountMinor, currency } = (wire ?? {}) as WireMoney;
  const n = Number(amountMinor);
  return { amountMinor: Number.isSafeInteger(n) ? n : (amountMinor as unknown as number), currency: currency as Money['currency'] };
}

type OperationResult = ResultOf[GatewayOperation];

/** The oneof field of each response is named after the port's outcome ("authorized", "declined", …). */
export function resultToWire(result: OperationResult): WireObject {
  if (result.outcome === 'declined') return { declined: { code: result.code, message: result.message } };
  return { [result.outcome]: { gatewayRef: result.gatewayRef } };
}

interface ResultOf {
  authorize: AuthorizeResult;
  capture: CaptureResult;
  void: VoidResult;
  refund: RefundResult;
}

export function resultFromWire<O extends GatewayOperation>(operation: O, wire: WireObject): ResultOf[O] {
  const approved = APPROVED_OUTCOME[operation];
  if (wire.outcome === 'declined') return declinedFromWire(operation, wire.declined);
  if (wire.outcome === approved) return { outcome: approved, gatewayRef: gatewayRefFromWire(operation, wire[approved]) } as ResultOf[O];
  throw new GatewayProtocolError(operation, `unexpected ${RPC[operation]} response ${JSON.stringify(wire)}`);
}

const OPERATIONS: Record<string, GatewayOperation> = {
  OPERATION_AUTHORIZE: 'authorize',
  OPERATION_CAPTURE: 'capture',
  OPERATION_VOID: 'void',
  OPERATION_REFUND: 'refund',
};

export function lookupToWire(result: LookupResult): WireObject {
  if (result.outcome === 'unknown') return { unknown: {} };
  const operation = Object.keys(OPERATIONS).find((k) => OPERATIONS[k] === result.operation);
  const outcome = result.outcome === 'declined' ? { declined: { code: result.code, message: result.message } } : { approved: { gatewayRef: result.gatewayRef } };
  return { recorded: { operation, ...outcome } };
}

export function lookupFromWire(wire: WireObject): LookupResult {
  if (wire.record === 'unknown') return { outcome: 'unknown' };
  const recorded = (wire.record === 'recorded' ? wire.recorded : undefined) as WireObject | undefined;
  const operation = OPERATIONS[String(recorded?.operation)];
  if (!recorded || !operation) throw new GatewayProtocolError('lookup', `unexpected Lookup response ${JSON.stringify(wire)}`);
  if (recorded.outcome === 'declined') return { operation, ...declinedFromWire('lookup', recorded.declined) } as LookupResult;
  if (recorded.outcome !== 'approved') throw new GatewayProtocolError('lookup', `unexpected Lookup response ${JSON.stringify(wire)}`);
  return { operation, outcome: APPROVED_OUTCOME[operation], gatewayRef: gatewayRefFromWire('lookup', recorded.approved) } as LookupResult;
}

function gatewayRefFromWire(operation: GatewayOperation | 'lookup', approved: unknown): string {
  const gatewayRef = (approved as { gatewayRef?: unknown } | undefined)?.gatewayRef;
  if (typeof gatewayRef !== 'string' || gatewayRef === '') throw new GatewayProtocolError(operation, 'the gateway approved without a gateway_ref');
  return gatewayRef;
}

function declinedFromWire(operation: GatewayOperation | 'lookup', declined: unknown) {
  const { code, message } = (declined ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || code === '') throw new GatewayProtocolError(operation, 'the gateway declined without a code');
  return { outcome: 'declined' as const, code, message: typeof message === 'string' ? message : '' };
}

import { addMoney, zeroMoney, type Money, type PaymentEvent } from '../../event-schemas';
import { unreachable, type Decider } from '../shared/decider';

/** The gateway calls a payment makes; each carries the key `<paymentId>:<operation>:<n>`. */
export type GatewayOperation = 'authorize' | 'capture' | 'void' | 'refund';

export type PaymentStatus = 'AuthorizationFailed' | 'Authorized' | 'Voided' | 'Captured';

export interface Payment {
  status: PaymentStatus;
  paymentId: string;
  orderId: string;
  /** Asked for at authorization; held once authorized. */
  amount: Money;
  /** Gateway reference of the hold; null when the authorization failed. */
  authorizationRef: string | null;
  /** Decline code when the authorization failed, `timeout` when the gateway never answered. */
  failureCode: string | null;
  captured: Money | null;
  /** Sum of successful refunds. */
  refunded: Money;
  /** Gateway calls whose outcome is recorded, per operation; the next call of one is number this + 1. */
  gatewayCalls: Readonly<Record<GatewayOperation, number>>;
}

export type PaymentState = { status: 'NotRequested' } | Payment;

export const initialPaymentState: PaymentState = { status: 'NotRequested' };

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentAuthorized':
      return { ...opened(state, event.data), status: 'Authorized', authorizationRef: event.data.gatewayRef, ...counted(state, 'authorize') };
    case 'PaymentAuthorizationFailed':
      return { ...opened(state, event.data), status: 'AuthorizationFailed', failureCode: event.data.code, ...counted(state, 'authorize') };
    case 'PaymentCaptured':
      return state.status === 'NotRequested' ? state : { ...state, status: 'Captured', captured: event.data.amount, ...counted(state, 'capture') };
    case 'AuthorizationVoided':
      return state.status === 'NotRequested' ? state : { ...state, status: 'Voided', ...counted(state, 'void') };
    case 'PaymentRefunded':
      return state.status === 'NotRequested' ? state : { ...state, refunded: addMoney(state.refunded, event.data.amount), ...counted(state, 'refund') };
    case 'RefundFailed':
      return state.status === 'NotRequested' ? state : { ...state, ...counted(state, 'refund') };
    default:
      return unreachable(event, 'payment event');
  }
}

/** The payment as its first event opens it; later events on a stream that has one keep it. */
function opened(state: PaymentState, data: { paymentId: string; orderId: string; amount: Money }): Payment {
  if (state.status !== 'NotRequested') return state;
  return {
    status: 'AuthorizationFailed',
    paymentId: data.paymentId,
    orderId: data.orderId,
    amount: data.amount,
    authorizationRef: null,
    failureCode: null,
    captured: null,
    refunded: zeroMoney(data.amount.currency),
    gatewayCalls: { authorize: 0, capture: 0, void: 0, refund: 0 },
  };
}

function counted(state: PaymentState, operation: GatewayOperation): Pick<Payment, 'gatewayCalls'> {
  const calls = gatewayCallsOf(state);
  return { gatewayCalls: { ...calls, [operation]: calls[operation] + 1 } };
}

export function gatewayCallsOf(state: PaymentState): Readonly<Record<GatewayOperation, number>> {
  return state.status === 'NotRequested' ? { authorize: 0, capture: 0, void: 0, refund: 0 } : state.gatewayCalls;
}

export const paymentDecider: Decider<PaymentState, PaymentEvent> = {
  category: 'payment',
  snapshotVersion: 1,
  initialState: initialPaymentState,
  evolve: evolvePayment,
};

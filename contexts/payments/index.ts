export {
  paymentDecider,
  initialPaymentState,
  evolvePayment,
  type Payment,
  type PaymentState,
  type PaymentStatus,
  type GatewayOperation,
} from './payment.decider';
export { gatewayIdempotencyKey, nextGatewayIdempotencyKey, lastGatewayIdempotencyKey } from './gateway-idempotency-key';
export type { GatewayRequest } from './payment.rules';
export {
  AUTHORIZATION_TIMEOUT_CODE,
  requestAuthorization,
  decideAuthorizationResult,
  type AuthorizePayment,
  type AuthorizationOutcome,
  type AuthorizationResult,
} from './authorize-payment.decide';
export { requestCapture, decideCaptureResult, type CapturePayment, type CaptureResult } from './capture-payment.decide';
export { requestVoid, decideVoidResult, type VoidAuthorization, type VoidResult, type VoidReason } from './void-authorization.decide';
export { requestRefund, decideRefundResult, type RefundPayment, type RefundOutcome, type RefundResult } from './refund-payment.decide';

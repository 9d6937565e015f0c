export {
  fulfilmentDecider,
  initialFulfilmentState,
  evolveFulfilment,
  type Fulfilment,
  type FulfilmentPayment,
  type FulfilmentPaymentStatus,
  type FulfilmentPhase,
  type FulfilmentReservation,
  type FulfilmentState,
  type ReservationStatus,
} from './fulfilment.decider';
export { commandIds, paymentIdFor, reservationIdFor, type FulfilmentIntent, type FulfilmentIntentType, type VoidReason } from './fulfilment.intents';
export { correlate, TRIGGER_TYPES, type DeadlineKind, type DeadlineReached, type FulfilmentTrigger, type ObservedEvent } from './fulfilment.triggers';
export { deadlinesOf, needsPaymentToken } from './fulfilment.outstanding';
export { react, DEFAULT_PAYMENT_TIMEOUT_MS, DEFAULT_RESERVATION_TTL_MS, type Reaction, type ReactOptions } from './fulfilment.process';

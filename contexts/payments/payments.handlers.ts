import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LOGGER, PAYMENT_GATEWAY } from '../../platform/di-tokens';
import type { Logger } from '../../platform/logger';
import { GatewayTimeoutError } from '../../platform/payment-gateway/payment-gateway.errors';
import type { PaymentGateway } from '../../platform/payment-gateway/payment-gateway.port';
import { DomainError } from '../shared/domain-error';
import { StreamHandler, type CommandResult } from '../shared/stream-handler';
import { decideAuthorizationResult, requestAuthorization } from './authorize-payment.decide';
import { decideCaptureResult, requestCapture } from './capture-payment.decide';
import { paymentDecider } from './payment.decider';
import { AuthorizePaymentCommand, CapturePaymentCommand, RefundPaymentCommand, VoidAuthorizationCommand } from './payments.commands';
import { decideRefundResult, requestRefund } from './refund-payment.decide';
import { decideVoidResult, requestVoid } from './void-authorization.decide';

/**
 * Payment commands are two pure steps around one gateway call: the decider says which call to
 * make (with its idempotency key), the handler makes it, and the decider records the answer. A
 * crash between the call and the record repeats the call with the same key, which the gateway
 * answers as before without a second effect.
 */
async function unchanged(streams: StreamHandler, orderId: string): Promise<CommandResult> {
  const loaded = await streams.load(paymentDecider, `payment-${orderId}`);
  return { id: orderId, revision: loaded.revision, position: loaded.head, events: 0 };
}

function declined(operation: string, code: string, message: string): DomainError {
  return new DomainError('PAYMENT_GATEWAY_DECLINED', `The gateway declined the ${operation}: ${message} (${code})`, 'conflict', { gatewayCode: code });
}

@CommandHandler(AuthorizePaymentCommand)
export class AuthorizePaymentHandler implements ICommandHandler<AuthorizePaymentCommand> {
  constructor(
    private readonly streams: StreamHandler,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ input, context }: AuthorizePaymentCommand) {
    const { state } = await this.streams.load(paymentDecider, `payment-${input.orderId}`);
    const request = requestAuthorization(input, state);
    if (!request) return unchanged(this.streams, input.orderId);
    const record = (outcome: Parameters<typeof decideAuthorizationResult>[0]) =>
      this.streams.handle(paymentDecider, input.orderId, (s) => decideAuthorizationResult(outcome, s), context);
    try {
      const answer = await this.gateway.authorize({ ...request, orderId: input.orderId, token: input.paymentToken ?? '' });
      return await record(answer.outcome === 'authorized' ? { ...input, ...answer } : { ...input, outcome: 'declined', code: answer.code });
    } catch (error) {
      if (!(error instanceof GatewayTimeoutError)) throw error;
    }
    // No answer in time: ask by idempotency key whether the gateway authorized, and lift any hold
    // it placed before recording the payment as failed, so the customer is never left charged.
    const found = await this.gateway.lookup(request.idempotencyKey);
    if ('operation' in found && found.operation === 'authorize' && found.outcome === 'authorized') {
      this.log.warn('authorization answered after the timeout; voiding it', { orderId: input.orderId, gatewayRef: found.gatewayRef });
      const failed = await record({ ...input, outcome: 'timedOut' });
      const { state: after } = await this.streams.load(paymentDecider, `payment-${input.orderId}`);
      const voidRequest = requestVoid({ orderId: input.orderId, reason: 'authorizationTimedOut' }, after);
      if (!voidRequest) return failed;
      const voided = await this.gateway.void({ idempotencyKey: voidRequest.idempotencyKey, gatewayRef: found.gatewayRef });
      if (voided.outcome !== 'voided') throw declined('void', voided.code, voided.message);
      return this.streams.handle(
        paymentDecider,
        input.orderId,
        (s) => decideVoidResult({ orderId: input.orderId, reason: 'authorizationTimedOut', gatewayRef: voided.gatewayRef }, s),
        { ...context, commandId: `${context.commandId}:void` },
      );
    }
    return record({ ...input, outcome: 'timedOut' });
  }
}

@CommandHandler(CapturePaymentCommand)
export class CapturePaymentHandler implements ICommandHandler<CapturePaymentCommand> {
  constructor(
    private readonly streams: StreamHandler,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async execute({ input, context }: CapturePaymentCommand) {
    const { state } = await this.streams.load(paymentDecider, `payment-${input.orderId}`);
    const request = requestCapture(input, state);
    if (!request || state.status === 'NotRequested') return unchanged(this.streams, input.orderId);
    const answer = await this.gateway.capture({ idempotencyKey: request.idempotencyKey, gatewayRef: state.authorizationRef ?? '', amount: request.amount });
    if (answer.outcome !== 'captured') throw declined('capture', answer.code, answer.message);
    return this.streams.handle(paymentDecider, input.orderId, (s) => decideCaptureResult({ ...input, gatewayRef: answer.gatewayRef }, s), context);
  }
}

@CommandHandler(VoidAuthorizationCommand)
export class VoidAuthorizationHandler implements ICommandHandler<VoidAuthorizationCommand> {
  constructor(
    private readonly streams: StreamHandler,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async execute({ input, context }: VoidAuthorizationCommand) {
    const { state } = await this.streams.load(paymentDecider, `payment-${input.orderId}`);
    const request = requestVoid(input, state);
    if (!request || state.status === 'NotRequested' || !state.authorizationRef) return unchanged(this.streams, input.orderId);
    const answer = await this.gateway.void({ idempotencyKey: request.idempotencyKey, gatewayRef: state.authorizationRef });
    if (answer.outcome !== 'voided') throw declined('void', answer.code, answer.message);
    return this.streams.handle(paymentDecider, input.orderId, (s) => decideVoidResult({ ...input, gatewayRef: answer.gatewayRef }, s), context);
  }
}

@CommandHandler(RefundPaymentCommand)
export class RefundPaymentHandler implements ICommandHandler<RefundPaymentCommand> {
  constructor(
    private readonly streams: StreamHandler,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async execute({ input, context }: RefundPaymentCommand) {
    const { state } = await this.streams.load(paymentDecider, `payment-${input.orderId}`);
    const request = requestRefund(input, state);
    const gatewayRef = state.status === 'NotRequested' ? '' : (state.authorizationRef ?? '');
    const answer = await this.gateway.refund({ idempotencyKey: request.idempotencyKey, gatewayRef, amount: request.amount });
    const outcome = answer.outcome === 'refunded' ? ({ outcome: 'refunded', gatewayRef: answer.gatewayRef } as const) : ({ outcome: 'failed', code: answer.code } as const);
    return this.streams.handle(paymentDecider, input.orderId, (s) => decideRefundResult({ ...input, ...outcome }, s), context);
  }
}

export const paymentHandlers = [AuthorizePaymentHandler, CapturePaymentHandler, VoidAuthorizationHandler, RefundPaymentHandler];

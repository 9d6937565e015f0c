import type { CommandBus } from '@nestjs/cqrs';
import type { FulfilmentIntent } from '../../contexts/fulfilment';
import { CommitReservationCommand, ReleaseReservationCommand, ReserveStockCommand } from '../../contexts/inventory/inventory.commands';
import { ConfirmOrderCommand, RejectOrderCommand } from '../../contexts/ordering/ordering.commands';
import { AuthorizePaymentCommand, CapturePaymentCommand, VoidAuthorizationCommand } from '../../contexts/payments/payments.commands';
import type { CommandContext } from '../../contexts/shared/command-context';
import type { DomainCommand } from '../../contexts/shared/domain-command';
import { DomainError } from '../../contexts/shared/domain-error';
import type { CommandResult } from '../../contexts/shared/stream-handler';
import type { Logger } from '../../platform/logger';
import { countStep } from './fulfilment-observability';

/** The command class each intent becomes; its input is the intent without type and commandId. */
const COMMANDS: Record<FulfilmentIntent['type'], new (input: never, context: CommandContext) => DomainCommand<unknown>> = {
  ReserveStock: ReserveStockCommand,
  ReleaseReservation: ReleaseReservationCommand,
  CommitReservation: CommitReservationCommand,
  AuthorizePayment: AuthorizePaymentCommand,
  VoidAuthorization: VoidAuthorizationCommand,
  CapturePayment: CapturePaymentCommand,
  ConfirmOrder: ConfirmOrderCommand,
  RejectOrder: RejectOrderCommand,
};

function toCommand(intent: FulfilmentIntent, context: CommandContext): DomainCommand<unknown> {
  const { type, commandId: _commandId, ...input } = intent;
  return new COMMANDS[type](input as never, context);
}

/**
 * Sends one of the process manager's intents through the CommandBus. A broken business rule is an
 * answer, not a failure: the state moved on (an order cancelled while it was being confirmed) and
 * the events that moved it reach the manager too. Anything else throws, and the trigger is retried.
 */
export async function dispatchIntent(commands: CommandBus, intent: FulfilmentIntent, context: CommandContext, log: Logger): Promise<CommandResult | undefined> {
  try {
    const result = await commands.execute(toCommand(intent, context));
    countStep(intent.type, 'ok');
    return result;
  } catch (error) {
    countStep(intent.type, error instanceof DomainError ? 'ok' : 'failed');
    if (!(error instanceof DomainError)) throw error;
    log.info('process manager command refused by the domain', { intent: intent.type, commandId: intent.commandId, code: error.code, message: error.message });
    return undefined;
  }
}

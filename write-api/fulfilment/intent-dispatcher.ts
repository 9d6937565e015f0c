import type { CommandBus } from '@nestjs/cqrs';
import type { FulfilmentIntent } from '../../contexts/fulfilment';
import { CommitReservationCommand, ReleaseReservationCommand, ReserveStockCommand } from '../../contexts/inventory/inventory.commands';
import { ConfirmOrderCommand, RejectOrderCommand } from '../../contexts/ordering/ordering.commands';
import { AuthorizePaymentCommand, CapturePaymentCommand, VoidAuthorizationCommand } from '../../contexts/payments/payments.commands';
import type { CommandContext } from '../../contexts/shared/command-context';
import { unreachable } from '../../contexts/shared/decider';
import { DomainError } from '../../contexts/shared/domain-error';
import type { CommandResult } from '../../contexts/shared/stream-handler';
import type { Logger } from '../../platform/logger';

function toCommand(intent: FulfilmentIntent, context: CommandContext) {
  const { type: _type, commandId: _id, ...input } = intent;
  switch (intent.type) {
    case 'ReserveStock':
      return new ReserveStockCommand(input as ReserveStockCommand['input'], context);
    case 'ReleaseReservation':
      return new ReleaseReservationCommand(input as ReleaseReservationCommand['input'], context);
    case 'CommitReservation':
      return new CommitReservationCommand(input as CommitReservationCommand['input'], context);
    case 'AuthorizePayment':
      return new AuthorizePaymentCommand(input as AuthorizePaymentCommand['input'], context);
    case 'VoidAuthorization':
      return new VoidAuthorizationCommand(input as VoidAuthorizationCommand['input'], context);
    case 'CapturePayment':
      return new CapturePaymentCommand(input as CapturePaymentCommand['input'], context);
    case 'ConfirmOrder':
      return new ConfirmOrderCommand(input as ConfirmOrderCommand['input'], context);
    case 'RejectOrder':
      return new RejectOrderCommand(input as RejectOrderCommand['input'], context);
    default:
      return unreachable(intent, 'fulfilment intent');
  }
}

/**
 * Sends one of the process manager's intents through the CommandBus. A broken business rule is an
 * answer, not a failure: the state moved on (an order cancelled while it was being confirmed) and
 * the events that moved it reach the manager too. Anything else throws, and the trigger is retried.
 */
export async function dispatchIntent(commands: CommandBus, intent: FulfilmentIntent, context: CommandContext, log: Logger): Promise<CommandResult | undefined> {
  try {
    return await commands.execute(toCommand(intent, context));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    log.info('process manager command refused by the domain', { intent: intent.type, commandId: intent.commandId, code: error.code, message: error.message });
    return undefined;
  }
}

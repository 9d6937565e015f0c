import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '../../platform/auth/principal';
import { EVENT_STORE } from '../../platform/di-tokens';
import type { EventStore } from '../../platform/event-store/event-store.port';
import type { CommandContext } from '../shared/command-context';
import { DomainError } from '../shared/domain-error';
import { trimOldest } from '../../platform/lru';
import { StreamHandler } from '../shared/stream-handler';
import { decideCancelOrder } from './cancel-order.decide';
import { decideConfirmOrder } from './confirm-order.decide';
import { decideMarkDelivered } from './mark-delivered.decide';
import { orderDecider, type OrderState } from './order.decider';
import { CancelOrderCommand, ConfirmOrderCommand, MarkDeliveredCommand, PlaceOrderCommand, RejectOrderCommand, ShipOrderCommand } from './ordering.commands';
import { decidePlaceOrder } from './place-order.decide';
import { PRODUCT_PRICES, type ProductPrices } from './product-prices.port';
import { decideRejectOrder } from './reject-order.decide';
import { decideShipOrder } from './ship-order.decide';

/** Customers act only on their own orders; staff roles and the process manager on any. */
function assertOwnOrder(context: CommandContext, customerId: string | undefined): void {
  if (context.actor.role === 'customer' && customerId !== undefined && customerId !== context.actor.subject) {
    throw new ForbiddenError('A customer may act only on their own orders');
  }
}

function customerOf(state: OrderState): string | undefined {
  return state.status === 'NotPlaced' ? undefined : state.customerId;
}

/** Customers remembered as registered; a forgotten one costs one lookup of its stream head. */
const REMEMBERED_CUSTOMERS = 10_000;

@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand> {
  /** No event unregisters a customer, so once seen registered, always registered. */
  private readonly registered = new Set<string>();

  constructor(
    private readonly streams: StreamHandler,
    @Inject(PRODUCT_PRICES) private readonly prices: ProductPrices,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ input, context, options }: PlaceOrderCommand) {
    assertOwnOrder(context, input.customerId);
    const [customer, unitPrices] = await Promise.all([
      this.isRegistered(input.customerId),
      Promise.all(input.lines.map((line) => this.prices.unitPriceOf(line.sku))),
    ]);
    if (!customer) {
      throw new DomainError('UNKNOWN_CUSTOMER', `No customer ${input.customerId} is registered; register the customer first (POST /customers).`, 'rejected', {
        customerId: input.customerId,
      });
    }
    const lines = input.lines.map((line, i) => ({ ...line, unitPrice: unitPrices[i]! }));
    const command = { orderId: input.orderId, customerId: input.customerId, lines, paymentToken: input.paymentToken };
    // The order id was just derived from the command id: its stream is new unless this is a repeat.
    return this.streams.handle(orderDecider, input.orderId, (state) => decidePlaceOrder(command, state), context, { ...options, assumeNew: true });
  }

  private async isRegistered(customerId: string): Promise<boolean> {
    if (this.registered.has(customerId)) return true;
    if (!(await this.store.streamHead(`customer-${customerId}`))) return false;
    this.registered.add(customerId);
    trimOldest(this.registered, REMEMBERED_CUSTOMERS);
    return true;
  }
}

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: CancelOrderCommand) {
    return this.streams.handle(
      orderDecider,
      input.orderId,
      (state) => {
        assertOwnOrder(context, customerOf(state));
        return decideCancelOrder(input, state);
      },
      context,
      options,
    );
  }
}

@CommandHandler(ConfirmOrderCommand)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrderCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: ConfirmOrderCommand) {
    return this.streams.handle(orderDecider, input.orderId, (state) => decideConfirmOrder(input, state), context, options);
  }
}

@CommandHandler(RejectOrderCommand)
export class RejectOrderHandler implements ICommandHandler<RejectOrderCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: RejectOrderCommand) {
    return this.streams.handle(orderDecider, input.orderId, (state) => decideRejectOrder(input, state), context, options);
  }
}

@CommandHandler(ShipOrderCommand)
export class ShipOrderHandler implements ICommandHandler<ShipOrderCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: ShipOrderCommand) {
    return this.streams.handle(orderDecider, input.orderId, (state) => decideShipOrder(input, state), context, options);
  }
}

@CommandHandler(MarkDeliveredCommand)
export class MarkDeliveredHandler implements ICommandHandler<MarkDeliveredCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: MarkDeliveredCommand) {
    return this.streams.handle(orderDecider, input.orderId, (state) => decideMarkDelivered(input, state), context, options);
  }
}

export const orderingHandlers = [PlaceOrderHandler, CancelOrderHandler, ConfirmOrderHandler, RejectOrderHandler, ShipOrderHandler, MarkDeliveredHandler];

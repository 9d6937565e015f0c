import type { OrderEvent } from '../../event-schemas';
import type { DomainErrorKind } from '../shared/domain-error';
import { decideCancelOrder } from './cancel-order.decide';
import { decideConfirmOrder } from './confirm-order.decide';
import { deciderSpec } from '../shared/decider-spec';
import { decideMarkDelivered } from './mark-delivered.decide';
import { cancelled, confirmed, delivered, historyOf, orderId, rejected, shipped } from './ordering.fixtures';
import { orderDecider, type OrderState } from './order.decider';
import { decideRejectOrder } from './reject-order.decide';
import { decideShipOrder } from './ship-order.decide';

const spec = deciderSpec(orderDecider);

const commands = {
  ConfirmOrder: (state: OrderState) => decideConfirmOrder({ orderId }, state),
  RejectOrder: (state: OrderState) => decideRejectOrder({ orderId, reason: 'paymentDeclined' }, state),
  CancelOrder: (state: OrderState) => decideCancelOrder({ orderId, reason: 'Changed my mind' }, state),
  ShipOrder: (state: OrderState) => decideShipOrder({ orderId, carrier: 'UPS' }, state),
  MarkDelivered: (state: OrderState) => decideMarkDelivered({ orderId }, state),
};
type CommandName = keyof typeof commands;

type Outcome = OrderEvent | 'nothing' | [code: string, kind: DomainErrorKind];
const notFound: Outcome = ['ORDER_NOT_FOUND', 'not_found'];
const closed: Outcome = ['ORDER_CLOSED', 'conflict'];
const alreadyShipped: Outcome = ['ORDER_ALREADY_SHIPPED', 'conflict'];
const notConfirmed: Outcome = ['ORDER_NOT_CONFIRMED', 'conflict'];
const notShipped: Outcome = ['ORDER_NOT_SHIPPED', 'conflict'];
const alreadyConfirmed: Outcome = ['ORDER_ALREADY_CONFIRMED', 'conflict'];

/**
 * Every state × every lifecycle command. A command whose transition the order already made
 * (it is in the target state, or further along Pending → Confirmed → Shipped → Delivered)
 * decides nothing, so retries and redeliveries are harmless.
 */
const table: Record<keyof typeof historyOf, Record<CommandName, Outcome>> = {
  NotPlaced: { ConfirmOrder: notFound, RejectOrder: notFound, CancelOrder: notFound, ShipOrder: notFound, MarkDelivered: notFound },
  Pending: {
    ConfirmOrder: confirmed,
    RejectOrder: rejected('paymentDeclined'),
    CancelOrder: cancelled('Changed my mind'),
    ShipOrder: notConfirmed,
    MarkDelivered: notShipped,
  },
  Confirmed: { ConfirmOrder: 'nothing', RejectOrder: alreadyConfirmed, CancelOrder: cancelled('Changed my mind'), ShipOrder: shipped('UPS'), MarkDelivered: notShipped },
  Shipped: { ConfirmOrder: 'nothing', RejectOrder: alreadyShipped, CancelOrder: alreadyShipped, ShipOrder: 'nothing', MarkDelivered: delivered },
  Delivered: { ConfirmOrder: 'nothing', RejectOrder: alreadyShipped, CancelOrder: alreadyShipped, ShipOrder: 'nothing', MarkDelivered: 'nothing' },
  Rejected: { ConfirmOrder: closed, RejectOrder: 'nothing', CancelOrder: closed, ShipOrder: closed, MarkDelivered: closed },
  Cancelled: { ConfirmOrder: closed, RejectOrder: closed, CancelOrder: 'nothing', ShipOrder: closed, MarkDelivered: closed },
  CancelledAfterConfirmation: { ConfirmOrder: closed, RejectOrder: closed, CancelOrder: 'nothing', ShipOrder: closed, MarkDelivered: closed },
};

const cases = Object.entries(table).flatMap(([state, row]) =>
  Object.entries(row).map(([command, outcome]) => [state as keyof typeof historyOf, command as CommandName, outcome] as const),
);

describe('Order', () => {
  describe.each(cases)('when it is %s and %s arrives', (state, command, outcome) => {
    const when = () => spec.given(historyOf[state]).when(commands[command]);
    if (outcome === 'nothing') {
      it('decides nothing', () => when().thenNothing());
    } else if (Array.isArray(outcome)) {
      it(`refuses with ${outcome[0]}`, () => {
        when().thenThrows(outcome[0], outcome[1]);
      });
    } else {
      it(`records ${outcome.type}`, () => when().then([outcome]));
    }
  });
});

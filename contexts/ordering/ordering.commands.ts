import { DomainCommand } from '../shared/domain-command';
import type { CancelOrder } from './cancel-order.decide';
import type { ConfirmOrder } from './confirm-order.decide';
import type { MarkDelivered } from './mark-delivered.decide';
import type { RejectOrder } from './reject-order.decide';
import type { ShipOrder } from './ship-order.decide';

/** As the client sends it: prices are looked up and copied in by the handler. */
export interface PlaceOrderRequest {
  orderId: string;
  customerId: string;
  lines: { sku: string; quantity: number }[];
  paymentToken: string;
}

export class PlaceOrderCommand extends DomainCommand<PlaceOrderRequest> {}
export class ConfirmOrderCommand extends DomainCommand<ConfirmOrder> {}
export class RejectOrderCommand extends DomainCommand<RejectOrder> {}
export class CancelOrderCommand extends DomainCommand<CancelOrder> {}
export class ShipOrderCommand extends DomainCommand<ShipOrder> {}
export class MarkDeliveredCommand extends DomainCommand<MarkDelivered> {}

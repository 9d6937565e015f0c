export { orderDecider, initialOrderState, evolveOrder, type OrderState, type OrderStatus, type PlacedOrder } from './order.decider';
export { decidePlaceOrder, orderTotal, type PlaceOrder, type PlaceOrderLine } from './place-order.decide';
export { decideConfirmOrder, type ConfirmOrder } from './confirm-order.decide';
export { decideRejectOrder, type RejectOrder } from './reject-order.decide';
export { decideCancelOrder, type CancelOrder } from './cancel-order.decide';
export { decideShipOrder, type ShipOrder } from './ship-order.decide';
export { decideMarkDelivered, type MarkDelivered } from './mark-delivered.decide';

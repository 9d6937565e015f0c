export {
  stockDecider,
  initialStockState,
  evolveStock,
  availableStock,
  openReservation,
  endedReservation,
  type StockState,
  type OpenReservation,
  type EndedReservation,
} from './stock.decider';
export { DEFAULT_LOW_STOCK_THRESHOLD } from './stock.rules';
export { decideReceiveStock, type ReceiveStock } from './receive-stock.decide';
export { decideAdjustStock, type AdjustStock } from './adjust-stock.decide';
export { decideReserveStock, type ReserveStock } from './reserve-stock.decide';
export { decideReleaseReservation, type ReleaseReservation, type ManualReleaseReason } from './release-reservation.decide';
export { decideCommitReservation, type CommitReservation } from './commit-reservation.decide';
export { decideExpireReservations, type ExpireReservations } from './expire-reservations.decide';

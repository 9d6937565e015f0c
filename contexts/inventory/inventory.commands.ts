import { DomainCommand } from '../shared/domain-command';
import type { AdjustStock } from './adjust-stock.decide';
import type { CommitReservation } from './commit-reservation.decide';
import type { ExpireReservations } from './expire-reservations.decide';
import type { ReceiveStock } from './receive-stock.decide';
import type { ReleaseReservation } from './release-reservation.decide';
import type { ReserveStock } from './reserve-stock.decide';

export class ReceiveStockCommand extends DomainCommand<ReceiveStock> {}
export class AdjustStockCommand extends DomainCommand<AdjustStock> {}
export class ReserveStockCommand extends DomainCommand<ReserveStock> {}
export class ReleaseReservationCommand extends DomainCommand<ReleaseReservation> {}
export class CommitReservationCommand extends DomainCommand<CommitReservation> {}
export class ExpireReservationsCommand extends DomainCommand<ExpireReservations> {}

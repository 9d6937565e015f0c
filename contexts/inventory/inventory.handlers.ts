import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UniqueClaims } from '../../platform/uniqueness/unique-claims';
import { DomainError } from '../shared/domain-error';
import { StreamHandler } from '../shared/stream-handler';
import { decideAdjustStock } from './adjust-stock.decide';
import { decideCommitReservation } from './commit-reservation.decide';
import { decideExpireReservations } from './expire-reservations.decide';
import {
  AdjustStockCommand,
  CommitReservationCommand,
  ExpireReservationsCommand,
  ReceiveStockCommand,
  ReleaseReservationCommand,
  ReserveStockCommand,
} from './inventory.commands';
import { decideReceiveStock } from './receive-stock.decide';
import { decideReleaseReservation } from './release-reservation.decide';
import { decideReserveStock } from './reserve-stock.decide';
import { stockDecider } from './stock.decider';

/** Stock is kept only for SKUs the catalogue knows (its SKU claim), so a typo never creates a phantom item. */
async function assertKnownSku(claims: UniqueClaims, sku: string): Promise<void> {
  if (!(await claims.ownerOf('sku', sku))) {
    throw new DomainError('UNKNOWN_SKU', `No product has SKU ${sku}; define the product first (POST /products) or check the SKU.`, 'not_found', { sku });
  }
}

@CommandHandler(ReceiveStockCommand)
export class ReceiveStockHandler implements ICommandHandler<ReceiveStockCommand> {
  constructor(
    private readonly streams: StreamHandler,
    private readonly claims: UniqueClaims,
  ) {}
  async execute({ input, context, options }: ReceiveStockCommand) {
    await assertKnownSku(this.claims, input.sku);
    return this.streams.handle(stockDecider, input.sku, (state) => decideReceiveStock(input, state), context, options);
  }
}

@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand> {
  constructor(
    private readonly streams: StreamHandler,
    private readonly claims: UniqueClaims,
  ) {}
  async execute({ input, context, options }: AdjustStockCommand) {
    await assertKnownSku(this.claims, input.sku);
    return this.streams.handle(stockDecider, input.sku, (state) => decideAdjustStock(input, state), context, options);
  }
}

@CommandHandler(ReserveStockCommand)
export class ReserveStockHandler implements ICommandHandler<ReserveStockCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: ReserveStockCommand) {
    return this.streams.handle(stockDecider, input.sku, (state) => decideReserveStock(input, state), context, options);
  }
}

@CommandHandler(ReleaseReservationCommand)
export class ReleaseReservationHandler implements ICommandHandler<ReleaseReservationCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: ReleaseReservationCommand) {
    return this.streams.handle(stockDecider, input.sku, (state) => decideReleaseReservation(input, state), context, options);
  }
}

@CommandHandler(CommitReservationCommand)
export class CommitReservationHandler implements ICommandHandler<CommitReservationCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: CommitReservationCommand) {
    return this.streams.handle(stockDecider, input.sku, (state) => decideCommitReservation(input, state), context, options);
  }
}

@CommandHandler(ExpireReservationsCommand)
export class ExpireReservationsHandler implements ICommandHandler<ExpireReservationsCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: ExpireReservationsCommand) {
    return this.streams.handle(stockDecider, input.sku, (state) => decideExpireReservations(input, state), context, options);
  }
}

export const inventoryHandlers = [
  ReceiveStockHandler,
  AdjustStockHandler,
  ReserveStockHandler,
  ReleaseReservationHandler,
  CommitReservationHandler,
  ExpireReservationsHandler,
];

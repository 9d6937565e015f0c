import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { catalogHandlers } from '../contexts/catalog/catalog.handlers';
import { customerHandlers } from '../contexts/customers/customers.handlers';
import { inventoryHandlers } from '../contexts/inventory/inventory.handlers';
import { orderingHandlers } from '../contexts/ordering/ordering.handlers';
import { PRODUCT_PRICES } from '../contexts/ordering/product-prices.port';
import { paymentHandlers } from '../contexts/payments/payments.handlers';
import { StreamHandler } from '../contexts/shared/stream-handler';
import { CONFIG, EVENT_STORE, LOGGER, PAYMENT_GATEWAY } from '../platform/di-tokens';
import type { Logger } from '../platform/logger';
import type { PaymentGateway } from '../platform/payment-gateway/payment-gateway.port';
import type { Runtime } from '../platform/runtime';
import { PostgresSnapshotStore } from '../platform/snapshots/snapshot-store';
import { UniqueClaims } from '../platform/uniqueness/unique-claims';
import { CatalogProductPrices } from './catalog-product-prices';
import { observeCommandBus } from './command-observability';

export interface WriteSide {
  runtime: Runtime;
  gateway: PaymentGateway;
  streams: StreamHandler;
  claims: UniqueClaims;
}

/** Creates the write side's schemas and shared objects (one per process). */
export async function createWriteSide(runtime: Runtime, gateway: PaymentGateway): Promise<WriteSide> {
  const { pool } = runtime.db;
  await PostgresSnapshotStore.migrate(pool);
  await UniqueClaims.migrate(pool);
  const streams = new StreamHandler(runtime.eventStore, new PostgresSnapshotStore(pool), runtime.log.child('streams'));
  return { runtime, gateway, streams, claims: new UniqueClaims(pool) };
}

/** Every command handler on the CommandBus, with the ports they need. */
@Module({})
export class WriteSideModule implements OnModuleInit {
  constructor(
    private readonly bus: CommandBus,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Command metrics, spans and failure logs for every command on this bus (write-api/command-observability.ts). */
  onModuleInit(): void {
    observeCommandBus(this.bus, this.log.child('commands'));
  }

  static register(side: WriteSide): DynamicModule {
    return {
      module: WriteSideModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useValue: side.runtime.eventStore },
        { provide: LOGGER, useValue: side.runtime.log },
        { provide: CONFIG, useValue: side.runtime.config },
        { provide: PAYMENT_GATEWAY, useValue: side.gateway },
        { provide: StreamHandler, useValue: side.streams },
        { provide: UniqueClaims, useValue: side.claims },
        { provide: PRODUCT_PRICES, useClass: CatalogProductPrices },
        ...catalogHandlers,
        ...inventoryHandlers,
        ...orderingHandlers,
        ...paymentHandlers,
        ...customerHandlers,
      ],
      exports: [CqrsModule, EVENT_STORE, LOGGER, CONFIG, PAYMENT_GATEWAY, StreamHandler, UniqueClaims],
    };
  }
}

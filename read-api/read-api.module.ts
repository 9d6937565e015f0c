import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { ReadSide } from '../projections/read-side';
import { GetSalesByDayHandler } from './analytics/sales-by-day';
import { eventHandlers } from './events/events.handlers';
import { inventoryHandlers } from './inventory/inventory.handlers';
import { LiveReadModels } from './live-read-models';
import { orderHandlers } from './orders/order.handlers';
import { productHandlers } from './products/product.handlers';
import { READ_SIDE } from './read-side.token';
import { GetProjectionStatusHandler } from './status/projections.controller';

/** Every query handler on the QueryBus, with the read side they read from. */
@Module({})
export class ReadApiModule {
  static register(side: ReadSide): DynamicModule {
    return {
      module: ReadApiModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: READ_SIDE, useValue: side },
        LiveReadModels,
        ...orderHandlers,
        ...productHandlers,
        ...inventoryHandlers,
        ...eventHandlers,
        GetSalesByDayHandler,
        GetProjectionStatusHandler,
      ],
      exports: [CqrsModule, READ_SIDE, LiveReadModels],
    };
  }
}

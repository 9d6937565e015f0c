import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE } from '../../platform/di-tokens';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { UniqueClaims } from '../../platform/uniqueness/unique-claims';
import { DomainError } from '../shared/domain-error';
import { StreamHandler } from '../shared/stream-handler';
import { ChangePriceCommand, DefineProductCommand, DiscontinueProductCommand } from './catalog.commands';
import { decideChangePrice } from './change-price.decide';
import { decideDefineProduct } from './define-product.decide';
import { decideDiscontinueProduct } from './discontinue-product.decide';
import { productDecider } from './product.decider';

export const SKU_SCOPE = 'sku';

@CommandHandler(DefineProductCommand)
export class DefineProductHandler implements ICommandHandler<DefineProductCommand> {
  constructor(
    private readonly streams: StreamHandler,
    private readonly claims: UniqueClaims,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  // The SKU is claimed before the product's first event, so two products can never share one.
  async execute({ input, context, options }: DefineProductCommand) {
    const holder = await this.claims.claim(SKU_SCOPE, input.sku, input.productId);
    if (holder) {
      throw new DomainError('DUPLICATE_SKU', `SKU ${input.sku} already belongs to product ${holder}; choose another SKU or change that product.`, 'conflict', {
        sku: input.sku,
        productId: holder,
      });
    }
    try {
      return await this.streams.handle(productDecider, input.productId, (state) => decideDefineProduct(input, state), context, options);
    } catch (error) {
      // Give the SKU back unless the product exists (a claim must never outlive a failed definition).
      if (!(await this.store.streamHead(`product-${input.productId}`))) await this.claims.release(SKU_SCOPE, input.sku, input.productId);
      throw error;
    }
  }
}

@CommandHandler(ChangePriceCommand)
export class ChangePriceHandler implements ICommandHandler<ChangePriceCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: ChangePriceCommand) {
    return this.streams.handle(productDecider, input.productId, (state) => decideChangePrice(input, state), context, options);
  }
}

@CommandHandler(DiscontinueProductCommand)
export class DiscontinueProductHandler implements ICommandHandler<DiscontinueProductCommand> {
  constructor(private readonly streams: StreamHandler) {}
  execute({ input, context, options }: DiscontinueProductCommand) {
    return this.streams.handle(productDecider, input.productId, (state) => decideDiscontinueProduct(input, state), context, options);
  }
}

export const catalogHandlers = [DefineProductHandler, ChangePriceHandler, DiscontinueProductHandler];

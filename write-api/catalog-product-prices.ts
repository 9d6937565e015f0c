import { Injectable } from '@nestjs/common';
import type { Money } from '../event-schemas';
import { SKU_SCOPE } from '../contexts/catalog/catalog.handlers';
import { priceForOrder } from '../contexts/catalog/price-for-order';
import { productDecider } from '../contexts/catalog/product.decider';
import type { ProductPrices } from '../contexts/ordering/product-prices.port';
import { DomainError } from '../contexts/shared/domain-error';
import { StreamHandler } from '../contexts/shared/stream-handler';
import { UniqueClaims } from '../platform/uniqueness/unique-claims';

/** Ordering's view of the catalogue: SKU → product (the SKU claim) → its current price, if orderable. */
@Injectable()
export class CatalogProductPrices implements ProductPrices {
  constructor(
    private readonly claims: UniqueClaims,
    private readonly streams: StreamHandler,
  ) {}

  async unitPriceOf(sku: string): Promise<Money> {
    const productId = await this.claims.ownerOf(SKU_SCOPE, sku);
    if (!productId) {
      throw new DomainError('UNKNOWN_SKU', `No product has SKU ${sku}; check the SKU against the catalogue.`, 'rejected', { sku });
    }
    const { state } = await this.streams.load(productDecider, `product-${productId}`);
    try {
      return priceForOrder(state, sku);
    } catch (error) {
      // Ordering a discontinued product can never succeed as sent: 422, not 409.
      if (error instanceof DomainError) throw new DomainError(error.code, error.message, 'rejected', error.details);
      throw error;
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Money } from '../event-schemas';
import { SKU_SCOPE } from '../contexts/catalog/catalog.handlers';
import { priceForOrder } from '../contexts/catalog/price-for-order';
import { productDecider } from '../contexts/catalog/product.decider';
import type { ProductPrices } from '../contexts/ordering/product-prices.port';
import { DomainError } from '../contexts/shared/domain-error';
import { trimOldest } from '../platform/lru';
import { StreamHandler } from '../contexts/shared/stream-handler';
import { EVENT_STORE } from '../platform/di-tokens';
import type { EventStore } from '../platform/event-store/event-store.port';
import { UniqueClaims } from '../platform/uniqueness/unique-claims';

/** SKUs remembered; a forgotten one costs one claim lookup. */
const REMEMBERED_SKUS = 10_000;

/**
 * Ordering's view of the catalogue: SKU → product (the SKU claim) → its current price, if orderable.
 *
 * As fresh as reading the product stream, at the cost of one lookup of its head: the state the
 * stream handler kept is used only while its revision is still the stream's. The SKU's product is
 * remembered once that product exists, since a defined product keeps its SKU for good (a claim is
 * only given back when the definition failed).
 */
@Injectable()
export class CatalogProductPrices implements ProductPrices {
  private readonly productOfSku = new Map<string, string>();

  constructor(
    private readonly claims: UniqueClaims,
    private readonly streams: StreamHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async unitPriceOf(sku: string): Promise<Money> {
    const productId = this.productOfSku.get(sku) ?? (await this.claims.ownerOf(SKU_SCOPE, sku));
    if (!productId) {
      throw new DomainError('UNKNOWN_SKU', `No product has SKU ${sku}; check the SKU against the catalogue.`, 'rejected', { sku });
    }
    const streamId = `product-${productId}`;
    const kept = this.streams.kept(productDecider, streamId);
    const head = kept ? await this.store.streamHead(streamId) : undefined;
    const { state, revision } = kept && head?.revision === kept.revision ? kept : await this.streams.load(productDecider, streamId);
    if (revision >= 0) this.remember(sku, productId);
    try {
      return priceForOrder(state, sku);
    } catch (error) {
      // Ordering a discontinued product can never succeed as sent: 422, not 409.
      if (error instanceof DomainError) throw new DomainError(error.code, error.message, 'rejected', error.details);
      throw error;
    }
  }

  private remember(sku: string, productId: string): void {
    this.productOfSku.delete(sku);
    this.productOfSku.set(sku, productId);
    trimOldest(this.productOfSku, REMEMBERED_SKUS);
  }
}

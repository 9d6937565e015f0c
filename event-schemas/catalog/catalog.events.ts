import { z } from 'zod';
import { defineEvent, typesOf, type EventOf } from '../define-event';
import { sku, text, uuid } from '../fields';
import { positiveMoneySchema } from '../money';

const productId = () => uuid('Product id; the stream is product-<productId>');
const stream = { context: 'catalog', streamCategory: 'product', streamIdField: 'productId' } as const;

export const productDefined = defineEvent({
  ...stream,
  type: 'ProductDefined',
  schemaVersion: 1,
  description: 'A product entered the catalogue with its SKU and first price; it can be ordered from now on.',
  schema: z.strictObject({
    productId: productId(),
    sku: sku(),
    name: text('Name shown to customers', 200),
    description: text('Description shown to customers', 5000),
    category: text('Catalogue category, e.g. apparel/t-shirts', 200),
    price: positiveMoneySchema.describe('Unit price; copied into orders when they are placed'),
  }),
  example: {
    productId: '0f8c2d4e-6b1a-4c3f-9e2d-7a5b8c9d0e1f',
    sku: 'TSHIRT-RED-M',
    name: 'Organic cotton t-shirt, red, M',
    description: 'Heavyweight organic cotton, regular fit.',
    category: 'apparel/t-shirts',
    price: { amountMinor: 2499, currency: 'EUR' },
  },
});

export const priceChanged = defineEvent({
  ...stream,
  type: 'PriceChanged',
  schemaVersion: 1,
  description: 'The unit price of a product changed; orders placed earlier keep the price they copied.',
  schema: z.strictObject({
    productId: productId(),
    previousPrice: positiveMoneySchema.describe('Unit price before the change'),
    price: positiveMoneySchema.describe('Unit price from now on'),
  }),
  example: {
    productId: '0f8c2d4e-6b1a-4c3f-9e2d-7a5b8c9d0e1f',
    previousPrice: { amountMinor: 2499, currency: 'EUR' },
    price: { amountMinor: 1999, currency: 'EUR' },
  },
});

export const productDiscontinued = defineEvent({
  ...stream,
  type: 'ProductDiscontinued',
  schemaVersion: 1,
  description: 'The product was withdrawn from sale; new orders for it are refused, placed ones go on.',
  schema: z.strictObject({ productId: productId() }),
  example: { productId: '0f8c2d4e-6b1a-4c3f-9e2d-7a5b8c9d0e1f' },
});

export const productEvents = [productDefined, priceChanged, productDiscontinued] as const;
export const productEventTypes = typesOf(productEvents);

export type ProductDefined = EventOf<typeof productDefined>;
export type PriceChanged = EventOf<typeof priceChanged>;
export type ProductDiscontinued = EventOf<typeof productDiscontinued>;
export type ProductDefinedData = ProductDefined['data'];
export type PriceChangedData = PriceChanged['data'];
export type ProductDiscontinuedData = ProductDiscontinued['data'];
export type ProductEvent = EventOf<(typeof productEvents)[number]>;

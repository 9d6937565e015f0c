import { z } from 'zod';
import { countField, skuField } from './contract-fields';
import { defineIntegrationEvent } from './integration-event';

export const stockLowV1 = defineIntegrationEvent({
  type: 'inventory.stock-low.v1',
  keyField: 'sku',
  description: 'Available stock of a product fell below its reorder threshold; purchasing should restock.',
  schema: z.strictObject({
    sku: skuField('The product; also the message key'),
    available: countField('Units available after the change that crossed the threshold'),
    threshold: countField('Reorder threshold in force'),
  }),
  example: { sku: 'TSHIRT-RED-M', available: 4, threshold: 5 },
});

export const inventoryIntegrationEvents = [stockLowV1] as const;

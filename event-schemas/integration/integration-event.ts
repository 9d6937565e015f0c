import { z } from 'zod';
import { instantField, uuidField } from './contract-fields';

/** The bounded contexts that publish integration events; each is one Kafka topic. */
export type IntegrationContext = 'customers' | 'inventory' | 'ordering';

/** `<context>.<event-name>.v<version>`, all lower case: `ordering.order-confirmed.v1`. */
const TYPE_PATTERN = /^(customers|inventory|ordering)\.([a-z0-9]+(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)$/;

/**
 * What every integration event carries around its `data`. Consumers dedupe by `id`, order by
 * `key` (Kafka keeps one key's messages in order) and may use `source.position` to tell how far
 * behind the event store they are.
 */
export const integrationEnvelopeSchema = z.strictObject({
  id: uuidField('Id of the domain event this was translated from: the same event always yields the same id, so it is the consumers’ dedupe key'),
  type: z
    .string({ error: 'must be an integration event type such as ordering.order-confirmed.v1' })
    .regex(TYPE_PATTERN, { error: 'must be an integration event type such as ordering.order-confirmed.v1' })
    .describe('`<context>.<event>.v<version>`; a new version is a new type, published beside the old one while consumers move'),
  key: z
    .string({ error: 'must be a non-empty string of at most 200 characters' })
    .min(1)
    .max(200)
    .describe('Id of the aggregate the event is about (order id, customer id, SKU); the Kafka message key, so one key’s events stay in order'),
  occurredAt: instantField('When it happened in business terms (the source event’s occurredAt)'),
  correlationId: z.string({ error: 'must be a non-empty string' }).min(1).max(200).describe('The business transaction: the order id for everything an order causes'),
  source: z
    .strictObject({
      streamId: z.string({ error: 'must be a stream id' }).min(1).max(300).describe('Stream of the source domain event, e.g. order-<orderId>'),
      revision: z.int({ error: 'must be a non-negative integer' }).nonnegative().describe('Revision of the source event in its stream'),
      position: z
        .string({ error: 'must be 32 lowercase hex digits' })
        .regex(/^[0-9a-f]{32}$/, { error: 'must be 32 lowercase hex digits' })
        .describe('Global position of the source event in the event store; string order is commit order'),
    })
    .describe('Where the event came from in the event store'),
  data: z.unknown().describe('The payload of this type'),
});

export type IntegrationEnvelope = z.output<typeof integrationEnvelopeSchema>;

export interface IntegrationEventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  /** `ordering.order-confirmed.v1`: never renamed, never changed once published. */
  readonly type: T;
  readonly context: IntegrationContext;
  /** `order-confirmed` */
  readonly name: string;
  readonly version: number;
  /** The data field whose value is the envelope's `key`. */
  readonly keyField: string;
  /** One line for the catalogue: what happened, for someone outside the platform. */
  readonly description: string;
  readonly schema: S;
  readonly example: z.output<S>;
}

export function defineIntegrationEvent<const T extends string, S extends z.ZodType>(spec: {
  type: T;
  keyField: keyof z.output<S> & string;
  description: string;
  schema: S;
  example: z.output<S>;
}): IntegrationEventDefinition<T, S> {
  const match = TYPE_PATTERN.exec(spec.type);
  if (!match) throw new Error(`${spec.type}: integration event types are <context>.<event-name>.v<version>, e.g. ordering.order-confirmed.v1`);
  return Object.freeze({ ...spec, context: match[1] as IntegrationContext, name: match[2]!, version: Number(match[3]) });
}

/** The full event of one definition: the envelope with its literal type and typed data. */
export type IntegrationEventOf<D> =
  D extends IntegrationEventDefinition<infer T, infer S> ? Omit<IntegrationEnvelope, 'type' | 'data'> & { type: T; data: z.output<S> } : never;

import { z } from 'zod';
import { domainEventDefinitions, typesOf } from '../../event-schemas';
import { Position } from '../../platform/event-store/position';
import { integerParam } from '../http/query-params';

export const EVENT_TYPES: readonly string[] = typesOf(domainEventDefinitions);
export const MAX_EVENTS_PAGE = 500;
export const DEFAULT_EVENTS_PAGE = 100;

// The event store's own stream id rule, so an exact filter that could never match is a 400, not an empty page.
const STREAM_ID = /^[a-z][a-z0-9]*-[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;
const STREAM_PREFIX = /^[a-z][A-Za-z0-9_.:@-]*\*$/;
const streamError = 'must be a stream id such as order-6d1e3f0a-… or a prefix ending in *, such as order-* or stock-TEA*';

/** Which streams: one by its exact id, or every stream whose id starts with a prefix. */
export type StreamFilter = { exact: string } | { prefix: string };

const streamParam = z
  .string({ error: streamError })
  .max(200, { error: streamError })
  .refine((value) => STREAM_ID.test(value) || STREAM_PREFIX.test(value), { error: streamError })
  .transform((value): StreamFilter => (value.endsWith('*') ? { prefix: value.slice(0, -1) } : { exact: value }))
  .describe('One stream by its exact id (e.g. order-<orderId>, stock-<sku>), or every stream whose id starts with a prefix ending in * (e.g. order-*, stock-TEA*)');

const typeParam = z
  .string({ error: 'must be one or more event types separated by commas' })
  .transform((value, ctx) => {
    const types = [...new Set(value.split(',').map((t) => t.trim()))];
    const unknown = types.filter((t) => !EVENT_TYPES.includes(t));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `has unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => JSON.stringify(t)).join(', ')}; known types: ${EVENT_TYPES.join(', ')}` });
      return z.NEVER;
    }
    return types;
  })
  .describe(`Only events of these types, comma-separated: ${EVENT_TYPES.join(', ')}`);

const positionParam = z
  .string({ error: 'must be a 32-character position, such as the "next" of the previous page or a write’s X-Event-Position' })
  .refine((value) => Position.isPosition(value), { error: 'must be a 32-character position, such as the "next" of the previous page or a write’s X-Event-Position' })
  .transform((value) => value as Position);

export const listEventsParams = z.strictObject({
  stream: streamParam.optional(),
  type: typeParam.optional(),
  fromPosition: positionParam
    .optional()
    .describe('Only events after this global position (exclusive): absent for the first page, then the previous page’s "next"'),
  limit: integerParam(`Events per page, 1 to ${MAX_EVENTS_PAGE} (default ${DEFAULT_EVENTS_PAGE})`, 1, MAX_EVENTS_PAGE).optional(),
});

export type ListEventsParams = z.infer<typeof listEventsParams>;

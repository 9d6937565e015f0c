import { z } from 'zod';
import { uuid } from '../../event-schemas/fields';
import { cursorParam, instantParam, limitParam } from '../http/query-params';
import { ORDER_STATUSES } from './order-view';

export const listOrdersParams = z
  .strictObject({
    customerId: uuid('Only this customer’s orders; a customer token always lists its own').optional(),
    status: z.enum(ORDER_STATUSES).optional().describe(`Only orders in this status: ${ORDER_STATUSES.join(', ')}`),
    from: instantParam('Only orders placed at or after this instant').optional(),
    to: instantParam('Only orders placed before this instant').optional(),
    cursor: cursorParam,
    limit: limitParam,
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], error: 'must be later than from' });

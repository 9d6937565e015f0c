import { Controller, Get, Query as QueryString } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { z } from 'zod';
import { Roles } from '../../platform/auth/auth.guard';
import type { CurrencyCode } from '../../event-schemas/money';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { minPositionHeader, ServedBy } from '../http/consistency.interceptor';
import { moneyView } from '../http/query-params';
import { LiveReadModels } from '../live-read-models';

export const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const date = (description: string) => z.iso.date({ error: 'must be a date such as 2026-01-31 (YYYY-MM-DD)' }).describe(description);

const rangeParams = z.strictObject({
  from: date('First day, inclusive (UTC); default 29 days before `to`').optional(),
  to: date('Last day, inclusive (UTC); default today').optional(),
});

export const salesByDayParams = rangeParams
  .transform(({ from, to }) => {
    const last = to ?? new Date().toISOString().slice(0, 10);
    return { from: from ?? new Date(Date.parse(last) - 29 * DAY_MS).toISOString().slice(0, 10), to: last };
  })
  .refine(({ from, to }) => from <= to, { path: ['to'], error: 'must not be before from' })
  .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / DAY_MS < MAX_DAYS, { path: ['to'], error: `must be at most ${MAX_DAYS} days after from` });

const figures = {
  ordersPlaced: z.int(),
  ordersConfirmed: z.int(),
  ordersRejected: z.int(),
  ordersCancelled: z.int(),
  placed: moneyView.describe('Value of the orders placed'),
  revenue: moneyView.describe('Value of the orders confirmed and not cancelled since'),
};

export const salesByDayView = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(z.object({ day: z.string().describe('YYYY-MM-DD (UTC) the orders were placed on'), currency: z.string(), ...figures })),
    totals: z.array(z.object({ currency: z.string(), ...figures })).describe('The range summed per currency'),
  })
  .meta({ title: 'SalesByDay' });

export type SalesByDayView = z.infer<typeof salesByDayView>;

export class GetSalesByDayQuery extends Query<SalesByDayView> {
  constructor(readonly from: string, readonly to: string) {
    super();
  }
}

interface SalesRow {
  day: string;
  currency: CurrencyCode;
  orders_placed: number;
  orders_confirmed: number;
  orders_rejected: number;
  orders_cancelled: number;
  placed_minor: string;
  revenue_minor: string;
}

const toFigures = (r: SalesRow) => ({
  ordersPlaced: r.orders_placed, ordersConfirmed: r.orders_confirmed, ordersRejected: r.orders_rejected, ordersCancelled: r.orders_cancelled,
  placed: { amountMinor: Number(r.placed_minor), currency: r.currency }, revenue: { amountMinor: Number(r.revenue_minor), currency: r.currency },
});

/** Days on which nothing was placed have no row, so the list is sparse; totals sum the range per currency. */
@QueryHandler(GetSalesByDayQuery)
export class GetSalesByDayHandler implements IQueryHandler<GetSalesByDayQuery> {
  constructor(private readonly models: LiveReadModels) {}

  async execute({ from, to }: GetSalesByDayQuery) {
    const rows = await this.models.rows<SalesRow>(
      'sales_by_day',
      `select to_char(day, 'YYYY-MM-DD') as day, currency, orders_placed, orders_confirmed, orders_rejected, orders_cancelled,
              placed_minor::text, revenue_minor::text
       from $view where day between $1::date and $2::date
       union all
       select null, currency, sum(orders_placed)::int, sum(orders_confirmed)::int, sum(orders_rejected)::int, sum(orders_cancelled)::int,
              sum(placed_minor)::text, sum(revenue_minor)::text
       from $view where day between $1::date and $2::date group by currency
       order by 1 nulls last, 2`,
      [from, to],
    );
    return {
      from, to,
      days: rows.filter((r) => r.day !== null).map((r) => ({ day: r.day, currency: r.currency, ...toFigures(r) })),
      totals: rows.filter((r) => r.day === null).map((r) => ({ currency: r.currency, ...toFigures(r) })),
    };
  }
}

@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('sales-by-day')
  @Roles('analyst', 'admin')
  @ServedBy('sales_by_day')
  @ApiDoc({
    summary: 'Orders and revenue per day and currency',
    description: `Orders count toward the UTC day they were placed on, so a day's figures settle as its orders are confirmed, rejected or cancelled. At most ${MAX_DAYS} days per request.`,
    query: rangeParams,
    headers: [minPositionHeader],
    response: { schema: salesByDayView, description: 'Figures per day and currency, and totals per currency' },
    errors: { 400: 'A bad date, from after to, or a range over the limit', 503: 'PROJECTION_NOT_CAUGHT_UP or READ_MODEL_NOT_BUILT' },
  })
  salesByDay(@QueryString() query: unknown) {
    const { from, to } = parseInput(salesByDayParams, query, 'query');
    return this.queries.execute(new GetSalesByDayQuery(from, to));
  }
}

import { Controller, Get, Query as QueryString } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../platform/auth/auth.guard';
import { Position } from '../../platform/event-store/position';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { SCAN_BUDGET } from './event-browser';
import { DEFAULT_EVENTS_PAGE, listEventsParams } from './event-params';
import { eventsPage } from './event-view';
import { ListEventsQuery } from './events.queries';

@Controller('events')
export class EventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('analyst', 'auditor', 'admin')
  @ApiDoc({
    summary: 'Browse stored events in global order',
    description:
      'Every event, decoded and upcast to its type’s current schema, with its metadata. Filters combine. Follow `next` as fromPosition until it is null: each event is visited once. ' +
      `One stream by its exact id is read from that stream; any other listing scans all events from fromPosition, at most ${SCAN_BUDGET.toLocaleString('en')} per request, so a selective filter can answer a short or empty page with a next to continue from. ` +
      'Reads the event store directly: no read model is involved, so X-Min-Position does not apply.',
    query: listEventsParams,
    response: { schema: eventsPage, description: 'A page of events' },
    errors: { 400: 'A bad parameter (each listed): stream, type, fromPosition or limit', 403: 'Not an analyst, auditor or admin' },
  })
  list(@QueryString() query: unknown) {
    const { stream, type, fromPosition, limit } = parseInput(listEventsParams, query, 'query');
    return this.queries.execute(new ListEventsQuery({ stream, types: type, after: fromPosition ?? Position.START, limit: limit ?? DEFAULT_EVENTS_PAGE }));
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadSide } from '../../projections/read-side';
import { READ_SIDE } from '../read-side.token';
import { browseEvents } from './event-browser';
import { toEventView } from './event-view';
import { ListEventsQuery } from './events.queries';

/** The event browser reads the event store itself: every event, decoded and upcast, in global order. */
@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery> {
  constructor(@Inject(READ_SIDE) private readonly side: ReadSide) {}

  async execute({ query }: ListEventsQuery) {
    const page = await browseEvents(this.side.runtime.eventStore, query);
    return { items: page.items.map(toEventView), next: page.next, scannedTo: page.scannedTo };
  }
}

export const eventHandlers = [ListEventsHandler];

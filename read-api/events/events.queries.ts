import { Query } from '@nestjs/cqrs';
import type { EventQuery } from './event-browser';
import type { EventsPage } from './event-view';

export class ListEventsQuery extends Query<EventsPage> {
  constructor(readonly query: EventQuery) {
    super();
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { z } from 'zod';
import { Roles } from '../../platform/auth/auth.guard';
import { ApiDoc } from '../../platform/http/openapi';
import type { ReadSide } from '../../projections/read-side';
import { projectionStatus, type ProjectionStatus } from '../projection-status';
import { READ_SIDE } from '../read-side.token';

export class GetProjectionStatusQuery extends Query<ProjectionStatus[]> {}

@QueryHandler(GetProjectionStatusQuery)
export class GetProjectionStatusHandler implements IQueryHandler<GetProjectionStatusQuery> {
  constructor(@Inject(READ_SIDE) private readonly side: ReadSide) {}

  execute() {
    const { registry, deadLetters, runtime } = this.side;
    return projectionStatus({ registry, deadLetters, eventStore: runtime.eventStore });
  }
}

const position = z.string().describe('Position of the last event applied');
const state = z.enum(['running', 'paused', 'stopped']).describe('stopped: halted on a dead letter');

const statusView = z.object({
  name: z.string(),
  kind: z.enum(['postgres', 'documents', 'search']),
  version: z.int(),
  description: z.string().nullable(),
  live: z
    .object({
      generation: z.int(), version: z.int(), state, position,
      lagEvents: z.int().nullable().describe('Events not applied yet (counted up to 1,000,000)'),
      lagSeconds: z.number().describe('Age of the oldest event not applied yet; 0 when caught up'),
      lastEventAt: z.string().nullable(), liveSince: z.string().nullable(), error: z.string().nullable(),
    })
    .nullable()
    .describe('The generation readers use; null before the projector first ran'),
  building: z
    .object({ generation: z.int(), version: z.int(), state, position, eventsDone: z.int(), eventsRemaining: z.int().nullable(), percent: z.number().nullable() })
    .nullable()
    .describe('A rebuild in progress beside the live generation'),
  deadLetters: z.object({ pending: z.int() }),
});

@Controller('projections')
export class ProjectionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('operator', 'admin')
  @ApiDoc({
    summary: 'Status of every read model',
    description: 'Per projection: the live generation with its position and lag (events and seconds behind the head), a rebuild in progress if any, and pending dead letters.',
    response: { schema: z.object({ projections: z.array(statusView) }), description: 'One entry per projection' },
  })
  async list() {
    return { projections: await this.queries.execute(new GetProjectionStatusQuery()) };
  }
}

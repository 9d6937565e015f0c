import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query as QueryString } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../../platform/auth/auth.guard';
import type { Principal } from '../../platform/auth/principal';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import type { ReadSide } from '../../projections/read-side';
import type { OperatorActor } from '../../projections/runtime/operator-audit';
import type { ProjectionOperator } from '../../projections/runtime/operator-actions';
import { decodeKeyset, encodeKeyset } from '../http/keyset-cursor';
import { pageOf } from '../http/query-params';
import { asProblem, operatorErrors } from './operator-problems';
import { auditEntryView, auditQuery, deadLetterParams, deadLetterQuery, deadLetterView, nameParam, operatorResultView, resetBody } from './operator.views';
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

const actor = (p: Principal): OperatorActor => ({ subject: p.subject, role: p.role, via: 'http' });
const result = { schema: operatorResultView, description: 'What the action did and the generations as they are now' };

/**
 * Projection status, and the operator's actions on projections. The actions are the CLI's
 * (`commerce projections pause|resume|reset|retry|skip`), from the same service: reversible ones
 * (pause, resume, retry) for operators and admins; skip, which leaves an event out of the read
 * model for good, and reset, which replays or rebuilds, for admins only.
 */
@Controller('projections')
export class ProjectionsController {
  private cachedOperator: ProjectionOperator | undefined;

  constructor(
    private readonly queries: QueryBus,
    @Inject(READ_SIDE) private readonly side: ReadSide,
  ) {}

  // A method, not a getter: the OpenAPI builder reads every property of the controller's prototype.
  private operator(): ProjectionOperator {
    return (this.cachedOperator ??= this.side.createProjector().operator());
  }

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

  @Get('audit-log')
  @Roles('operator', 'admin', 'auditor')
  @ApiDoc({
    summary: 'The operator audit log',
    description: 'Every pause, resume, reset, retry and skip, from the CLI or this API, refused ones included: who (token subject and role, or the CLI actor), when, on which projection, with which parameters, and the outcome. Newest first.',
    query: auditQuery,
    response: { schema: pageOf(auditEntryView), description: 'A page of audit entries' },
    errors: { 400: 'A bad parameter, or a cursor of another listing (INVALID_CURSOR)' },
  })
  async auditLog(@QueryString() query: unknown) {
    const { projection, cursor, limit = 20 } = parseInput(auditQuery, query, 'query');
    const scope = { list: 'audit-log', projection: projection ?? null };
    const before = cursor ? (decodeKeyset(scope, cursor, ['number'])[0] as number) : undefined;
    const items = await this.operator().auditLog({ projection, limit, before });
    return { items, next: items.length === limit ? encodeKeyset(scope, [items.at(-1)!.id]) : null };
  }

  @Post(':name/pause')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiDoc({
    summary: 'Pause a read model',
    description: 'The live generation (and a rebuild in progress) stop applying events within the projector’s poll; reads keep answering from where it stopped. Pausing a paused one changes nothing.',
    params: nameParam, response: result, errors: operatorErrors,
  })
  pause(@Param() params: unknown, @CurrentPrincipal() principal: Principal) {
    const { name } = parseInput(nameParam, params, 'path');
    return asProblem(() => this.operator().pause(name, actor(principal)));
  }

  @Post(':name/resume')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiDoc({
    summary: 'Resume a paused read model from its checkpoint',
    description: 'A generation stopped on a dead letter is not resumed: retry or skip the dead letter (409 PROJECTION_STOPPED names it).',
    params: nameParam, response: result, errors: operatorErrors,
  })
  resume(@Param() params: unknown, @CurrentPrincipal() principal: Principal) {
    const { name } = parseInput(nameParam, params, 'path');
    return asProblem(() => this.operator().resume(name, actor(principal)));
  }

  @Post(':name/reset')
  @HttpCode(200)
  @Roles('admin')
  @ApiDoc({
    summary: 'Replay from a position, or rebuild from the first event',
    description:
      'With `toPosition` (at or before the live checkpoint): rewinds the live generation so every later event is applied again; writes are guarded by revision or position, so what the model already has stays as it is (the state, running, paused or stopped, is kept). Without: builds a new generation from the first event beside the live one, which the projector switches readers to once caught up (no downtime).',
    params: nameParam, body: resetBody, response: result, errors: operatorErrors,
  })
  reset(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const { name } = parseInput(nameParam, params, 'path');
    const { toPosition } = parseInput(resetBody, body) ?? {};
    return asProblem(() => this.operator().reset(name, { toPosition }, actor(principal)));
  }

  @Get(':name/dead-letters')
  @Roles('operator', 'admin')
  @ApiDoc({
    summary: 'Dead letters of a read model',
    description: 'Events its handler kept failing on, oldest first, with the error and whether they are pending, retried or skipped.',
    params: nameParam, query: deadLetterQuery,
    response: { schema: z.object({ items: z.array(deadLetterView) }), description: 'The dead letters' },
    errors: { 400: operatorErrors[400], 404: 'PROJECTION_NOT_FOUND' },
  })
  async deadLetters(@Param() params: unknown, @QueryString() query: unknown) {
    const { name } = parseInput(nameParam, params, 'path');
    const { status } = parseInput(deadLetterQuery, query, 'query');
    return { items: await asProblem(() => this.operator().deadLetters(name, { status })) };
  }

  @Post(':name/dead-letters/retry')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiDoc({
    summary: 'Retry every pending dead letter of a read model',
    description: 'Marks them retried and sets their generations running; the worker applies the events again from the checkpoint just before them. One that fails again becomes a new dead letter.',
    params: nameParam, response: result, errors: operatorErrors,
  })
  retryAll(@Param() params: unknown, @CurrentPrincipal() principal: Principal) {
    const { name } = parseInput(nameParam, params, 'path');
    return asProblem(() => this.operator().retry(name, {}, actor(principal)));
  }

  @Post(':name/dead-letters/:id/retry')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiDoc({ summary: 'Retry one pending dead letter', description: 'As retrying all of them, for this one.', params: deadLetterParams, response: result, errors: operatorErrors })
  retry(@Param() params: unknown, @CurrentPrincipal() principal: Principal) {
    const { name, id } = parseInput(deadLetterParams, params, 'path');
    return asProblem(() => this.operator().retry(name, { id }, actor(principal)));
  }

  @Post(':name/dead-letters/:id/skip')
  @HttpCode(200)
  @Roles('admin')
  @ApiDoc({
    summary: 'Skip one pending dead letter for good',
    description: 'Only when the checkpoint stands right before its event (409 DEAD_LETTER_NOT_NEXT otherwise, with the checkpoint and the next event): moves the checkpoint past exactly that event, marks it skipped and resumes.',
    params: deadLetterParams, response: result, errors: operatorErrors,
  })
  skip(@Param() params: unknown, @CurrentPrincipal() principal: Principal) {
    const { name, id } = parseInput(deadLetterParams, params, 'path');
    return asProblem(() => this.operator().skip(name, { id }, actor(principal)));
  }
}

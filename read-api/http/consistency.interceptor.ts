import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { Position } from '../../platform/event-store/position';
import { ProblemError } from '../../platform/http/problem';
import type { ReadSide } from '../../projections/read-side';
import { ProjectionStoppedError } from '../read-errors';
import { READ_SIDE } from '../read-side.token';

const SERVED_BY = 'commerce:served-by';

/** Names the projection whose read model answers a route: X-Min-Position waits for it, X-Projection-Position reports it. */
export const ServedBy = (projection: string) => SetMetadata(SERVED_BY, projection);

export const minPositionHeader = {
  name: 'X-Min-Position',
  description:
    'Read your own write: the position a write API command answered with. The request waits (up to READ_WAIT_TIMEOUT_MS) until the read model has applied it; 503 PROJECTION_NOT_CAUGHT_UP otherwise. The answer’s X-Projection-Position says which position the data reflects.',
};

function minPosition(request: FastifyRequest): Position | undefined {
  const raw = request.headers['x-min-position'];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (Position.isPosition(value?.trim())) return value!.trim() as Position;
  throw new ProblemError({
    status: 400,
    code: 'INVALID_POSITION',
    message: `X-Min-Position must be the 32-character position a write answered with (its "position" or X-Event-Position), got ${JSON.stringify(value)}`,
    errors: [{ field: 'header.x-min-position', message: 'must be a 32-character lowercase hex position' }],
  });
}

/**
 * Read-your-writes for every route marked @ServedBy: waits until the projection's live generation
 * has passed X-Min-Position, then lets the query run, and reports in X-Projection-Position a
 * live position read before it (the data reflects at least that much): the one this process
 * knows, read again after each progress notification of the projection, so most requests cost
 * no registry query. One implementation for all routes, so no handler can forget the wait.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(READ_SIDE) private readonly side: ReadSide,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const projection = this.reflector.get<string | undefined>(SERVED_BY, context.getHandler());
    if (!projection) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    // Time travel (?asOf=) reads the event store, not the read model: nothing to wait for.
    if ((request.query as Record<string, unknown> | undefined)?.asOf !== undefined) return next.handle();
    const wanted = minPosition(request);
    const { registry, waiter, runtime } = this.side;
    // Known to this process without a query per request, never ahead of the model (knownPosition).
    let position = await waiter.knownPosition(projection);
    if (wanted && !(position && position >= wanted)) {
      const live = await registry.live(projection);
      position = live?.position;
      if (!(live && live.position >= wanted)) {
        if (live?.state === 'stopped') throw new ProjectionStoppedError(projection, wanted, live.position, live.error);
        position = await waiter.waitFor(projection, wanted, runtime.config.readWaitTimeoutMs);
      }
    }
    if (position) void http.getResponse<FastifyReply>().header('x-projection-position', position);
    return next.handle();
  }
}

import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, ForbiddenError } from '../auth/principal';
import { EventStoreUnavailableError, InvalidRevisionError, InvalidStreamIdError, WrongExpectedRevisionError } from '../event-store/errors';
import { InvalidPositionError } from '../event-store/position';
import type { Logger } from '../logger';
import { ProblemError, type Problem } from './problem';

/** Turns an error into a Problem, or returns undefined to let the next mapper try. */
export type ErrorMapper = (error: unknown) => { problem: Problem; headers?: Record<string, string> } | undefined;

const platformErrors: ErrorMapper = (error) => {
  if (error instanceof ProblemError) return { problem: error.problem, headers: error.headers };
  if (error instanceof AuthenticationError) {
    return { problem: { status: 401, code: error.code, message: error.message }, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
  }
  if (error instanceof ForbiddenError) return { problem: { ...error.details, status: 403, code: error.code, message: error.message } };
  if (error instanceof WrongExpectedRevisionError) {
    return { problem: { status: 409, code: 'CONCURRENCY_CONFLICT', message: error.message, currentRevision: error.actual === 'no_stream' ? null : error.actual } };
  }
  if (error instanceof InvalidStreamIdError || error instanceof InvalidRevisionError || error instanceof InvalidPositionError) {
    return { problem: { status: 400, code: error.code, message: error.message } };
  }
  if (error instanceof EventStoreUnavailableError) return { problem: { status: 503, code: error.code, message: 'The event store is unavailable; retry shortly' }, headers: { 'retry-after': '2' } };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message as string) ?? error.message;
    const code = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : `HTTP_${status}`;
    return { problem: { ...(typeof body === 'object' ? body : {}), status, code, message: Array.isArray(message) ? message.join('; ') : String(message) } };
  }
  // Fastify's own errors: malformed JSON, wrong content type, body too large.
  const fastify = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500 && typeof fastify.code === 'string') {
    const code = fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fastify.message ?? '') ? 'INVALID_JSON' : fastify.code.replace(/^FST_ERR_/, '');
    return { problem: { status: fastify.statusCode, code, message: fastify.message ?? 'Bad request' } };
  }
  return undefined;
};

/** Every error response has the Problem shape; unexpected errors are logged and answered 500 without internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly log: Logger,
    private readonly mappers: ErrorMapper[] = [],
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    let mapped: ReturnType<ErrorMapper>;
    for (const mapper of [...this.mappers, platformErrors]) {
      mapped = mapper(error);
      if (mapped) break;
    }
    if (!mapped) {
      this.log.error('unhandled error', { error, method: request.method, url: request.url, requestId: request.id, stack: (error as Error)?.stack });
      mapped = { problem: { status: 500, code: 'INTERNAL_ERROR', message: `Something went wrong on our side; quote request id ${request.id} when reporting it` } };
    }
    const { problem, headers } = mapped;
    void reply
      .status(problem.status)
      .headers({ 'content-type': 'application/json; charset=utf-8', ...(headers ?? {}) })
      .send({ ...problem, requestId: request.id });
  }
}

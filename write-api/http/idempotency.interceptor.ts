import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, of, type Observable, mergeMap } from 'rxjs';
import { IdempotencyStore, requestHash } from '../../platform/http/idempotency-store';
import { ProblemError } from '../../platform/http/problem';
import { deterministicUuid } from '../../platform/ids';
import type { CommandHttpRequest } from './command-request';

const KEY = /^[\x21-\x7e]{1,255}$/;
const STORED_HEADERS = ['x-event-position', 'etag', 'location'];

/**
 * Idempotency-Key: the first successful response per (caller, key) is kept; a repeat with the same
 * request gets it back (`Idempotent-Replayed: true`) and runs nothing, the same key with a
 * different request is refused with 422. The command id is derived from the key, so even two
 * copies racing each other decide events with the same ids and the store appends them once.
 * Error responses are not kept: nothing was appended, so retrying them is safe.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<CommandHttpRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const raw = request.headers['idempotency-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (key === undefined || request.method === 'GET') return next.handle();
    if (!KEY.test(key)) {
      throw new ProblemError({
        status: 400,
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: 'Idempotency-Key must be 1-255 visible ASCII characters, e.g. a UUID',
        errors: [{ field: 'header.idempotency-key', message: 'must be 1-255 visible ASCII characters' }],
      });
    }
    const principal = request.principal!.subject;
    const hash = requestHash(request.method, request.url.split('?')[0]!, request.body);
    return from(this.store.find(principal, key)).pipe(
      mergeMap((found) => {
        if (found) {
          if (found.requestHash !== hash) {
            throw new ProblemError({
              status: 422,
              code: 'IDEMPOTENCY_KEY_REUSED',
              message: 'This Idempotency-Key was used with a different request; use a new key for a new request',
            });
          }
          void reply.headers({ ...found.headers, 'idempotent-replayed': 'true' });
          return of(found.body);
        }
        request.commandId = deterministicUuid(`idempotency:${principal}:${key}`);
        return next.handle().pipe(
          mergeMap(async (body) => {
            const headers: Record<string, string> = {};
            for (const name of STORED_HEADERS) {
              const value = reply.getHeader(name);
              if (typeof value === 'string') headers[name] = value;
            }
            await this.store.save(principal, key, hash, { status: reply.statusCode, body, headers });
            return body;
          }),
        );
      }),
    );
  }
}

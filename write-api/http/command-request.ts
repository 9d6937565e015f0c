import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandContext } from '../../contexts/shared/command-context';
import type { CommandResult, HandleOptions } from '../../contexts/shared/stream-handler';
import type { Principal } from '../../platform/auth/principal';
import { ProblemError } from '../../platform/http/problem';

/** What the guard and the idempotency interceptor attach to a request. */
export interface CommandHttpRequest extends FastifyRequest {
  principal?: Principal;
  /** Deterministic for a repeated Idempotency-Key, random otherwise. */
  commandId?: string;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Who/when/why for a command sent over HTTP. */
export function commandContext(request: CommandHttpRequest, correlationId?: string): CommandContext {
  const commandId = request.commandId ?? randomUUID();
  const traceparent = header(request, 'traceparent');
  return {
    commandId,
    actor: { subject: request.principal!.subject, role: request.principal!.role },
    correlationId: correlationId ?? header(request, 'x-correlation-id') ?? commandId,
    causationId: `http:${commandId}`,
    now: new Date().toISOString(),
    ...(traceparent ? { traceparent } : {}),
  };
}

/** If-Match: the stream revision the client last read (`3` or `"3"`); 400 when malformed. */
export function handleOptions(request: FastifyRequest): HandleOptions {
  const raw = header(request, 'if-match');
  if (raw === undefined) return {};
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (!match) {
    throw new ProblemError({
      status: 400,
      code: 'INVALID_IF_MATCH',
      message: `If-Match must be the revision you last read, e.g. If-Match: "3" (got ${JSON.stringify(raw)})`,
      errors: [{ field: 'header.if-match', message: 'must be a non-negative integer revision' }],
    });
  }
  return { expectedRevision: Number(match[1]) };
}

/** Sets X-Event-Position (and ETag: the new revision) and shapes the body every accepted command returns. */
export function accepted(reply: FastifyReply, result: CommandResult) {
  if (result.position) void reply.header('x-event-position', result.position);
  if (result.revision >= 0) void reply.header('etag', `"${result.revision}"`);
  return { id: result.id, revision: result.revision, position: result.position };
}

import { EventValidationError } from '../../event-schemas/errors';
import { DomainError } from '../../contexts/shared/domain-error';
import { ConcurrencyConflictError, PreconditionFailedError } from '../../contexts/shared/stream-handler';
import type { ErrorMapper } from '../../platform/http/error-filter';
import { GatewayUnavailableError } from '../../platform/payment-gateway/payment-gateway.errors';

const STATUS = { not_found: 404, conflict: 409, rejected: 422 } as const;

/** The write side's errors as HTTP problems; anything else falls through to the platform's mapping. */
export const writeSideErrors: ErrorMapper = (error): ReturnType<ErrorMapper> => {
  // Details come first so they can never override the problem's own status, code or message.
  if (error instanceof DomainError) return { problem: { ...error.details, status: STATUS[error.kind], code: error.code, message: error.message } };
  if (error instanceof PreconditionFailedError) {
    return { problem: { status: 412, code: error.code, message: error.message, currentRevision: error.actual }, headers: error.actual === null ? undefined : { etag: `"${error.actual}"` } };
  }
  if (error instanceof ConcurrencyConflictError) {
    return { problem: { status: 409, code: error.code, message: error.message, currentRevision: error.actual === 'no_stream' ? null : error.actual } };
  }
  if (error instanceof EventValidationError) {
    return {
      problem: {
        status: 422,
        code: error.code,
        message: error.message,
        errors: error.issues.map((i) => ({ field: i.path, message: i.message })),
      },
    };
  }
  if (error instanceof GatewayUnavailableError) return { problem: { status: 503, code: error.code, message: 'The payment gateway is unavailable; retry shortly' }, headers: { 'retry-after': '5' } };
  return undefined;
};

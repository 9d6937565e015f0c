/**
 * A broken business rule. `code` is stable and machine-readable (clients switch on it);
 * `message` says what was wrong and what to do. The HTTP edge maps the kind to a status:
 * not_found → 404, conflict → 409 (the state forbids it now), rejected → 422 (the request can
 * never succeed as sent).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rejected';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rejected',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

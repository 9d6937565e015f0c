export const ROLES = ['customer', 'operator', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller: the token's subject and role. A customer's subject is their customer id. */
export interface Principal {
  subject: string;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(readonly reason: string) {
    super(`Authentication required: ${reason}. Send "Authorization: Bearer <token>" (a development token: npx commerce token --sub <id> --role <role>)`);
    this.name = 'AuthenticationError';
  }
}

export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

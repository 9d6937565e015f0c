import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, type Principal, type Role } from './principal';
import { TokenService } from './token-service';

const ROLES_KEY = 'commerce:roles';
const PUBLIC_KEY = 'commerce:public';

/** The roles a route admits. Every route names its roles or is explicitly @Public(). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export function rolesOf(handler: object): Role[] | undefined {
  return Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined;
}

export function isPublic(handler: object): boolean {
  return Reflect.getMetadata(PUBLIC_KEY, handler) === true;
}

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** The caller, set by the AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal!;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handler = context.getHandler();
    const controller = context.getClass();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, controller])) return true;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, [handler, controller]);
    // A route that forgot to name its roles is closed, not open.
    if (!roles || roles.length === 0) throw new ForbiddenError('This route admits no role');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const principal = await this.tokens.verify(Array.isArray(header) ? header[0] : header);
    if (!roles.includes(principal.role)) {
      throw new ForbiddenError(`The role ${principal.role} may not do this; allowed roles: ${roles.join(', ')}`, { role: principal.role, allowedRoles: roles });
    }
    request.principal = principal;
    return true;
  }
}

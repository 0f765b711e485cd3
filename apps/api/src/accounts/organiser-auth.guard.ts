import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { AccessTokenService, type OrganiserPrincipal } from './access-token.service';
import { Unauthenticated } from '../common/domain-errors';

type AuthenticatedRequest = Request & { principal?: OrganiserPrincipal };

/** Requires `Authorization: Bearer <token>` of an organiser; says why when it refuses. */
@Injectable()
export class OrganiserAuthGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (!header) throw new Unauthenticated('Log in first: this endpoint needs an Authorization: Bearer <token> header.');
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new Unauthenticated('The Authorization header must be "Bearer <token>".');
    req.principal = this.tokens.verify(token);
    return true;
  }
}

/** The organiser the guard authenticated. */
export const CurrentOrganiser = createParamDecorator((_: unknown, ctx: ExecutionContext): OrganiserPrincipal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Unauthenticated('Not authenticated.');
  return principal;
});

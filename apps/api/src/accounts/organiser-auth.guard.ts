import { ErrorCode } from '@amphi/contracts';
import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { OrganiserPrincipal } from './access-token.service';
import { OrganiserSessionsService } from './organiser-sessions.service';
import { Forbidden, Unauthenticated } from '../common/domain-errors';

type AuthenticatedRequest = Request & { principal?: OrganiserPrincipal };

/** Requires an organiser: their bearer token, or their sign-in cookie with its CSRF proof (OrganiserSessionsService); says why when it refuses. */
@Injectable()
export class OrganiserAuthGuard implements CanActivate {
  constructor(private readonly sessions: OrganiserSessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.sessions.authenticate(req);
    if (principal.kind !== 'organiser') throw new Forbidden(ErrorCode.OrganisersOnly);
    req.principal = principal;
    return true;
  }
}

/** The organiser the guard authenticated. */
export const CurrentOrganiser = createParamDecorator((_: unknown, ctx: ExecutionContext): OrganiserPrincipal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Unauthenticated(ErrorCode.TokenMissing);
  return principal;
});

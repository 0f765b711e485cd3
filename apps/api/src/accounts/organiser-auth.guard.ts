import { ErrorCode } from '@amphi/contracts';
import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { AccessTokenService, type OrganiserPrincipal } from './access-token.service';
import { Forbidden, Unauthenticated } from '../common/domain-errors';

type AuthenticatedRequest = Request & { principal?: OrganiserPrincipal };

/** Requires the bearer token of an organiser; says why when it refuses. */
@Injectable()
export class OrganiserAuthGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.tokens.fromHeader(req.headers.authorization);
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

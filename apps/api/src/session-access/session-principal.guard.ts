import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../accounts/access-token.service';
import { OrganiserSessionsService } from '../accounts/organiser-sessions.service';

/**
 * For endpoints whose every action asks SessionAccessService first (the live room, recording):
 * checks the bearer token's signature only. The personal link behind it is checked by the policy
 * in its own single query, so a join costs one query, not two; a revoked link is refused there
 * with the same 401 and reason. An organiser's sign-in cookie (with its CSRF proof) is accepted too,
 * so a live room opened in a new tab knows its organiser. (Endpoints that do not ask the policy use PrincipalAuthGuard.)
 * The principal is read with @CurrentPrincipal().
 */
@Injectable()
export class SessionPrincipalGuard implements CanActivate {
  constructor(private readonly sessions: OrganiserSessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    req.principal = await this.sessions.authenticate(req);
    return true;
  }
}

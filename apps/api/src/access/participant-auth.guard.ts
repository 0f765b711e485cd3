import { ErrorCode } from '@amphi/contracts';
import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { ParticipantPrincipal, Principal } from '../accounts/access-token.service';
import { OrganiserSessionsService } from '../accounts/organiser-sessions.service';
import { PersonalLinksService } from './personal-links.service';
import { Forbidden, Unauthenticated } from '../common/domain-errors';

/** The bearer token's principal (or an organiser's sign-in cookie); a personal link's must still be active (not cancelled, erased or replaced). */
async function authenticate(sessions: OrganiserSessionsService, links: PersonalLinksService, req: Request): Promise<Principal> {
  const principal = await sessions.authenticate(req);
  if (principal.kind === 'participant') await links.requireActive(principal.linkId);
  return principal;
}

type ParticipantRequest = Request & { participant?: ParticipantPrincipal };

/** Requires an access token obtained from a personal link that is still active. */
@Injectable()
export class ParticipantAuthGuard implements CanActivate {
  constructor(
    private readonly sessions: OrganiserSessionsService,
    private readonly links: PersonalLinksService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ParticipantRequest>();
    const principal = await authenticate(this.sessions, this.links, req);
    if (principal.kind !== 'participant') throw new Forbidden(ErrorCode.ParticipantsOnly);
    req.participant = principal;
    return true;
  }
}

export const CurrentParticipant = createParamDecorator((_: unknown, ctx: ExecutionContext): ParticipantPrincipal => {
  const principal = ctx.switchToHttp().getRequest<ParticipantRequest>().participant;
  if (!principal) throw new Unauthenticated(ErrorCode.TokenMissing);
  return principal;
});

type PrincipalRequest = Request & { principal?: Principal };

/**
 * Anyone with a role in a session: an organiser's token, or a personal link's that is still
 * active. What they may do in the session is then decided by the session-access policy (SessionAccessService).
 */
@Injectable()
export class PrincipalAuthGuard implements CanActivate {
  constructor(
    private readonly sessions: OrganiserSessionsService,
    private readonly links: PersonalLinksService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PrincipalRequest>();
    req.principal = await authenticate(this.sessions, this.links, req);
    return true;
  }
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<PrincipalRequest>().principal;
  if (!principal) throw new Unauthenticated(ErrorCode.TokenMissing);
  return principal;
});

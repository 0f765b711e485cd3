import { ErrorCode } from '@amphi/contracts';
import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { AccessTokenService, type ParticipantPrincipal, type Principal } from '../accounts/access-token.service';
import { PersonalLinksService } from './personal-links.service';
import { Forbidden, Unauthenticated } from '../common/domain-errors';

/** The bearer token's principal; a personal link's must still be active (not cancelled, erased or replaced). */
async function authenticate(tokens: AccessTokenService, links: PersonalLinksService, header: string | undefined): Promise<Principal> {
  const principal = tokens.fromHeader(header);
  if (principal.kind === 'participant') await links.requireActive(principal.linkId);
  return principal;
}

type ParticipantRequest = Request & { participant?: ParticipantPrincipal };

/** Requires an access token obtained from a personal link that is still active. */
@Injectable()
export class ParticipantAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly links: PersonalLinksService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ParticipantRequest>();
    const principal = await authenticate(this.tokens, this.links, req.headers.authorization);
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
    private readonly tokens: AccessTokenService,
    private readonly links: PersonalLinksService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PrincipalRequest>();
    req.principal = await authenticate(this.tokens, this.links, req.headers.authorization);
    return true;
  }
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<PrincipalRequest>().principal;
  if (!principal) throw new Unauthenticated(ErrorCode.TokenMissing);
  return principal;
});

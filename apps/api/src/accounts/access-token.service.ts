import { ErrorCode } from '@amphi/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Unauthenticated } from '../common/domain-errors';

/** An organiser, logged in with e-mail and password. */
export interface OrganiserPrincipal {
  kind: 'organiser';
  organiserId: string;
  /**
   * The browser sign-in (organiser_session row) this came from: the cookie itself, or a bearer token
   * minted from it for the live room. Signing out ends both; a bearer from the login form (an API
   * client's) has none and runs until it expires.
   */
  signInId?: string;
}
/** Someone who came through a personal link: an attendee (registrationId), an invited chair, speaker or reviewer (personId), or a submitter to the call (submitterId). */
export interface ParticipantPrincipal {
  kind: 'participant';
  linkId: string;
  eventId: string;
  registrationId: string | null;
  personId: string | null;
  /** Absent in tokens minted before the call for communications existed: read as null. */
  submitterId?: string | null;
}
export type Principal = OrganiserPrincipal | ParticipantPrincipal;

interface TokenPayload {
  kind?: string;
  sub?: string;
  /** OrganiserPrincipal.signInId */
  sin?: string;
  eid?: string;
  rid?: string | null;
  pid?: string | null;
  /** ParticipantPrincipal.submitterId */
  xid?: string | null;
}

/** Signs and reads the short-lived bearer tokens of the API (and later of the socket handshake). */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(principal: Principal): { token: string; expiresAt: Date } {
    const minutes = principal.kind === 'organiser' ? this.config.auth.accessTokenTtlMinutes : this.config.auth.participantTokenTtlMinutes;
    const payload: TokenPayload =
      principal.kind === 'organiser'
        ? { kind: 'organiser', sub: principal.organiserId, ...(principal.signInId ? { sin: principal.signInId } : {}) }
        : { kind: 'participant', sub: principal.linkId, eid: principal.eventId, rid: principal.registrationId, pid: principal.personId, ...(principal.submitterId ? { xid: principal.submitterId } : {}) };
    const token = this.jwt.sign(payload, { expiresIn: minutes * 60 });
    return { token, expiresAt: new Date(Date.now() + minutes * 60_000) };
  }

  verify(token: string): Principal {
    let payload: TokenPayload;
    try {
      payload = this.jwt.verify(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new Unauthenticated(ErrorCode.TokenExpired);
      throw new Unauthenticated(ErrorCode.TokenInvalid);
    }
    if (payload.kind === 'organiser' && payload.sub) return { kind: 'organiser', organiserId: payload.sub, ...(payload.sin ? { signInId: payload.sin } : {}) };
    if (payload.kind === 'participant' && payload.sub && payload.eid)
      return { kind: 'participant', linkId: payload.sub, eventId: payload.eid, registrationId: payload.rid ?? null, personId: payload.pid ?? null, submitterId: payload.xid ?? null };
    throw new Unauthenticated(ErrorCode.TokenInvalid);
  }

  /** Reads `Authorization: Bearer <token>`; says what is wrong when it cannot. */
  fromHeader(header: string | undefined): Principal {
    if (!header) throw new Unauthenticated(ErrorCode.TokenMissing);
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new Unauthenticated(ErrorCode.TokenInvalid);
    return this.verify(token);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Unauthenticated } from '../common/domain-errors';

/** Who an API access token speaks for. Later kinds (attendee, speaker links) join this union. */
export interface OrganiserPrincipal {
  kind: 'organiser';
  organiserId: string;
}
export type Principal = OrganiserPrincipal;

/** Signs and reads the short-lived bearer tokens used by the API (and later the socket handshake). */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(principal: Principal): { token: string; expiresAt: Date } {
    const ttlSeconds = this.config.auth.accessTokenTtlMinutes * 60;
    const token = this.jwt.sign({ kind: principal.kind, sub: principal.organiserId }, { expiresIn: ttlSeconds });
    return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
  }

  verify(token: string): Principal {
    let payload: { kind?: string; sub?: string };
    try {
      payload = this.jwt.verify(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new Unauthenticated('Your access token has expired; log in again.');
      throw new Unauthenticated('The access token is not valid.');
    }
    if (payload.kind !== 'organiser' || !payload.sub) throw new Unauthenticated('This token does not give access to the organiser API.');
    return { kind: 'organiser', organiserId: payload.sub };
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { parse as parseCookies } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';
import { ErrorCode } from '@amphi/contracts';
import { OrganiserSession } from './organiser-session.entity';
import { AccessTokenService, type OrganiserPrincipal, type Principal } from './access-token.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Forbidden, Unauthenticated } from '../common/domain-errors';

/** The header the web app sends with every request; a cross-site form cannot send it, a cross-site script only after a CORS preflight (CORS_ORIGINS). */
export const CSRF_HEADER = 'x-amphi-csrf';
/** How long a sign-in lasts without signing in again. */
const SESSION_DAYS = 30;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * The organisers' browser sign-in (issue 13), next to the bearer tokens that API clients keep using.
 *
 * - The cookie: httpOnly (no script reads it), SameSite=Lax, Path=/, 30 days; Secure and named
 *   `__Host-amphi-organiser` when PUBLIC_URL is https (the prefix forbids a Domain, so no sibling host
 *   can plant one), plain `amphi-organiser` on http (dev, tests on 127.0.0.1).
 * - It holds a 256-bit random token; the server keeps its hash, the expiry and the revocation, so
 *   signing out revokes every sign-in of the organiser at once (every tab and browser).
 * - CSRF: a request authenticated by the cookie with a state-changing method must carry the
 *   `X-Amphi-CSRF` header (any value; a cross-site form cannot set a header, and a cross-site fetch
 *   with one needs a CORS preflight that only CORS_ORIGINS pass) and, when it has an Origin, its own
 *   (the Host it was sent to) or one of the allowed origins (PUBLIC_URL's and CORS_ORIGINS). Refused 403 CSRF_REJECTED. Bearer requests
 *   need no proof: a browser never attaches a bearer header by itself.
 * - The socket handshake accepts the cookie too; its Origin is already checked against the same list.
 */
@Injectable()
export class OrganiserSessionsService {
  constructor(
    @InjectRepository(OrganiserSession) private readonly sessions: Repository<OrganiserSession>,
    private readonly tokens: AccessTokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get secure(): boolean {
    return new URL(this.config.publicUrl).protocol === 'https:';
  }
  get cookieName(): string {
    return this.secure ? '__Host-amphi-organiser' : 'amphi-organiser';
  }
  private cookieOptions(): CookieOptions {
    return { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' };
  }

  /**
   * Records a new sign-in and sets its cookie on the answer. The organiser's ended sign-ins (expired or
   * signed out) are forgotten at the same time, so the table holds at most the live ones plus those
   * ended since the organiser's last sign-in: a cookie of a forgotten row is refused like a revoked one.
   */
  async start(organiserId: string, res: Response): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600_000);
    await this.sessions
      .createQueryBuilder()
      .delete()
      .where('organiser_id = :organiserId AND (expires_at <= now() OR revoked_at IS NOT NULL)', { organiserId })
      .execute();
    await this.sessions.insert({ organiserId, tokenHash: hash(token), expiresAt, revokedAt: null });
    res.cookie(this.cookieName, token, { ...this.cookieOptions(), expires: expiresAt });
  }

  /** Signs the organiser out everywhere: every sign-in of theirs is revoked, and this browser's cookie cleared. */
  async endEverywhere(organiserId: string, res: Response): Promise<void> {
    await this.sessions.update({ organiserId, revokedAt: IsNull() }, { revokedAt: new Date() });
    res.clearCookie(this.cookieName, this.cookieOptions());
  }

  private cookieToken(header: string | undefined): string | null {
    if (!header) return null;
    return parseCookies(header)[this.cookieName] || null;
  }

  /** The organiser of the sign-in cookie in a Cookie header; null without one; 401 SIGNED_OUT when it was revoked or expired. */
  async fromCookieHeader(header: string | undefined): Promise<OrganiserPrincipal | null> {
    const token = this.cookieToken(header);
    if (!token) return null;
    const row = await this.sessions.findOneBy({ tokenHash: hash(token) });
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw new Unauthenticated(ErrorCode.SignedOut);
    return { kind: 'organiser', organiserId: row.organiserId, signInId: row.id };
  }

  /**
   * A bearer token minted from a browser sign-in (the live room's) is refused once that sign-in ended:
   * signing out ends it everywhere, the live room in another tab included. One read by primary key.
   */
  async requireSignedIn(principal: Principal): Promise<Principal> {
    if (principal.kind !== 'organiser' || !principal.signInId) return principal;
    const row = await this.sessions.findOneBy({ id: principal.signInId });
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw new Unauthenticated(ErrorCode.SignedOut);
    return principal;
  }

  /** Who an HTTP request is: the bearer token when there is one (API clients, personal links), else the sign-in cookie with its CSRF proof. */
  async authenticate(req: Request): Promise<Principal> {
    if (req.headers.authorization || !this.cookieToken(req.headers.cookie)) return this.requireSignedIn(this.tokens.fromHeader(req.headers.authorization));
    // The proof first: a forged request costs no query.
    this.requireCsrfProof(req);
    return (await this.fromCookieHeader(req.headers.cookie))!;
  }

  /** Whether a request that could carry the cookie was made by Amphi's own pages (see the class comment). */
  hasCsrfProof(req: Request): boolean {
    return typeof req.headers[CSRF_HEADER] === 'string';
  }

  private requireCsrfProof(req: Request): void {
    if (SAFE_METHODS.has(req.method)) return;
    if (!this.hasCsrfProof(req)) throw new Forbidden(ErrorCode.CsrfRejected, { reason: 'header_missing' });
    const origin = req.headers.origin;
    // Same-origin (the Host the request was sent to; a cross-site page cannot change it) or an allowed origin.
    const own = `${req.protocol}://${req.get('host')}`;
    if (origin && origin !== own && !this.config.realtime.allowedOrigins.includes(origin)) throw new Forbidden(ErrorCode.CsrfRejected, { reason: 'origin_not_allowed' });
  }
}

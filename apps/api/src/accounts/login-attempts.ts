import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '@amphi/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainError } from '../common/domain-errors';

/**
 * The login limit counts failed attempts only (issue 13: an organiser who signed in ten times was
 * locked out). @nestjs/throttler 6.7 counts every request in its guard, before the handler knows the
 * outcome, and has no "skip successful requests"; rate-limiter-flexible's brute-force recipe does
 * exactly this: read the counters first, add a point on failure, forget the e-mail's on success.
 * Two counters: per e-mail address (RATE_LIMIT_LOGIN_PER_EMAIL per 15 minutes) and per client address
 * (RATE_LIMIT_LOGIN_PER_IP per minute). A success clears the e-mail's failures (it proved the password)
 * but not the address's: signing in to one's own account must not wash away guesses at others.
 * Counters are per process, as the throttler's are.
 */
@Injectable()
export class LoginAttempts {
  private readonly perEmail: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.perEmail = new RateLimiterMemory({ keyPrefix: 'login-email', points: config.rateLimits.loginPerEmailPer15Minutes, duration: 15 * 60 });
    this.perIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: config.rateLimits.loginPerIpPerMinute, duration: 60 });
  }

  /** 429 RATE_LIMITED with the wait when either counter is spent; called before the password is checked. */
  async check(ip: string, email: string): Promise<void> {
    for (const [limiter, key] of this.keys(ip, email)) {
      const res: RateLimiterRes | null = await limiter.get(key);
      if (res && res.consumedPoints >= limiter.points)
        throw new DomainError(429, ErrorCode.RateLimited, { retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) });
    }
  }

  async failed(ip: string, email: string): Promise<void> {
    await Promise.all(this.keys(ip, email).map(([limiter, key]) => limiter.penalty(key, 1)));
  }

  async succeeded(email: string): Promise<void> {
    await this.perEmail.delete(normalise(email));
  }

  private keys(ip: string, email: string): Array<[RateLimiterMemory, string]> {
    return [
      [this.perEmail, normalise(email)],
      [this.perIp, ip],
    ];
  }
}

const normalise = (email: string) => email.trim().toLowerCase();

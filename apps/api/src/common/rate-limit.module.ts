import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * Rate limits for what the public can call (login now; registration later), with
 * @nestjs/throttler. Two limits apply to a guarded route: per client address ("default",
 * answered with Retry-After) and per e-mail address in the body ("email"), so that neither
 * one address nor one account can be hammered. Counters are kept per process.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'default', ttl: 60_000, limit: config.rateLimits.loginPerIpPerMinute },
          {
            name: 'email',
            ttl: 15 * 60_000,
            limit: config.rateLimits.loginPerEmailPer15Minutes,
            getTracker: (req: Record<string, unknown>) => {
              const email = (req as unknown as Request).body?.email;
              return typeof email === 'string' ? `email:${email.trim().toLowerCase()}` : `ip:${(req as unknown as Request).ip}`;
            },
          },
        ],
        errorMessage: 'Too many attempts; wait a moment before trying again.',
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}

import { applyDecorators, Global, Module, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Which public action a route is: each has its own limits, from the configuration. */
/** (Logging in is limited by accounts/login-attempts.ts, which counts failures only.) */
export type RateLimitedAction = 'registration' | 'access';
const ACTION = 'amphi:rate-limited-action';

/**
 * Rate limits for what the public can call, with @nestjs/throttler. Two limits apply to a
 * guarded route: per client address ("default", answered 429 with Retry-After) and per e-mail
 * address in the body ("email"), so that neither one address nor one person can be hammered.
 * Counters are kept per process and per route.
 */
export const RateLimited = (action: RateLimitedAction) => applyDecorators(SetMetadata(ACTION, action), UseGuards(ThrottlerGuard));

const actionOf = (context: ExecutionContext): RateLimitedAction => Reflect.getMetadata(ACTION, context.getHandler()) ?? 'access';

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const limits = {
          registration: { perIp: config.registration.perIpPerMinute, perEmail: config.registration.perEmailPerHour, emailWindow: 60 * 60_000 },
          // Opening a personal link: 256-bit tokens cannot be guessed, so this only bounds the load; a whole lab behind one address opens its links at 9:00.
          access: { perIp: config.rateLimits.accessPerIpPerMinute, perEmail: Number.MAX_SAFE_INTEGER, emailWindow: 60_000 },
        };
        return {
          throttlers: [
            { name: 'default', ttl: 60_000, limit: (context: ExecutionContext) => limits[actionOf(context)].perIp },
            {
              name: 'email',
              ttl: (context: ExecutionContext) => limits[actionOf(context)].emailWindow,
              limit: (context: ExecutionContext) => limits[actionOf(context)].perEmail,
              // Only requests that name an e-mail address count against it.
              skipIf: (context: ExecutionContext) => typeof context.switchToHttp().getRequest<Request>().body?.email !== 'string',
              getTracker: (req: Record<string, unknown>) => {
                const email = (req as unknown as Request).body?.email;
                return typeof email === 'string' ? `email:${email.trim().toLowerCase()}` : `ip:${(req as unknown as Request).ip}`;
              },
            },
          ],
          // Never shown: the error filter answers RATE_LIMITED with details.retryAfterSeconds, from the throttler's Retry-After header, in the request's language.
          errorMessage: 'RATE_LIMITED',
        };
      },
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}

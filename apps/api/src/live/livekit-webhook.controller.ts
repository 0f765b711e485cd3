import { ErrorCode } from '@amphi/contracts';
import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request } from 'express';
import { LiveKitService } from './livekit.service';
import { LiveService } from './live.service';
import { Unauthenticated } from '../common/domain-errors';

/**
 * LiveKit's webhooks. The signature (a JWT in Authorization carrying the body's SHA-256) is
 * checked on the raw body, exactly as sent: configureApp keeps it unparsed for this path.
 * Anything unsigned or signed with another key is refused with 401 and changes nothing.
 */
@Controller('livekit')
export class LiveKitWebhookController {
  constructor(
    private readonly livekit: LiveKitService,
    private readonly live: LiveService,
  ) {}

  @Post('webhook')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async receive(@Req() req: Request & { rawBody?: Buffer }, @Headers('authorization') authorization: string | undefined): Promise<{ received: true }> {
    const raw = Buffer.isBuffer(req.body) ? req.body : req.rawBody;
    if (!raw) throw new Unauthenticated(ErrorCode.WebhookRejected, { reason: 'missing_body' });
    const event = await this.livekit.receiveWebhook(raw.toString('utf8'), authorization);
    await this.live.onWebhook(event);
    return { received: true };
  }
}

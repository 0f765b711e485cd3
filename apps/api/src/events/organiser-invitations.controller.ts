import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  acceptOrganiserInvitationSchema,
  organiserInvitationTokenSchema,
  type AcceptOrganiserInvitationInput,
  type AcceptOrganiserInvitationResult,
  type OrganiserInvitationPreview,
  type OrganiserInvitationTokenInput,
} from '@amphi/contracts';
import { CoOrganisersService } from './co-organisers.service';
import { OrganiserSessionsService } from '../accounts/organiser-sessions.service';
import { RateLimited } from '../common/rate-limit.module';

/**
 * The page a co-organiser's invitation link opens (/organiser/join#token) asks here. The token travels
 * in the body, never in a URL. Limited per client address like the opening of personal links: the
 * tokens cannot be guessed, the limit bounds the load (accepting hashes a password with scrypt).
 */
@ApiTags('organisers')
@Controller('organiser-invitations')
export class OrganiserInvitationsController {
  constructor(
    private readonly coOrganisers: CoOrganisersService,
    private readonly sessions: OrganiserSessionsService,
  ) {}

  @Post('preview')
  @HttpCode(200)
  @RateLimited('access')
  @ApiOperation({ summary: 'What an invitation to co-organise is for (the event, the address); 410 ORGANISER_INVITATION_INVALID when the link was used, replaced or has expired' })
  preview(@Body({ schema: organiserInvitationTokenSchema }) input: OrganiserInvitationTokenInput): Promise<OrganiserInvitationPreview> {
    return this.coOrganisers.preview(input.token);
  }

  @Post('accept')
  @HttpCode(200)
  @RateLimited('access')
  @ApiOperation({
    summary:
      'Accept an invitation to co-organise: creates the account (name and password) and gives it the event; the link then stops working. With the X-Amphi-CSRF header (the web app) the new account is signed in with the sign-in cookie. An address that has an account by now just gets the event (sign in as usual).',
  })
  async accept(
    @Body({ schema: acceptOrganiserInvitationSchema }) input: AcceptOrganiserInvitationInput,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AcceptOrganiserInvitationResult> {
    const result = await this.coOrganisers.accept(input);
    // Only an account made now, by whoever chose its password here; an existing account signs in with its own.
    if (result.accountCreated && this.sessions.hasCsrfProof(req)) await this.sessions.start(result.organiser.id, res);
    return result;
  }
}

import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { exchangeLinkSchema, type AccessGrant } from '@amphi/contracts';
import { PersonalLinksService } from './personal-links.service';
import { AccessTokenService } from '../accounts/access-token.service';
import { EventsService } from '../events/events.service';
import { RateLimited } from '../common/rate-limit.module';
import { CurrentPrincipal, PrincipalAuthGuard } from './participant-auth.guard';
import type { Principal } from '../accounts/access-token.service';

@ApiTags('personal space')
@Controller('access')
export class AccessController {
  constructor(
    private readonly links: PersonalLinksService,
    private readonly tokens: AccessTokenService,
    private readonly events: EventsService,
  ) {}

  @Post()
  @HttpCode(200)
  @RateLimited('access')
  @ApiOperation({
    summary: 'Exchange the token of a personal link for a short-lived access token',
    description: 'The token is the part after # in the personal link. 401 with the reason for a forged, replaced, cancelled or erased link.',
  })
  async exchange(@Body({ schema: exchangeLinkSchema }) input: { token: string }): Promise<AccessGrant> {
    const link = await this.links.redeem(input.token);
    const event = await this.events.requireById(link.eventId);
    const { token, expiresAt } = this.tokens.issue({ kind: 'participant', linkId: link.id, eventId: link.eventId, registrationId: link.registrationId, personId: link.personId, submitterId: link.submitterId });
    return { accessToken: token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), eventSlug: event.slug };
  }

  @Get()
  @UseGuards(PrincipalAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who this access token is (and that its personal link still works): nothing else is read' })
  whoAmI(@CurrentPrincipal() me: Principal): Principal {
    return me;
  }
}

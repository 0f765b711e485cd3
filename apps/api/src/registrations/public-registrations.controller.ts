import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { registerSchema, resendLinkSchema, type AttendeeListEntry, type RegisterInput, type RegistrationResult } from '@amphi/contracts';
import { EventsService } from '../events/events.service';
import { RegistrationsService } from './registrations.service';
import { RateLimited } from '../common/rate-limit.module';
import { renderAnswer } from '../common/error-texts';
import { requestLanguage } from '../common/language';

@ApiTags('public: registration')
@Controller('public/events/:slug')
export class PublicRegistrationsController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Post('registrations')
  @HttpCode(200)
  @RateLimited('registration')
  @ApiOperation({
    summary: 'Register for a published event',
    description:
      'Answers confirmed or waitlisted (with the position); the personal link goes by e-mail only. Registering again with the same e-mail answers the existing registration and e-mails a fresh link. 409 when registration is closed, saying when it opens or closed.',
  })
  async register(@Param('slug') slug: string, @Body({ schema: registerSchema }) input: RegisterInput): Promise<RegistrationResult> {
    return this.registrations.register(await this.events.requirePublishedBySlug(slug), input);
  }

  @Post('registrations/resend-link')
  @HttpCode(202)
  @RateLimited('registration')
  @ApiOperation({ summary: 'E-mail my personal link again (the answer is the same whether or not the e-mail is registered)' })
  async resend(
    @Param('slug') slug: string,
    @Body({ schema: resendLinkSchema }) input: { email: string },
    @Req() request: Request,
  ): Promise<{ message: string }> {
    await this.registrations.resend(await this.events.requirePublishedBySlug(slug), input.email);
    // Read by the person who asked: in the request's language, like the errors.
    return { message: renderAnswer('resend_link', requestLanguage(request.headers['accept-language'], request.query.lang)) };
  }

  @Get('attendees')
  @ApiOperation({ summary: 'The attendee list: confirmed attendees who agreed to appear on it (404 when the event does not publish it)' })
  async attendees(@Param('slug') slug: string): Promise<AttendeeListEntry[]> {
    return this.registrations.attendeeList(await this.events.requirePublishedBySlug(slug));
  }
}

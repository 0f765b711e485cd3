import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  confirmProposalSchema,
  placeProposalSchema,
  prepareDecisionSchema,
  sendDecisionsSchema,
  type BookOfAbstracts,
  type CallStatistics,
  type DecisionMailPreview,
  type PlaceProposalInput,
  type PrepareDecisionInput,
  type ProposalAdminView,
  type ProposalView,
  type SendDecisionsInput,
} from '@amphi/contracts';
import type { z } from 'zod';
import { CurrentOrganiser, OrganiserAuthGuard } from '../../accounts/organiser-auth.guard';
import type { OrganiserPrincipal, ParticipantPrincipal } from '../../accounts/access-token.service';
import { CurrentParticipant, ParticipantAuthGuard } from '../../access/participant-auth.guard';
import { languageQuerySchema, type LanguageQuery } from '../../common/route-params';
import { EventsService } from '../../events/events.service';
import { describeEventDates } from '../../registrations/registrations.service';
import { CallDecisionsService } from './decisions.service';
import { PlacementService } from './placement.service';
import { CallStatisticsService } from './call-statistics.service';
import { AbstractsService } from './abstracts.service';
import { renderBookPdf } from './abstracts-pdf';

@ApiTags('organisers: call for communications')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/call')
export class CallDecisionsController {
  constructor(
    private readonly events: EventsService,
    private readonly decisions: CallDecisionsService,
    private readonly placement: PlacementService,
    private readonly statisticsService: CallStatisticsService,
  ) {}

  @Put('proposals/:proposalId/decision')
  @ApiOperation({
    summary: 'Prepare the decision on a submitted proposal (accepted, accepted_as_poster, rejected, or null to clear it) with a message; nothing is sent',
    description: '404 for a draft or another event’s proposal; 409 PROPOSAL_NOT_EDITABLE (reason withdrawn) for a withdrawn one.',
  })
  async prepare(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('proposalId') proposalId: string,
    @Body({ schema: prepareDecisionSchema }) input: PrepareDecisionInput,
  ): Promise<ProposalAdminView> {
    return this.decisions.prepare(await this.events.requireManaged(me, eventId), proposalId, input);
  }

  @Post('decisions/send')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send every prepared decision not sent yet (or changed since) together, each in its submitter’s language; preview: true answers the mails and sends nothing',
    description: 'Acceptances ask for a confirmation ("[Action required]") by a date 14 days on, with a one-click link; the reviewers’ comments to authors go along if chosen, never their names. Two sends at once mail each submitter once.',
  })
  async send(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: sendDecisionsSchema }) input: SendDecisionsInput): Promise<{ sent: number } | { previews: DecisionMailPreview[] }> {
    return this.decisions.send(await this.events.requireManaged(me, eventId), input);
  }

  @Post('proposals/:proposalId/place')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Place an accepted proposal in a session as a talk: its presenting authors become people of the event; placing again moves the talk',
    description: '409 PROPOSAL_NOT_ACCEPTED unless accepted (and not declined); 422 session_not_workshop for a break; 409 PROGRAMME_CONFLICT under the programme’s rules (a speaker in two overlapping sessions, talks longer than the session).',
  })
  async place(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('proposalId') proposalId: string,
    @Body({ schema: placeProposalSchema }) input: PlaceProposalInput,
  ): Promise<{ talkId: string; sessionId: string }> {
    return this.placement.place(await this.events.requireManaged(me, eventId), proposalId, input);
  }

  @Get('statistics')
  @ApiOperation({ summary: 'The call’s funnel (drafts, submitted, reviewed, accepted, confirmed; withdrawn, rejected), overall and per theme' })
  async statistics(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<CallStatistics> {
    return this.statisticsService.statistics(await this.events.requireManaged(me, eventId));
  }
}

/** The submitter's answer to an acceptance, from their personal link. */
@ApiTags('personal space')
@ApiBearerAuth()
@UseGuards(ParticipantAuthGuard)
@Controller('me/proposals')
export class MeConfirmationController {
  constructor(private readonly decisions: CallDecisionsService) {}

  @Post(':proposalId/confirmation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm (confirm: true) or decline an accepted proposal whose decision was sent; idempotent',
    description: '403 LINK_NOT_SUBMITTER for another kind of link; 404 for someone else’s proposal; 409 PROPOSAL_NOT_ACCEPTED with its state otherwise.',
  })
  async confirm(
    @CurrentParticipant() me: ParticipantPrincipal,
    @Param('proposalId') proposalId: string,
    @Body({ schema: confirmProposalSchema }) input: z.infer<typeof confirmProposalSchema>,
  ): Promise<ProposalView> {
    return this.decisions.confirm(me, proposalId, input.confirm);
  }
}

/** The book of abstracts, public once the event and its call are published. */
@ApiTags('public')
@Controller('public/events/:slug')
export class PublicAbstractsController {
  constructor(
    private readonly events: EventsService,
    private readonly abstracts: AbstractsService,
  ) {}

  @Get('abstracts')
  @ApiOperation({ summary: 'The book of abstracts: the confirmed accepted proposals by session (programme order), then by theme' })
  async book(@Param('slug') slug: string): Promise<BookOfAbstracts> {
    const event = await this.events.requirePublishedBySlug(slug);
    return this.abstracts.book(event, await this.abstracts.requirePublishedCall(event));
  }

  @Get('abstracts.json')
  @ApiOperation({ summary: 'The book of abstracts as a JSON file, for the proceedings’ editors' })
  async json(@Param('slug') slug: string, @Res({ passthrough: true }) res: Response): Promise<BookOfAbstracts> {
    const event = await this.events.requirePublishedBySlug(slug);
    const book = await this.abstracts.book(event, await this.abstracts.requirePublishedCall(event));
    res.setHeader('Content-Disposition', `attachment; filename="${event.slug}-abstracts.json"`);
    return book;
  }

  @Get('abstracts.csv')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The book of abstracts as CSV, one row per abstract (session, theme, type, title, authors, affiliations, keywords, abstract)' })
  async csv(@Param('slug') slug: string, @Query({ schema: languageQuerySchema }) query: LanguageQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const event = await this.events.requirePublishedBySlug(slug);
    const call = await this.abstracts.requirePublishedCall(event);
    const book = await this.abstracts.book(event, call);
    res.setHeader('Content-Disposition', `attachment; filename="${event.slug}-abstracts.csv"`);
    return this.abstracts.csv(book, call, query.lang ?? event.mainLanguage);
  }

  @Get('abstracts.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The book of abstracts as PDF: a title page, the contents by session, each abstract with its authors, affiliations and keywords' })
  async pdf(@Param('slug') slug: string, @Query({ schema: languageQuerySchema }) query: LanguageQuery): Promise<StreamableFile> {
    const event = await this.events.requirePublishedBySlug(slug);
    const call = await this.abstracts.requirePublishedCall(event);
    const book = await this.abstracts.book(event, call);
    const language = query.lang ?? event.mainLanguage;
    const doc = renderBookPdf(book, {
      language,
      eventDates: describeEventDates(event, language),
      timeZone: event.timeZone,
      themeTitle: (key) => call.themes.find((t) => t.key === key)?.title ?? null,
    });
    return new StreamableFile(doc, { type: 'application/pdf', disposition: `attachment; filename="${event.slug}-abstracts.pdf"` });
  }
}


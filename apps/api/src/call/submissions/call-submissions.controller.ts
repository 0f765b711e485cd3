import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  callSettingsSchema,
  createProposalSchema,
  proposalListQuerySchema,
  submitterSignUpSchema,
  updateProposalSchema,
  type CallSettingsInput,
  type CallSettingsView,
  type CallView,
  type CreateProposalInput,
  type Language,
  type ProposalAdminView,
  type ProposalListQuery,
  type ProposalView,
  type SubmitterSignUpInput,
  type UpdateProposalInput,
} from '@amphi/contracts';
import type { OrganiserPrincipal, ParticipantPrincipal } from '../../accounts/access-token.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../../accounts/organiser-auth.guard';
import { CurrentParticipant, ParticipantAuthGuard } from '../../access/participant-auth.guard';
import { RateLimited } from '../../common/rate-limit.module';
import { renderAnswer } from '../../common/error-texts';
import { requestLanguage } from '../../common/language';
import { NotFound } from '../../common/domain-errors';
import { EventsService } from '../../events/events.service';
import { CallSettingsService } from './call-settings.service';
import { ProposalsService } from './proposals.service';
import { ProposalViewsService } from './proposal-views';

/** The organisers' side: the call's settings and its proposals. */
@ApiTags('organisers: call for communications')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/call')
export class OrganiserCallController {
  constructor(
    private readonly events: EventsService,
    private readonly settings: CallSettingsService,
    private readonly proposals: ProposalsService,
    private readonly views: ProposalViewsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The call’s settings (404 call when the event has none yet)' })
  async get(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<CallSettingsView> {
    return this.settings.get(await this.events.requireManaged(me, eventId));
  }

  @Put()
  @ApiOperation({
    summary: 'Create the call or change its settings',
    description:
      'Creating needs opensAt, closesAt and at least one type; afterwards only the given fields change. 422 field by field: the call closes after it opens, the deadline for changes is not before the close, keys are unique, a theme or type that proposals name cannot be removed.',
  })
  async put(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: callSettingsSchema }) input: CallSettingsInput): Promise<CallSettingsView> {
    return this.settings.put(await this.events.requireManaged(me, eventId), input);
  }

  @Get('proposals')
  @ApiOperation({
    summary: 'The proposals (never drafts), filtered by theme, type, state, minimum score and text; cursor paging',
    description: 'Each with its submitter, reviewers, score, prepared decision and whether an accepted submitter has not confirmed after the reminder.',
  })
  async list(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Query({ schema: proposalListQuerySchema }) query: ProposalListQuery): Promise<{ items: ProposalAdminView[]; nextCursor: string | null; total: number }> {
    return this.proposals.list(await this.events.requireManaged(me, eventId), query);
  }

  @Get('proposals/:proposalId')
  @ApiOperation({ summary: 'One proposal as the organisers see it (404 proposal for a draft, or another event’s)' })
  async one(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('proposalId') proposalId: string): Promise<ProposalAdminView> {
    return this.views.adminView(await this.events.requireManaged(me, eventId), proposalId);
  }
}

/** The published call, and signing up to answer it without an account. */
@ApiTags('public: call for communications')
@Controller('public/events/:slug/call')
export class PublicCallController {
  constructor(
    private readonly events: EventsService,
    private readonly settings: CallSettingsService,
    private readonly proposals: ProposalsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The call of a published event, with its state (upcoming, open, closed) and the scientific committee (404 call when not published)' })
  async get(@Param('slug') slug: string): Promise<CallView> {
    const event = await this.events.requirePublishedBySlug(slug).catch((error: unknown) => {
      throw error instanceof NotFound ? new NotFound('call') : error;
    });
    return this.settings.publicView(event);
  }

  @Post('submitters')
  @HttpCode(202)
  @RateLimited('registration')
  @ApiOperation({
    summary: 'Sign up to propose: a personal link is e-mailed (the answer is the same whether or not the address is known)',
    description: 'Signing up again with the same address mails a fresh link (the previous one stops working). 409 CALL_NOT_OPEN before the opening, CALL_CLOSED after the closing, saying when.',
  })
  async signUp(@Param('slug') slug: string, @Body({ schema: submitterSignUpSchema }) input: SubmitterSignUpInput, @Req() request: Request): Promise<{ message: string }> {
    await this.proposals.signUp(await this.events.requirePublishedBySlug(slug), input);
    return { message: renderAnswer('call_link', requestLanguage(request.headers['accept-language'], request.query.lang)) };
  }
}

/** A submitter's own proposals, behind their personal link (403 LINK_NOT_SUBMITTER for another kind of link). */
@ApiTags('personal space: proposals')
@ApiBearerAuth()
@UseGuards(ParticipantAuthGuard)
@Controller('me/proposals')
export class MyProposalsController {
  constructor(
    private readonly events: EventsService,
    private readonly proposals: ProposalsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Me as a submitter, the call, and my proposals with their state' })
  async list(
    @CurrentParticipant() me: ParticipantPrincipal,
  ): Promise<{ submitter: { id: string; name: string; email: string; affiliation: string | null; language: Language }; call: CallView; proposals: ProposalView[] }> {
    return this.proposals.mine(await this.events.requireById(me.eventId), me);
  }

  @Post()
  @ApiOperation({ summary: 'A new draft (409 PROPOSAL_LIMIT_REACHED past the call’s limit per person)' })
  async create(@CurrentParticipant() me: ParticipantPrincipal, @Body({ schema: createProposalSchema }) input: CreateProposalInput): Promise<ProposalView> {
    return this.proposals.create(await this.events.requireById(me.eventId), me, input);
  }

  @Get(':proposalId')
  @ApiOperation({ summary: 'One of my proposals (404 for anyone else’s)' })
  async get(@CurrentParticipant() me: ParticipantPrincipal, @Param('proposalId') proposalId: string): Promise<ProposalView> {
    return this.proposals.get(await this.events.requireById(me.eventId), me, proposalId);
  }

  @Patch(':proposalId')
  @ApiOperation({ summary: 'Change a draft, or a submitted proposal until the deadline for changes (a submitted one is checked again: 422 with the count and the limit)' })
  async update(@CurrentParticipant() me: ParticipantPrincipal, @Param('proposalId') proposalId: string, @Body({ schema: updateProposalSchema }) input: UpdateProposalInput): Promise<ProposalView> {
    return this.proposals.update(await this.events.requireById(me.eventId), me, proposalId, input);
  }

  @Post(':proposalId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a draft while the call is open (409 CALL_CLOSED saying when; 422 field by field); its acknowledgement is e-mailed' })
  async submit(@CurrentParticipant() me: ParticipantPrincipal, @Param('proposalId') proposalId: string): Promise<ProposalView> {
    return this.proposals.submit(await this.events.requireById(me.eventId), me, proposalId);
  }

  @Post(':proposalId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a proposal, until the deadline for changes' })
  async withdraw(@CurrentParticipant() me: ParticipantPrincipal, @Param('proposalId') proposalId: string): Promise<ProposalView> {
    return this.proposals.withdraw(await this.events.requireById(me.eventId), me, proposalId);
  }
}

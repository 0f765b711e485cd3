import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  autoAssignSchema,
  reviewerConflictSchema,
  reviewerThemesSchema,
  reviewSchema,
  setReviewersSchema,
  type AssignmentResult,
  type AutoAssignInput,
  type ConflictSource,
  type ProposalScore,
  type ReviewerProgress,
  type ReviewerProposalView,
  type ReviewInput,
  type ReviewView,
} from '@amphi/contracts';
import type { OrganiserPrincipal, ParticipantPrincipal } from '../../accounts/access-token.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../../accounts/organiser-auth.guard';
import { CurrentParticipant, ParticipantAuthGuard } from '../../access/participant-auth.guard';
import { EventsService } from '../../events/events.service';
import { CommitteeService } from './committee.service';
import { MyReviewsService, type MyReviewsView } from './my-reviews.service';

/** The organisers' side of the scientific committee: reviewers, assignment, conflicts, reviews. */
@ApiTags('organisers: scientific committee')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/call')
export class OrganiserReviewController {
  constructor(
    private readonly events: EventsService,
    private readonly committee: CommitteeService,
  ) {}

  @Get('reviewers')
  @ApiOperation({ summary: 'The scientific committee as reviewers: their themes, assignments, submitted reviews, and when they were last told (404 call without a call)' })
  async reviewers(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<ReviewerProgress[]> {
    return this.committee.reviewers(await this.events.requireManaged(me, eventId));
  }

  @Put('reviewers/:personId')
  @ApiOperation({ summary: 'The themes a reviewer reviews, for assignment by theme (404 reviewer for someone not on the scientific committee; 422 unknown_theme)' })
  async themes(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('personId') personId: string,
    @Body({ schema: reviewerThemesSchema }) input: z.infer<typeof reviewerThemesSchema>,
  ): Promise<ReviewerProgress> {
    return this.committee.setThemes(await this.events.requireManaged(me, eventId), personId, input.themeKeys);
  }

  @Post('assignments/auto')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign reviewers automatically: k per submitted proposal, loads balanced (max − min ≤ 1), never a conflict, by theme if asked',
    description:
      'k from the body, else the call’s reviewersPerProposal. keepExisting (default) keeps the current assignments; false removes those whose review was not begun and assigns again. One transaction under a lock on the call. Each reviewer with new assignments gets one mail with their personal link; shortOf lists the proposals that lack conflict-free reviewers, withoutEmail the reviewers who could not be told.',
  })
  async auto(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: autoAssignSchema }) input: AutoAssignInput): Promise<AssignmentResult> {
    return this.committee.autoAssign(await this.events.requireManaged(me, eventId), input);
  }

  @Put('proposals/:proposalId/reviewers')
  @ApiOperation({
    summary: 'The reviewers of one proposal, by hand',
    description: '422 per person at personIds.N: not_committee_member, reviewer_has_conflict. 409 CONFLICT when removing a reviewer who already submitted their review. New reviewers are mailed.',
  })
  async setReviewers(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('proposalId') proposalId: string,
    @Body({ schema: setReviewersSchema }) input: z.infer<typeof setReviewersSchema>,
  ): Promise<{ personIds: string[] }> {
    return this.committee.setReviewers(await this.events.requireManaged(me, eventId), proposalId, input.personIds);
  }

  @Get('conflicts')
  @ApiOperation({ summary: 'Every conflict of interest between a reviewer and a submitted proposal, with its sources (declared by the authors or the reviewer; same affiliation, co-author, author)' })
  async conflicts(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<Array<{ proposalId: string; personId: string; sources: ConflictSource[] }>> {
    return this.committee.conflicts(await this.events.requireManaged(me, eventId));
  }

  @Get('proposals/:proposalId/reviews')
  @ApiOperation({ summary: 'Every review of a proposal with its reviewer’s name (drafts have submittedAt null), and the committee’s score from the submitted ones' })
  async reviews(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('proposalId') proposalId: string,
  ): Promise<{ score: ProposalScore; reviews: Array<ReviewView & { personId: string; reviewer: string }> }> {
    return this.committee.proposalReviews(await this.events.requireManaged(me, eventId), proposalId);
  }
}

/** A reviewer's side, from their personal link (403 REVIEWERS_ONLY for anyone not on the scientific committee). */
@ApiTags('personal space: reviews')
@ApiBearerAuth()
@UseGuards(ParticipantAuthGuard)
@Controller('me/reviews')
export class MyReviewsController {
  constructor(private readonly reviews: MyReviewsService) {}

  @Get()
  @ApiOperation({ summary: 'The proposals assigned to me (none I have a conflict with), with where my review stands, and the review form' })
  async list(@CurrentParticipant() me: ParticipantPrincipal): Promise<MyReviewsView> {
    return this.reviews.list(me);
  }

  @Get(':proposalId')
  @ApiOperation({
    summary: 'A proposal assigned to me, my review, and the others’ once mine is submitted',
    description: '404 proposal when it is not assigned to me or I have a conflict with it. Authors and the submitter’s other proposals are null when the review is anonymised.',
  })
  async get(@CurrentParticipant() me: ParticipantPrincipal, @Param('proposalId') proposalId: string): Promise<ReviewerProposalView> {
    return this.reviews.get(me, proposalId);
  }

  @Put(':proposalId')
  @ApiOperation({
    summary: 'Save my review as a draft, or submit it',
    description: '422 per field: scores.<key> unknown_criterion, or score_required for each criterion without a score when submitting. 409 REVIEW_CLOSED (reason deadline or decided).',
  })
  async save(@CurrentParticipant() me: ParticipantPrincipal, @Param('proposalId') proposalId: string, @Body({ schema: reviewSchema }) input: ReviewInput): Promise<ReviewView> {
    return this.reviews.save(me, proposalId, input);
  }

  @Post(':proposalId/conflict')
  @HttpCode(204)
  @ApiOperation({ summary: 'Declare a conflict of interest with a proposal (it is no longer assigned to me unless my review is submitted, and I no longer see it), or take the declaration back' })
  async conflict(@CurrentParticipant() me: ParticipantPrincipal, @Param('proposalId') proposalId: string, @Body({ schema: reviewerConflictSchema }) input: z.infer<typeof reviewerConflictSchema>): Promise<void> {
    await this.reviews.declareConflict(me, proposalId, input);
  }
}

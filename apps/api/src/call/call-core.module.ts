import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommitteeMember } from '../events/committee-member.entity';
import { CallForProposals, CallReviewer, Review, ReviewAssignment, ReviewerConflict, Submission, Submitter } from './call.entities';
import { CallCoreService } from './call-core.service';

/** The call's tables and what its features share (CallCoreService); each feature is a module of its own (submissions, review, decisions). */
@Module({
  imports: [TypeOrmModule.forFeature([CallForProposals, Submitter, Submission, CallReviewer, ReviewAssignment, Review, ReviewerConflict, CommitteeMember])],
  providers: [CallCoreService],
  exports: [CallCoreService, TypeOrmModule],
})
export class CallCoreModule {}

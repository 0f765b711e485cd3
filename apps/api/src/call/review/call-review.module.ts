import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { CallCoreModule } from '../call-core.module';
import { MyReviewsController, OrganiserReviewController } from './call-review.controller';
import { CommitteeService } from './committee.service';
import { MyReviewsService } from './my-reviews.service';
import { ReviewDataService } from './review-data';
import { ReviewerNoticesService } from './reviewer-notices.service';

/** The scientific committee: reviewers, conflicts, assignment, reviews, and what reviewers are told (assignments, the reminder before the deadline). */
@Module({
  imports: [CallCoreModule, AccessModule, ProgrammeModule],
  controllers: [OrganiserReviewController, MyReviewsController],
  providers: [ReviewDataService, ReviewerNoticesService, CommitteeService, MyReviewsService],
})
export class CallReviewModule {}

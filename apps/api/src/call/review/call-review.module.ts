import { Module } from '@nestjs/common';
import { CallCoreModule } from '../call-core.module';

/** The scientific committee: reviewers, conflicts, assignment, reviews. */
@Module({
  imports: [CallCoreModule],
  controllers: [],
  providers: [],
})
export class CallReviewModule {}

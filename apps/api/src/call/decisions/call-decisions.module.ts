import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { CallCoreModule } from '../call-core.module';
import { CallSubmissionsModule } from '../submissions/call-submissions.module';
import { AbstractsService } from './abstracts.service';
import { CallStatisticsService } from './call-statistics.service';
import { CallDecisionsController, MeConfirmationController, PublicAbstractsController } from './decisions.controller';
import { CallDecisionsService } from './decisions.service';
import { PlacementService } from './placement.service';

/** Decisions, notifications, confirmations, into the programme, the book of abstracts, statistics. */
@Module({
  imports: [CallCoreModule, CallSubmissionsModule, AccessModule, ProgrammeModule],
  controllers: [CallDecisionsController, MeConfirmationController, PublicAbstractsController],
  providers: [CallDecisionsService, PlacementService, CallStatisticsService, AbstractsService],
})
export class CallDecisionsModule {}

import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { AccountsModule } from '../../accounts/accounts.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { CallCoreModule } from '../call-core.module';
import { CallSettingsService } from './call-settings.service';
import { MyProposalsController, OrganiserCallController, PublicCallController } from './call-submissions.controller';
import { ProposalsService } from './proposals.service';
import { ProposalViewsService } from './proposal-views';

/** The call's settings, submitters and their proposals; ProposalViewsService builds every view of a proposal (the decisions reuse it); CallSettingsService is the demo data's way in. */
@Module({
  imports: [CallCoreModule, AccessModule, AccountsModule, ProgrammeModule],
  controllers: [OrganiserCallController, PublicCallController, MyProposalsController],
  providers: [CallSettingsService, ProposalsService, ProposalViewsService],
  exports: [ProposalViewsService, CallSettingsService],
})
export class CallSubmissionsModule {}

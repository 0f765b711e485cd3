import { Module } from '@nestjs/common';
import { CallCoreModule } from '../call-core.module';

/** Decisions, notifications, confirmations, into the programme, the book of abstracts, statistics. */
@Module({
  imports: [CallCoreModule],
  controllers: [],
  providers: [],
})
export class CallDecisionsModule {}

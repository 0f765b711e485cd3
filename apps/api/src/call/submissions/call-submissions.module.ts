import { Module } from '@nestjs/common';
import { CallCoreModule } from '../call-core.module';

/** The call's settings, submitters and their proposals. */
@Module({
  imports: [CallCoreModule],
  controllers: [],
  providers: [],
})
export class CallSubmissionsModule {}

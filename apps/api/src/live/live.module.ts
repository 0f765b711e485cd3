import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attendance, LiveRemoval, LiveRoom } from './live.entities';
import { LiveKitService } from './livekit.service';
import { LiveService } from './live.service';
import { LiveController } from './live.controller';
import { LiveKitWebhookController } from './livekit-webhook.controller';
import { RegistrationsModule } from '../registrations/registrations.module';
import { AccessModule } from '../access/access.module';
import { QaModule } from '../qa/qa.module';

/** Live rooms on LiveKit: joining by role and time, the chair's controls, webhooks and attendance. */
@Module({
  imports: [TypeOrmModule.forFeature([LiveRoom, Attendance, LiveRemoval]), RegistrationsModule, AccessModule, QaModule],
  controllers: [LiveController, LiveKitWebhookController],
  providers: [LiveKitService, LiveService],
  exports: [LiveKitService, LiveService],
})
export class LiveModule {}

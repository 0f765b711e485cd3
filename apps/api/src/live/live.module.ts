import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attendance, LiveRemoval, LiveRoom } from './live.entities';
import { LiveKitService } from './livekit.service';
import { LiveService } from './live.service';
import { LiveController } from './live.controller';
import { LiveKitWebhookController } from './livekit-webhook.controller';
import { SessionAccessModule } from '../session-access/session-access.module';

/**
 * Live rooms on LiveKit: joining by role and time, the chair's controls, webhooks and attendance.
 * Who may do what comes from the session-access policy; what happens is told through domain
 * events (the Q&A and the recorder follow them), so this module depends on neither.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LiveRoom, Attendance, LiveRemoval]), SessionAccessModule],
  controllers: [LiveController, LiveKitWebhookController],
  providers: [LiveKitService, LiveService],
  exports: [LiveKitService, LiveService],
})
export class LiveModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QaSession, Question, QuestionVote, RaisedHand } from './qa.entities';
import { QaService } from './qa.service';
import { QaGateway } from './qa.gateway';
import { QaController } from './qa.controller';
import { QaSessionFollower } from './qa-session-follower';
import { AccessModule } from '../access/access.module';
import { ProgrammeModule } from '../programme/programme.module';
import { SessionAccessModule } from '../session-access/session-access.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { LiveModule } from '../live/live.module';

/** The live Q&A: questions, votes, moderation and raised hands, over socket.io and HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([QaSession, Question, QuestionVote, RaisedHand]), AccessModule, ProgrammeModule, SessionAccessModule, RealtimeModule, LiveModule],
  controllers: [QaController],
  providers: [QaService, QaGateway, QaSessionFollower],
  exports: [QaService, QaGateway],
})
export class QaModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QaSession, Question, QuestionVote, RaisedHand } from './qa.entities';
import { QaService } from './qa.service';
import { QaGateway } from './qa.gateway';
import { QaController } from './qa.controller';
import { RegistrationsModule } from '../registrations/registrations.module';
import { AccessModule } from '../access/access.module';
import { ProgrammeModule } from '../programme/programme.module';

/** The live Q&A: questions, votes, moderation and raised hands, over socket.io and HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([QaSession, Question, QuestionVote, RaisedHand]), RegistrationsModule, AccessModule, ProgrammeModule],
  controllers: [QaController],
  providers: [QaService, QaGateway],
  exports: [QaService, QaGateway],
})
export class QaModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Recording, RecordingConsent, RecordingFile } from './recording.entities';
import { RecordingsService } from './recordings.service';
import { SessionRecorderService } from './session-recorder.service';
import { OrganiserRecordingsController, PublicRecordingsController, SessionRecordingController, SpeakerRecordingsController } from './recordings.controller';
import { ProgrammeModule } from '../programme/programme.module';
import { AccessModule } from '../access/access.module';
import { QaModule } from '../qa/qa.module';
import { LiveModule } from '../live/live.module';
import { SessionAccessModule } from '../session-access/session-access.module';

/**
 * Recordings: upload or egress, storage, consent, publication, playback and the podcast feed.
 * QaModule is here for the chapters (questions answered during the session); the live rooms are
 * followed through domain events, LiveModule only lends its LiveKit client.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Recording, RecordingFile, RecordingConsent]), ProgrammeModule, AccessModule, QaModule, LiveModule, SessionAccessModule],
  controllers: [OrganiserRecordingsController, SpeakerRecordingsController, PublicRecordingsController, SessionRecordingController],
  providers: [RecordingsService, SessionRecorderService],
  exports: [RecordingsService],
})
export class RecordingsModule {}

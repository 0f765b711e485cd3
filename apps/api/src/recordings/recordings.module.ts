import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Recording, RecordingConsent, RecordingFile } from './recording.entities';
import { RecordingsService } from './recordings.service';
import { OrganiserRecordingsController, PublicRecordingsController, SpeakerRecordingsController } from './recordings.controller';
import { ProgrammeModule } from '../programme/programme.module';
import { AccessModule } from '../access/access.module';
import { QaModule } from '../qa/qa.module';

/** Recordings: upload or egress, storage, consent, publication, playback and the podcast feed. */
@Module({
  imports: [TypeOrmModule.forFeature([Recording, RecordingFile, RecordingConsent]), ProgrammeModule, AccessModule, QaModule],
  controllers: [OrganiserRecordingsController, SpeakerRecordingsController, PublicRecordingsController],
  providers: [RecordingsService],
  exports: [RecordingsService],
})
export class RecordingsModule {}

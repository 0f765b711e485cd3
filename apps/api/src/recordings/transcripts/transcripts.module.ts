import { Module, type OnModuleInit } from '@nestjs/common';
import { BackgroundJobs } from '../../jobs/background-jobs.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RecordingsModule } from '../recordings.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { CommandTranscriber, TRANSCRIBER, type Transcriber } from './transcriber';
import { TranscriptJob, TRANSCRIPT_JOB } from './transcript.job';
import { TranscriptsService } from './transcripts.service';
import { OrganiserTranscriptsController, PublicTranscriptsController } from './transcripts.controller';

/**
 * Transcripts and captions made offline (issue 15): the 'transcript' job, queued once the podcast
 * audio is made, runs the transcriber (TRANSCRIBER: a command following tools/transcriber's protocol,
 * faster-whisper with the Whisper base model by default) and keeps the timed segments; organisers
 * correct them; visitors read them of published recordings as JSON, WebVTT captions and plain text.
 */
@Module({
  imports: [RecordingsModule, ProgrammeModule],
  controllers: [OrganiserTranscriptsController, PublicTranscriptsController],
  providers: [
    {
      provide: TRANSCRIBER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Transcriber => new CommandTranscriber(config.media.transcriberCommand, config.media.transcriberThreads),
    },
    TranscriptJob,
    TranscriptsService,
  ],
  exports: [TranscriptsService],
})
export class TranscriptsModule implements OnModuleInit {
  constructor(
    private readonly jobs: BackgroundJobs,
    private readonly transcriptJob: TranscriptJob,
  ) {}

  onModuleInit(): void {
    // Three attempts: a transcriber installed meanwhile is found by the next one; switched off (TRANSCRIBER_COMMAND=off), it fails at once.
    this.jobs.register(TRANSCRIPT_JOB, (recordingId, context) => this.transcriptJob.run(recordingId, context), { maxAttempts: 3 });
  }
}

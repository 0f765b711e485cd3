import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { BackgroundJobs } from '../../jobs/background-jobs.service';
import { RecordingsModule } from '../recordings.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { MediaController } from './media.controller';
import { PodcastAudioJob, PODCAST_AUDIO_JOB } from './podcast-audio.job';

/**
 * Processing recordings with ffmpeg (issue 15): every file that arrives (upload, egress) queues the
 * 'podcast_audio' job, which probes it and makes the podcast file, then queues the transcript. The
 * job runs in whichever process has JOBS_WORKER=on (the API itself by default, or `cli.js worker`).
 */
@Module({
  imports: [RecordingsModule, ProgrammeModule],
  controllers: [MediaController],
  providers: [PodcastAudioJob],
})
export class MediaModule implements OnModuleInit {
  constructor(
    private readonly jobs: BackgroundJobs,
    private readonly podcastAudio: PodcastAudioJob,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Three attempts: a missing ffmpeg may be installed meanwhile; a file it cannot read fails at once (retry false).
    this.jobs.register(PODCAST_AUDIO_JOB, (recordingId, context) => this.podcastAudio.run(recordingId, context), { maxAttempts: 3 });
    if (this.config.jobs.worker) void this.podcastAudio.sweepLeftovers();
  }
}

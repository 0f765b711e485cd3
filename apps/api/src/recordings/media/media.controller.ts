import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RecordingAdminView } from '@amphi/contracts';
import { EventsService } from '../../events/events.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../../accounts/organiser-auth.guard';
import type { OrganiserPrincipal } from '../../accounts/access-token.service';
import { PodcastAudioJob } from './podcast-audio.job';

@ApiTags('recordings (organisers)')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/recordings/:recordingId')
export class MediaController {
  constructor(
    private readonly podcastAudio: PodcastAudioJob,
    private readonly events: EventsService,
  ) {}

  @Post('process')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make the podcast file again (probe, MP3, loudness normalisation), then the transcript',
    description: 'Queues the podcast_audio job again (a job already running is left to finish); the recording’s `jobs` show its state. 409 RECORDING_NOT_COMPLETE while the recording has no file yet.',
  })
  async process(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<RecordingAdminView> {
    return this.podcastAudio.requeue(await this.events.requireManaged(me, eventId), recordingId);
  }
}

import { Body, Controller, Get, Header, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { transcriptUpdateSchema, type TranscriptUpdateInput, type TranscriptView } from '@amphi/contracts';
import { TranscriptsService } from './transcripts.service';
import { toPlainText, toWebVtt } from './webvtt';
import { RecordingsService } from '../recordings.service';
import { EventsService } from '../../events/events.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../../accounts/organiser-auth.guard';
import type { OrganiserPrincipal } from '../../accounts/access-token.service';

const VTT = 'text/vtt; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const NOT_READY = ' 409 TRANSCRIPT_NOT_READY (details.status: queued, running, failed or none) while there is none.';

@ApiTags('recordings (organisers)')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/recordings/:recordingId')
export class OrganiserTranscriptsController {
  constructor(
    private readonly transcripts: TranscriptsService,
    private readonly recordings: RecordingsService,
    private readonly events: EventsService,
  ) {}

  private async transcript(me: OrganiserPrincipal, eventId: string, recordingId: string): Promise<TranscriptView> {
    const event = await this.events.requireManaged(me, eventId);
    return this.transcripts.of(event, await this.recordings.requireOf(event, recordingId));
  }

  @Get('transcript')
  @ApiOperation({ summary: 'The recording’s transcript (made offline, or corrected), published or not', description: `Timed segments in seconds.${NOT_READY}` })
  get(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<TranscriptView> {
    return this.transcript(me, eventId, recordingId);
  }

  @Put('transcript')
  @ApiOperation({
    summary: 'Correct the transcript (every segment, in order), or type one where there is none',
    description: 'A corrected transcript is never overwritten when the recording is processed again. 422 names each wrong field (a segment ending before it starts, out of order, empty text).',
  })
  async update(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string, @Body({ schema: transcriptUpdateSchema }) input: TranscriptUpdateInput): Promise<TranscriptView> {
    const event = await this.events.requireManaged(me, eventId);
    return this.transcripts.update(event, await this.recordings.requireOf(event, recordingId), input, me.organiserId);
  }

  @Get('transcript.json')
  @ApiOperation({ summary: 'The transcript as JSON (as GET …/transcript)', description: NOT_READY.trim() })
  json(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<TranscriptView> {
    return this.transcript(me, eventId, recordingId);
  }

  @Get('transcript.vtt')
  @Header('Content-Type', VTT)
  @ApiProduces('text/vtt')
  @ApiOperation({ summary: 'The captions (WebVTT), to review them before publishing', description: NOT_READY.trim() })
  async vtt(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<string> {
    return toWebVtt((await this.transcript(me, eventId, recordingId)).segments);
  }

  @Get('transcript.txt')
  @Header('Content-Type', TEXT)
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The plain transcript, one line per segment with its time ([hh:mm:ss] text)', description: NOT_READY.trim() })
  async text(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<string> {
    return toPlainText((await this.transcript(me, eventId, recordingId)).segments);
  }
}

@ApiTags('public')
@Controller('public/events/:slug/recordings/:recordingId')
export class PublicTranscriptsController {
  constructor(
    private readonly transcripts: TranscriptsService,
    private readonly recordings: RecordingsService,
    private readonly events: EventsService,
  ) {}

  private async transcript(slug: string, recordingId: string): Promise<TranscriptView> {
    const event = await this.events.requirePublishedBySlug(slug);
    return this.transcripts.of(event, await this.recordings.requirePublished(event, recordingId));
  }

  @Get('transcript.json')
  @ApiOperation({ summary: 'The transcript of a published recording (404 for any other)', description: NOT_READY.trim() })
  json(@Param('slug') slug: string, @Param('recordingId') recordingId: string): Promise<TranscriptView> {
    return this.transcript(slug, recordingId);
  }

  @Get('transcript.vtt')
  @Header('Content-Type', VTT)
  @ApiProduces('text/vtt')
  @ApiOperation({ summary: 'The captions of a published recording (WebVTT, for the player’s <track>)', description: NOT_READY.trim() })
  async vtt(@Param('slug') slug: string, @Param('recordingId') recordingId: string): Promise<string> {
    return toWebVtt((await this.transcript(slug, recordingId)).segments);
  }

  @Get('transcript.txt')
  @Header('Content-Type', TEXT)
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The plain transcript of a published recording, one line per segment with its time', description: NOT_READY.trim() })
  async text(@Param('slug') slug: string, @Param('recordingId') recordingId: string): Promise<string> {
    return toPlainText((await this.transcript(slug, recordingId)).segments);
  }
}

import { Body, Controller, Delete, Get, Head, Header, HttpCode, Param, Patch, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  consentExceptionSchema,
  consentSchema,
  recordingMetadataSchema,
  startRecordingSchema,
  type ConsentExceptionInput,
  type ConsentInput,
  type RecordingAdminView,
  type RecordingMetadataInput,
  type RecordingView,
} from '@amphi/contracts';
import { RecordingsService } from './recordings.service';
import { sendWithRanges } from './send-ranges';
import { jsonChapters } from './podcast/podcast-feed';
import type { Recording, RecordingFile } from './recording.entities';
import { EventsService } from '../events/events.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../accounts/organiser-auth.guard';
import { CurrentParticipant, CurrentPrincipal, ParticipantAuthGuard } from '../access/participant-auth.guard';
import { SessionPrincipalGuard } from '../session-access/session-principal.guard';
import { SessionRecorderService } from './session-recorder.service';
import type { OrganiserPrincipal, ParticipantPrincipal, Principal } from '../accounts/access-token.service';
import { personFilterQuerySchema, sessionFilterQuerySchema, type PersonFilterQuery, type SessionFilterQuery } from '../common/route-params';

const recordingUpdateSchema = recordingMetadataSchema.extend({ durationSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional() });

/** Streams one file of a recording with range requests. */
async function serveFile(service: RecordingsService, recording: Recording, file: RecordingFile, req: Request, res: Response): Promise<void> {
  const extension = file.contentType.split('/')[1]?.replace(/^x-/, '').replace('mpeg', 'mp3') ?? 'bin';
  await sendWithRanges(req, res, { size: file.size, contentType: file.contentType, sha256: file.sha256, fileName: `recording-${recording.id.slice(0, 8)}-${file.kind}.${extension}` }, (range) => service.read(file, range));
}

@ApiTags('recordings (organisers)')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId')
export class OrganiserRecordingsController {
  constructor(
    private readonly recordings: RecordingsService,
    private readonly events: EventsService,
  ) {}

  @Get('recordings')
  @ApiOperation({ summary: 'The event’s recordings with their consent state, published or not' })
  async list(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Query({ schema: sessionFilterQuerySchema }) query: SessionFilterQuery): Promise<RecordingAdminView[]> {
    return this.recordings.list(await this.events.requireManaged(me, eventId), query.sessionId);
  }

  @Post('sessions/:sessionId/recordings')
  @ApiConsumes('audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav', 'video/mp4', 'video/webm')
  @ApiOperation({
    summary: 'Upload a recording made elsewhere: the file as the request body (streamed, up to MAX_RECORDING_MB)',
    description: 'The type is read from the file’s first bytes; anything that is not audio or video is refused with 415, whatever its name or declared type.',
  })
  async upload(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('sessionId') sessionId: string, @Req() req: Request): Promise<RecordingAdminView> {
    const event = await this.events.requireManaged(me, eventId);
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    return this.recordings.upload(event, sessionId, req, Number.isFinite(length) ? length : undefined);
  }

  @Get('recordings/:recordingId')
  async get(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<RecordingAdminView> {
    const event = await this.events.requireManaged(me, eventId);
    await this.recordings.requireOf(event, recordingId);
    return this.recordings.adminView(event, recordingId);
  }

  @Patch('recordings/:recordingId')
  @ApiOperation({ summary: 'Edit the title and description (fr/en), language, licence, duration' })
  async update(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string, @Body({ schema: recordingUpdateSchema }) input: RecordingMetadataInput & { durationSeconds?: number }): Promise<RecordingAdminView> {
    return this.recordings.update(await this.events.requireManaged(me, eventId), recordingId, input);
  }

  @Post('recordings/:recordingId/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish: only complete, and with every speaker’s consent or a recorded exception (409 lists what is missing)' })
  async publish(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<RecordingAdminView> {
    return this.recordings.publish(await this.events.requireManaged(me, eventId), recordingId);
  }

  @Post('recordings/:recordingId/retract')
  @HttpCode(200)
  async retract(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<RecordingAdminView> {
    return this.recordings.retract(await this.events.requireManaged(me, eventId), recordingId);
  }

  @Post('recordings/:recordingId/consent-exception')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish without every speaker’s consent, for a reason that is kept (e.g. consent given in writing)' })
  async exception(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string, @Body({ schema: consentExceptionSchema }) input: ConsentExceptionInput): Promise<RecordingAdminView> {
    return this.recordings.recordException(await this.events.requireManaged(me, eventId), recordingId, input.reason, me.organiserId);
  }

  @Delete('recordings/:recordingId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a recording and its files in storage' })
  async remove(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string): Promise<void> {
    await this.recordings.remove(await this.events.requireManaged(me, eventId), recordingId);
  }

  @Get('recordings/:recordingId/files/:fileId')
  @ApiOperation({ summary: 'Review a file before publishing (range requests)' })
  async file(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('recordingId') recordingId: string, @Param('fileId') fileId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const recording = await this.recordings.requireOf(await this.events.requireManaged(me, eventId), recordingId);
    await serveFile(this.recordings, recording, await this.recordings.openFile(recording, fileId), req, res);
  }
}

@ApiTags('personal space')
@ApiBearerAuth()
@UseGuards(ParticipantAuthGuard)
@Controller('me/recordings')
export class SpeakerRecordingsController {
  constructor(
    private readonly recordings: RecordingsService,
    private readonly events: EventsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The recordings in which I speak, with my consent' })
  async mine(@CurrentParticipant() me: ParticipantPrincipal): Promise<RecordingAdminView[]> {
    if (!me.personId) return [];
    return this.recordings.ofSpeaker(await this.events.requireById(me.eventId), me.personId);
  }

  @Put(':recordingId/consent')
  @ApiOperation({ summary: 'Consent to (or refuse) the publication of a recording in which I speak; a refusal takes it down' })
  async decide(@CurrentParticipant() me: ParticipantPrincipal, @Param('recordingId') recordingId: string, @Body({ schema: consentSchema }) input: ConsentInput): Promise<RecordingAdminView> {
    return this.recordings.decide(await this.events.requireById(me.eventId), me.personId, recordingId, input.decision);
  }
}

@ApiTags('public')
@Controller('public/events/:slug')
export class PublicRecordingsController {
  constructor(
    private readonly recordings: RecordingsService,
    private readonly events: EventsService,
  ) {}

  // The feed itself (podcast.xml) is served by podcast/podcast.controller.ts, with the podcast's settings.
  @Get('recordings/:recordingId/chapters.json')
  @Header('Content-Type', 'application/json+chapters')
  @ApiOperation({ summary: 'Podcasting 2.0 chapters of a published recording' })
  async chapters(@Param('slug') slug: string, @Param('recordingId') recordingId: string) {
    const event = await this.events.requirePublishedBySlug(slug);
    const recording = await this.recordings.requirePublished(event, recordingId);
    return jsonChapters(await this.recordings.publicView(event, recording.id), event.mainLanguage);
  }

  @Get('recordings')
  @ApiOperation({ summary: 'The event’s published recordings, newest first; ?personId= for one speaker’s' })
  async list(@Param('slug') slug: string, @Query({ schema: personFilterQuerySchema }) query: PersonFilterQuery): Promise<RecordingView[]> {
    return this.recordings.published(await this.events.requirePublishedBySlug(slug), { personId: query.personId });
  }

  @Get('recordings/:recordingId')
  async get(@Param('slug') slug: string, @Param('recordingId') recordingId: string): Promise<RecordingView> {
    const event = await this.events.requirePublishedBySlug(slug);
    const recording = await this.recordings.requirePublished(event, recordingId);
    return this.recordings.publicView(event, recording.id);
  }

  @Get('recordings/:recordingId/files/:fileId')
  @Head('recordings/:recordingId/files/:fileId')
  @ApiOperation({ summary: 'Play or download a published recording, with HTTP range requests (206, 416)' })
  async file(@Param('slug') slug: string, @Param('recordingId') recordingId: string, @Param('fileId') fileId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const event = await this.events.requirePublishedBySlug(slug);
    const recording = await this.recordings.requirePublished(event, recordingId);
    await serveFile(this.recordings, recording, await this.recordings.openFile(recording, fileId), req, res);
  }
}

@ApiTags('live rooms')
@ApiBearerAuth()
@UseGuards(SessionPrincipalGuard) // the session-access policy checks the personal link in its own query
@Controller('sessions/:sessionId/recording')
export class SessionRecordingController {
  constructor(private readonly recorder: SessionRecorderService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: record the live room through LiveKit Egress (video, and audio for the podcast); 503 RECORDING_UNAVAILABLE at once when no egress worker is configured or answers, and no recording is left behind' })
  start(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string, @Body({ schema: startRecordingSchema }) input: { audio: boolean }): Promise<RecordingAdminView> {
    return this.recorder.start(me, sessionId, input.audio);
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: stop the recording; it completes when LiveKit says its files are written' })
  stop(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string): Promise<RecordingAdminView> {
    return this.recorder.stop(me, sessionId);
  }
}

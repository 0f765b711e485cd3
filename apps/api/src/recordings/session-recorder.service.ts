import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type FindOptionsWhere } from 'typeorm';
import { createHash } from 'node:crypto';
import { EgressStatus, type EgressInfo } from 'livekit-server-sdk';
import { ErrorCode, type RecordingAdminView, type RecordingFileKind } from '@amphi/contracts';
import { Recording, RecordingFile } from './recording.entities';
import { RecordingsService } from './recordings.service';
import { LiveKitService } from '../live/livekit.service';
import { roomName } from '../live/live-rules';
import { SessionAccessService } from '../session-access/session-access.service';
import { DomainEvents } from '../domain-events/domain-events';
import { EventsService } from '../events/events.service';
import { SessionsService } from '../programme/sessions.service';
import { STORAGE, type Storage } from '../storage/storage';
import type { Principal } from '../accounts/access-token.service';
import { Conflict } from '../common/domain-errors';
import { BackgroundJobs } from '../jobs/background-jobs.service';

const FILES: Record<Exclude<RecordingFileKind, 'podcast'>, { name: string; contentType: string }> = {
  video: { name: 'video.mp4', contentType: 'video/mp4' },
  audio: { name: 'audio.ogg', contentType: 'audio/ogg' },
};
const RUNNING: Recording['status'][] = ['starting', 'active', 'ending'];

/**
 * Recording a live session through LiveKit Egress: the chair starts and stops it (or it starts by
 * itself when a session marked "recorded" goes live); egress webhooks move it through starting,
 * active, ending, then complete (its files checked into storage with their checksums) or failed.
 * It follows the live rooms through domain events (went live, egress news) and tells what
 * changed the same way (recording.changed).
 */
@Injectable()
export class SessionRecorderService implements OnModuleInit {
  private readonly logger = new Logger('Recorder');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: Storage,
    private readonly recordings: RecordingsService,
    private readonly livekit: LiveKitService,
    private readonly access: SessionAccessService,
    private readonly domainEvents: DomainEvents,
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly jobs: BackgroundJobs,
  ) {}

  onModuleInit(): void {
    this.domainEvents.on('session.went-live', ({ sessionId }) => this.autoRecord(sessionId));
    this.domainEvents.on('recording.egress-updated', ({ egressInfo }) => this.onEgress(egressInfo));
  }

  async start(principal: Principal, sessionId: string, withAudio: boolean): Promise<RecordingAdminView> {
    await this.access.require(principal, sessionId, 'record');
    return this.record(sessionId, withAudio);
  }

  async stop(principal: Principal, sessionId: string): Promise<RecordingAdminView> {
    const actor = await this.access.require(principal, sessionId, 'record');
    const recording = await this.dataSource.getRepository(Recording).findOne({ where: { sessionId, status: In(RUNNING) }, order: { createdAt: 'DESC' } });
    if (!recording) throw new Conflict(ErrorCode.RecordingNotRunning);
    for (const id of [recording.videoEgressId, recording.audioEgressId]) if (id) await this.livekit.stopRecording(id);
    await this.setStatus(recording, { status: In(['starting', 'active']) }, { status: 'ending' });
    return this.recordings.adminView(await this.events.requireById(actor.eventId), recording.id);
  }

  /** A session marked "recorded" starts recording when it goes live (when this server can record at all). */
  private async autoRecord(sessionId: string): Promise<void> {
    if (!this.livekit.canRecord) return;
    const owner = await this.sessions.findAnywhere(sessionId);
    if (!owner) return;
    const session = await this.sessions.get(await this.events.requireById(owner.eventId), sessionId);
    if (session.recorded) await this.record(sessionId, true);
  }

  private async record(sessionId: string, withAudio: boolean): Promise<RecordingAdminView> {
    this.livekit.assertCanRecord(); // no egress worker configured: say so at once
    const owner = (await this.sessions.findAnywhere(sessionId))!;
    const event = await this.events.requireById(owner.eventId);
    const session = await this.sessions.get(event, sessionId);
    const running = await this.dataSource.getRepository(Recording).existsBy({ sessionId, status: In(RUNNING) });
    if (running) throw new Conflict(ErrorCode.RecordingAlreadyRunning);
    // The row exists before LiveKit is asked, so that an egress webhook arriving with LiveKit's
    // answer finds its recording; if LiveKit refuses, the row goes in the same failure path: the
    // organisers never see (nor are offered to publish) a recording that never started.
    const recording = await this.recordings.create(event, session, 'egress', 'starting', { startedAt: new Date() });
    const key = (kind: 'video' | 'audio') => `recordings/${event.id}/${recording.id}/${FILES[kind].name}`;
    try {
      const videoEgressId = await this.livekit.startRecording(roomName(sessionId), key('video'), false);
      await this.dataSource.getRepository(Recording).update({ id: recording.id }, { videoEgressId });
    } catch (error) {
      await this.dataSource.getRepository(Recording).delete({ id: recording.id });
      throw error;
    }
    if (withAudio) {
      try {
        const audioEgressId = await this.livekit.startRecording(roomName(sessionId), key('audio'), true);
        await this.dataSource.getRepository(Recording).update({ id: recording.id }, { audioEgressId });
      } catch (error) {
        // The video is being recorded: it goes on, without the podcast's sound file, and says why.
        await this.dataSource.getRepository(Recording).update({ id: recording.id }, { failureReason: `audio: ${(error as Error).message}` });
      }
    }
    await this.domainEvents.publish('recording.changed', { sessionId, recordingId: recording.id, status: 'starting' });
    return this.recordings.adminView(event, recording.id);
  }

  /** An egress webhook (already verified): its recording follows the video egress; the audio adds its file. */
  async onEgress(info: EgressInfo): Promise<void> {
    const repo = this.dataSource.getRepository(Recording);
    const recording = await repo.findOne({ where: [{ videoEgressId: info.egressId }, { audioEgressId: info.egressId }] });
    if (!recording) return; // not ours
    const kind: RecordingFileKind = recording.videoEgressId === info.egressId ? 'video' : 'audio';
    const primary = kind === 'video';
    switch (info.status) {
      case EgressStatus.EGRESS_STARTING:
        break;
      case EgressStatus.EGRESS_ACTIVE:
        if (primary) await this.setStatus(recording, { status: 'starting' }, { status: 'active', startedAt: info.startedAt ? new Date(Number(info.startedAt / 1_000_000n)) : recording.startedAt });
        break;
      case EgressStatus.EGRESS_ENDING:
        if (primary) await this.setStatus(recording, { status: In(['starting', 'active']) }, { status: 'ending' });
        break;
      case EgressStatus.EGRESS_COMPLETE: {
        const result = info.fileResults[0];
        const key = `recordings/${recording.eventId}/${recording.id}/${FILES[kind].name}`;
        const checked = await this.checksum(key);
        if (!checked) {
          const reason = `LiveKit reported the ${kind} file written (${result?.location ?? result?.filename ?? 'no location'}), but it is not in Amphi's storage: share the egress output with STORAGE_DIR (or use S3).`;
          if (primary) await this.setStatus(recording, {}, { status: 'failed', failureReason: reason, endedAt: new Date() });
          else this.logger.warn(reason);
          break;
        }
        await this.dataSource.transaction(async (manager) => {
          await manager.getRepository(RecordingFile).save({ recordingId: recording.id, kind, storageKey: key, contentType: FILES[kind].contentType, size: checked.size, sha256: checked.sha256 });
          // The podcast file is made from it in the background (media/podcast-audio.job.ts), from the audio file when there is one.
          await this.jobs.enqueue('podcast_audio', recording.id, manager);
        });
        this.jobs.kick();
        if (primary)
          await this.setStatus(
            recording,
            {},
            { status: 'complete', endedAt: info.endedAt ? new Date(Number(info.endedAt / 1_000_000n)) : new Date(), durationSeconds: result?.duration ? Math.round(Number(result.duration / 1_000_000_000n)) : null },
          );
        break;
      }
      default: {
        // Failed, aborted or over a limit: the reason LiveKit gives is kept.
        const reason = `${EgressStatus[info.status] ?? info.status}: ${info.error || 'no reason given'}`;
        if (primary) await this.setStatus(recording, {}, { status: 'failed', failureReason: reason, endedAt: new Date() });
        else await repo.update({ id: recording.id }, { failureReason: `audio: ${reason}` });
      }
    }
  }

  /** Moves a recording (when `where` still holds) and tells the other features when its status changed. */
  private async setStatus(recording: Recording, where: FindOptionsWhere<Recording>, change: Partial<Recording> & { status: Recording['status'] }): Promise<void> {
    const updated = await this.dataSource.getRepository(Recording).update({ ...where, id: recording.id }, change);
    if (updated.affected && change.status !== recording.status)
      await this.domainEvents.publish('recording.changed', { sessionId: recording.sessionId, recordingId: recording.id, status: change.status });
  }

  /** Size and SHA-256 of a stored file, read through storage; null when it is not there. */
  private async checksum(key: string): Promise<{ size: number; sha256: string } | null> {
    const size = await this.storage.size(key);
    if (size === null) return null;
    const hash = createHash('sha256');
    for await (const chunk of await this.storage.read(key)) hash.update(chunk as Buffer);
    return { size, sha256: hash.digest('hex') };
  }
}

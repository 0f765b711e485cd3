import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, type RecordingAdminView } from '@amphi/contracts';
import { Recording, RecordingFile } from '../recording.entities';
import { RecordingsService } from '../recordings.service';
import { BackgroundJobs, JobFailure, type JobContext } from '../../jobs/background-jobs.service';
import { STORAGE, type Storage } from '../../storage/storage';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Event } from '../../events/event.entity';
import { Conflict } from '../../common/domain-errors';
import { makePodcastAudio, probe, type MediaTools } from './ffmpeg';

export const PODCAST_AUDIO_JOB = 'podcast_audio';
export const TRANSCRIPT_JOB = 'transcript';

/** Where a recording's podcast file is kept (the shared protocol of issue 15). */
export function podcastKey(eventId: string, recordingId: string): string {
  return `recordings/${eventId}/${recordingId}/podcast.mp3`;
}

/**
 * The 'podcast_audio' job: from a recording's source file (its audio when there is one, else its
 * video), the podcast file — probed, MP3, loudness-normalised — stored beside it as the recording's
 * 'podcast' file; then the transcript is queued. Files go through a temporary folder as streams
 * (an hour of video is never held in memory), which is removed whatever happens.
 */
@Injectable()
export class PodcastAudioJob {
  private readonly logger = new Logger('PodcastAudio');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: BackgroundJobs,
    private readonly recordings: RecordingsService,
  ) {}

  private get tools(): MediaTools {
    return { ffmpegPath: this.config.media.ffmpegPath, ffprobePath: this.config.media.ffprobePath };
  }

  /** Organisers: make the podcast file again (after installing ffmpeg, or a failure); a job already running is left to finish. */
  async requeue(event: Event, recordingId: string): Promise<RecordingAdminView> {
    const recording = await this.recordings.requireOf(event, recordingId);
    if (!sourceOf(recording)) throw new Conflict(ErrorCode.RecordingNotComplete, { status: recording.status });
    await this.jobs.enqueue(PODCAST_AUDIO_JOB, recording.id);
    this.jobs.kick();
    return this.recordings.adminView(event, recording.id);
  }

  /**
   * The temporary folders that processes killed in the middle of a job left behind (a SIGKILL runs no
   * `finally`): each folder is named after its process, and only those of processes that no longer
   * exist are removed, so that other workers on the same machine keep theirs. (Processes must see each
   * other's pids: containers each have their own /tmp, which is what docker-compose's workers do.)
   */
  async sweepLeftovers(): Promise<void> {
    const names = await readdir(tmpdir()).catch(() => [] as string[]);
    for (const name of names) {
      const pid = Number(/^amphi-media-(\d+)-/.exec(name)?.[1]);
      if (!pid || pid === process.pid || isAlive(pid)) continue;
      await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
      this.logger.log(`removed ${name}, left by process ${pid} (stopped in the middle of a job)`);
    }
  }

  async run(recordingId: string, { signal }: JobContext): Promise<void> {
    const recording = await this.dataSource.getRepository(Recording).findOne({ where: { id: recordingId }, relations: { files: true } });
    if (!recording) return; // deleted since it was queued: nothing to do
    const source = sourceOf(recording);
    if (!source) throw new JobFailure('failed', 'the recording has no audio or video file (yet)', false);
    const dir = await mkdtemp(join(tmpdir(), `${TEMPORARY_PREFIX}${process.pid}-`));
    try {
      const input = join(dir, 'source');
      const output = join(dir, 'podcast.mp3');
      await pipeline(await this.storage.read(source.storageKey), createWriteStream(input), { signal });
      const probed = await probe(input, this.tools, signal);
      // Its loudness is measured on the podcast file itself (what listeners hear), by ffmpeg's EBU R128 meter.
      const { outputLufs: loudness } = await makePodcastAudio(input, output, probed, this.tools, { bitrateKbps: this.config.media.podcastBitrateKbps, loudnessLufs: this.config.media.podcastLoudnessLufs, signal });
      // A source without a duration in its header (a browser's WebM) takes the podcast file's.
      if (!probed.durationSeconds) probed.durationSeconds = (await probe(output, this.tools, signal)).durationSeconds;
      signal.throwIfAborted();
      const key = podcastKey(recording.eventId, recording.id);
      const stored = await this.storage.put(key, createReadStream(output));
      const replaced = await this.dataSource.transaction(async (manager) => {
        // Locked, so that a deletion either happened before (and the file just written is removed
        // below) or waits until the podcast file is listed (and deletes it with the others).
        const [still] = (await manager.query(`SELECT id FROM recording WHERE id = $1 FOR UPDATE`, [recording.id])) as Array<{ id: string }>;
        if (!still) return null;
        const files = manager.getRepository(RecordingFile);
        const previous = await files.findBy({ recordingId: recording.id, kind: 'podcast' });
        if (previous.length) await files.delete(previous.map((f) => f.id));
        await files.save(files.create({ recordingId: recording.id, kind: 'podcast', storageKey: stored.key, contentType: 'audio/mpeg', size: stored.size, sha256: stored.sha256 }));
        await manager.getRepository(Recording).update({ id: recording.id }, { probe: probed, durationSeconds: Math.max(1, Math.round(probed.durationSeconds)), loudnessLufs: loudness });
        await this.jobs.enqueue(TRANSCRIPT_JOB, recording.id, manager);
        return previous;
      });
      if (replaced === null) {
        // Deleted while it was being processed: leave nothing behind in storage.
        await this.storage.delete(stored.key).catch(() => undefined);
        this.logger.log(`recording ${recording.id} was deleted meanwhile; its podcast file is removed`);
        return;
      }
      for (const old of replaced) if (old.storageKey !== stored.key) await this.storage.delete(old.storageKey).catch(() => undefined);
      this.jobs.kick();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

const TEMPORARY_PREFIX = 'amphi-media-';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
}

/** The file the podcast is made from: the audio-only recording when there is one (smaller, the same sound), else the video. */
function sourceOf(recording: Recording): RecordingFile | undefined {
  const files = recording.files ?? [];
  return files.find((f) => f.kind === 'audio') ?? files.find((f) => f.kind === 'video');
}

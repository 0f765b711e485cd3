import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaJobKind } from '@amphi/contracts';
import { Recording, type RecordingFile } from '../recording.entities';
import { JobFailure, type JobContext } from '../../jobs/background-jobs.service';
import { STORAGE, type Storage } from '../../storage/storage';
import { TRANSCRIBER, type Transcriber } from './transcriber';

export const TRANSCRIPT_JOB: MediaJobKind = 'transcript';

/**
 * The 'transcript' job (queued by podcast_audio once the podcast file is made): the recording's
 * podcast file is copied from storage to a temporary file, transcribed in the recording's language,
 * and the transcript is stored — unless an organiser corrected it (edited_at set), which no machine
 * overwrites. The temporary folder is removed whatever happens.
 */
@Injectable()
export class TranscriptJob {
  private readonly logger = new Logger('Transcript');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(TRANSCRIBER) private readonly transcriber: Transcriber,
  ) {}

  async run(recordingId: string, { signal }: JobContext): Promise<void> {
    const recording = await this.dataSource.getRepository(Recording).findOne({ where: { id: recordingId }, relations: { files: true } });
    if (!recording) return; // deleted since it was queued
    const source = audioOf(recording);
    if (!source) throw new JobFailure('no_audio', 'the recording has no podcast audio (nor any audio or video file) to transcribe', false);
    const edited = await this.isEdited(recording.id);
    if (edited) {
      this.logger.log(`recording ${recording.id}: its transcript was corrected by an organiser; it is kept as it is`);
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'amphi-transcript-'));
    try {
      const audio = join(dir, source.kind === 'podcast' ? 'podcast.mp3' : 'source');
      await pipeline(await this.storage.read(source.storageKey), createWriteStream(audio), { signal });
      const started = Date.now();
      // A transcriber that hangs would hold the worker for ever (its heartbeat goes on): it is stopped
      // after three times the recording's duration (the transcriber runs at about a tenth), 15 minutes at least.
      const limitMs = Math.max(15 * 60, 3 * (recording.durationSeconds ?? 0)) * 1000;
      const deadline = AbortSignal.timeout(limitMs);
      let result;
      try {
        result = await this.transcriber.transcribe(audio, recording.language, AbortSignal.any([signal, deadline]));
      } catch (error) {
        if (deadline.aborted && !signal.aborted) throw new JobFailure('failed', `the transcriber did not finish within ${Math.round(limitMs / 60_000)} minutes; it was stopped`, true);
        throw error;
      }
      signal.throwIfAborted();
      // One statement: a correction saved while the transcriber worked wins (the row is left alone).
      await this.dataSource.query(
        `INSERT INTO recording_transcript (recording_id, language, engine, segments)
         SELECT $1, $2, $3, $4::jsonb WHERE EXISTS (SELECT 1 FROM recording WHERE id = $1)
         ON CONFLICT (recording_id) DO UPDATE SET language = EXCLUDED.language, engine = EXCLUDED.engine, segments = EXCLUDED.segments, updated_at = now()
         WHERE recording_transcript.edited_at IS NULL`,
        [recording.id, recording.language, result.engine, JSON.stringify(result.segments)],
      );
      this.logger.log(`recording ${recording.id}: ${result.segments.length} lines transcribed (${recording.language}) in ${((Date.now() - started) / 1000).toFixed(1)} s by ${result.engine}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async isEdited(recordingId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM recording_transcript WHERE recording_id = $1 AND edited_at IS NOT NULL`, [recordingId])) as unknown[];
    return rows.length > 0;
  }
}

/** What is transcribed: the podcast file (made for listening, small), else the original audio, else the video. */
function audioOf(recording: Recording): RecordingFile | undefined {
  const files = recording.files ?? [];
  return files.find((f) => f.kind === 'podcast') ?? files.find((f) => f.kind === 'audio') ?? files.find((f) => f.kind === 'video');
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode, type ErrorDetails, type TranscriptUpdateInput, type TranscriptView } from '@amphi/contracts';
import { RecordingTranscript, type Recording } from '../recording.entities';
import { RecordingsService } from '../recordings.service';
import { BackgroundJobs } from '../../jobs/background-jobs.service';
import type { Event } from '../../events/event.entity';
import { Conflict } from '../../common/domain-errors';
import { toZonedIso } from '../../programme/zoned-time';
import { TRANSCRIPT_JOB } from './transcript.job';

/** The engine named on a transcript an organiser typed where the machine had made none. */
export const TYPED_BY_ORGANISER = 'typed by an organiser';

/**
 * Recordings' transcripts: read by organisers (any of their event's recordings) and visitors (published
 * recordings only: the controller asks RecordingsService.requirePublished), corrected by organisers.
 * A corrected transcript (edited_at set) is never overwritten by the transcript job.
 */
@Injectable()
export class TranscriptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recordings: RecordingsService,
    private readonly jobs: BackgroundJobs,
  ) {}

  private get transcripts() {
    return this.dataSource.getRepository(RecordingTranscript);
  }

  /** The transcript of one of the event's recordings, or 409 TRANSCRIPT_NOT_READY with the state of its making. */
  async of(event: Event, recording: Recording): Promise<TranscriptView> {
    const row = await this.transcripts.findOneBy({ recordingId: recording.id });
    if (!row) throw new Conflict(ErrorCode.TranscriptNotReady, { status: await this.status(recording.id) });
    return view(row, event);
  }

  /** Organisers: the whole transcript as corrected (or typed, when there was none); the job will not overwrite it. */
  async update(event: Event, recording: Recording, input: TranscriptUpdateInput, organiserId: string): Promise<TranscriptView> {
    await this.dataSource.query(
      `INSERT INTO recording_transcript (recording_id, language, engine, segments, edited_at, edited_by)
       VALUES ($1, $2, $3, $4::jsonb, now(), $5)
       ON CONFLICT (recording_id) DO UPDATE SET segments = EXCLUDED.segments, edited_at = now(), edited_by = EXCLUDED.edited_by, updated_at = now()`,
      [recording.id, recording.language, TYPED_BY_ORGANISER, JSON.stringify(input.segments.map((s) => ({ start: s.start, end: s.end, text: s.text }))), organiserId],
    );
    return this.of(event, recording);
  }

  /**
   * Why there is no transcript yet: its job's state, or the podcast audio's while that comes first
   * (the transcript is queued when it is done); 'none' when nothing is on its way.
   */
  private async status(recordingId: string): Promise<ErrorDetails['TRANSCRIPT_NOT_READY']['status']> {
    const jobs = await this.jobs.of([recordingId]);
    const transcript = jobs.find((j) => j.kind === TRANSCRIPT_JOB);
    if (transcript && transcript.status !== 'done') return transcript.status;
    const audio = jobs.find((j) => j.kind === 'podcast_audio');
    if (!transcript && audio && audio.status !== 'done') return audio.status;
    return 'none';
  }
}

function view(row: RecordingTranscript, event: Event): TranscriptView {
  return {
    recordingId: row.recordingId,
    language: row.language,
    engine: row.engine,
    segments: row.segments,
    editedAt: row.editedAt ? toZonedIso(row.editedAt, event.timeZone) : null,
    createdAt: toZonedIso(row.createdAt, event.timeZone),
  };
}

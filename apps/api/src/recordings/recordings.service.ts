import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type RecordingBlocker,
  ErrorCode,
  type ChapterView,
  type ConsentDecision,
  type RecordingAdminView,
  type RecordingMetadataInput,
  type RecordingView,
  type SessionView,
  type TranscriptLinks,
  type MediaJobView,
  type MediaJobKind,
  type MediaJobError,
  MEDIA_JOB_ERRORS,
} from '@amphi/contracts';
import { Recording, RecordingConsent, RecordingFile, RecordingTranscript } from './recording.entities';
import { BackgroundJobs } from '../jobs/background-jobs.service';
import type { BackgroundJob } from '../jobs/background-job.entity';
import { sniffMedia } from './media-sniffer';
import { STORAGE, type Storage } from '../storage/storage';
import { SessionsService } from '../programme/sessions.service';
import { QaService } from '../qa/qa.service';
import type { Event } from '../events/event.entity';
import { Conflict, DomainError, Forbidden, NotFound } from '../common/domain-errors';
import { isUuid } from '../common/ids';
import { toZonedIso } from '../programme/zoned-time';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** 409 listing why a recording cannot be published yet. */
/** 409: consents are missing (or there is no file yet); the details name who, for the organiser's page to say it. */
export class NotPublishable extends DomainError<typeof ErrorCode.RecordingNotPublishable> {
  constructor(view: RecordingAdminView) {
    super(409, ErrorCode.RecordingNotPublishable, {
      hasFiles: view.files.length > 0,
      missingConsents: view.consentException ? [] : view.consents.filter((c) => c.decision !== 'granted').map((c) => ({ personId: c.personId, name: c.name, decision: c.decision })),
    });
  }
}

/**
 * Recordings: their files in storage, their chapters, the speakers' consent and publication.
 * An unpublished recording does not exist for visitors (404): callers ask `requireVisible`.
 */
@Injectable()
export class RecordingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: Storage,
    private readonly sessions: SessionsService,
    private readonly qa: QaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: BackgroundJobs,
  ) {}

  private get recordings() {
    return this.dataSource.getRepository(Recording);
  }

  // --- making recordings ------------------------------------------------------------

  /** A new recording of a session, titled after it; files come later (egress) or now (upload). */
  async create(event: Event, session: SessionView, source: Recording['source'], status: Recording['status'], extra: Partial<Recording> = {}): Promise<Recording> {
    return this.recordings.save(
      this.recordings.create({
        eventId: event.id,
        sessionId: session.id,
        source,
        status,
        title: session.title,
        description: session.description,
        language: session.language ?? event.mainLanguage,
        ...extra,
      }),
    );
  }

  /**
   * An organiser's upload of a recording made elsewhere: streamed to storage within the size limit,
   * its type read from its first bytes (the name and the declared type are not trusted).
   */
  async upload(event: Event, sessionId: string, body: Readable, declaredLength: number | undefined): Promise<RecordingAdminView> {
    const session = await this.sessions.get(event, sessionId);
    const max = this.config.recordings.maxUploadBytes;
    if (declaredLength !== undefined && declaredLength > max)
      throw new DomainError(413, ErrorCode.PayloadTooLarge, { maxMegabytes: Math.round(max / 1024 / 1024), actualMegabytes: Math.ceil(declaredLength / 1024 / 1024) });
    const id = randomUUID();
    const sniffer = sniffMedia(max);
    const key = `recordings/${event.id}/${id}/upload`;
    let stored;
    try {
      stored = await this.storage.put(key, body.pipe(sniffer.stream));
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw sniffer.error ?? error;
    }
    const media = sniffer.result!;
    const recording = await this.dataSource.transaction(async (manager) => {
      const recording = await manager.getRepository(Recording).save(
        manager.getRepository(Recording).create({
          id,
          eventId: event.id,
          sessionId: session.id,
          source: 'upload',
          status: 'complete',
          title: session.title,
          description: session.description,
          language: session.language ?? event.mainLanguage,
          startedAt: new Date(session.startsAt), // assumed to start with the session; chapters follow from it
        }),
      );
      await manager.getRepository(RecordingFile).save({ recordingId: recording.id, kind: media.kind, storageKey: stored.key, contentType: media.mime, size: stored.size, sha256: stored.sha256 });
      // The podcast file is made from it in the background (media/podcast-audio.job.ts): queued with the recording, or not at all.
      await this.jobs.enqueue('podcast_audio', recording.id, manager);
      return recording;
    });
    this.jobs.kick();
    return this.adminView(event, recording.id);
  }

  /** Files produced elsewhere (egress) and already in storage. */
  async attachFile(recordingId: string, file: Omit<RecordingFile, 'id' | 'recordingId' | 'createdAt' | 'recording'>): Promise<void> {
    await this.dataSource.getRepository(RecordingFile).save({ recordingId, ...file });
  }

  // --- organisers -----------------------------------------------------------------------

  async list(event: Event, sessionId?: string): Promise<RecordingAdminView[]> {
    const rows = await this.recordings.find({ where: { eventId: event.id, ...(sessionId ? { sessionId } : {}) }, order: { createdAt: 'ASC' } });
    return Promise.all(rows.map((r) => this.adminView(event, r.id)));
  }

  async requireOf(event: Event, recordingId: string): Promise<Recording> {
    const recording = isUuid(recordingId) ? await this.recordings.findOne({ where: { id: recordingId, eventId: event.id }, relations: { files: true } }) : null;
    if (!recording) throw new NotFound('recording');
    return recording;
  }

  async update(event: Event, recordingId: string, input: RecordingMetadataInput & { durationSeconds?: number }): Promise<RecordingAdminView> {
    const recording = await this.requireOf(event, recordingId);
    // An empty PATCH changes nothing and answers the recording, as every PATCH of the API does
    // (TypeORM refuses an UPDATE without values: UpdateValuesMissingError, a 500).
    if (Object.values(input).some((value) => value !== undefined)) await this.recordings.update({ id: recording.id }, input);
    return this.adminView(event, recording.id);
  }

  async publish(event: Event, recordingId: string): Promise<RecordingAdminView> {
    const view = await this.adminView(event, recordingId);
    // Said first and on its own: a recording that failed or is still running has nothing to publish, whatever the consents.
    if (view.status !== 'complete')
      throw new Conflict(ErrorCode.RecordingNotComplete, { status: view.status });
    if (!view.publishable) throw new NotPublishable(view);
    await this.recordings.update({ id: recordingId, publishedAt: IsNull() }, { publishedAt: new Date() });
    return this.adminView(event, recordingId);
  }

  async retract(event: Event, recordingId: string): Promise<RecordingAdminView> {
    await this.requireOf(event, recordingId);
    await this.recordings.update({ id: recordingId }, { publishedAt: null });
    return this.adminView(event, recordingId);
  }

  async recordException(event: Event, recordingId: string, reason: string, by: string): Promise<RecordingAdminView> {
    await this.requireOf(event, recordingId);
    await this.recordings.update({ id: recordingId }, { consentExceptionReason: reason, consentExceptionBy: by, consentExceptionAt: new Date() });
    return this.adminView(event, recordingId);
  }

  /** Deleting a recording removes its files from storage first: nothing is left behind. */
  async remove(event: Event, recordingId: string): Promise<void> {
    const recording = await this.requireOf(event, recordingId);
    for (const file of recording.files ?? []) await this.storage.delete(file.storageKey);
    await this.recordings.delete({ id: recording.id });
  }

  // --- speakers' consent ---------------------------------------------------------------------

  /** The recordings in which this person speaks, with the state of their consent. */
  async ofSpeaker(event: Event, personId: string): Promise<RecordingAdminView[]> {
    const programme = await this.sessions.list(event);
    const theirs = programme.filter((s) => speakersOf(s).some((p) => p.id === personId)).map((s) => s.id);
    if (!theirs.length) return [];
    const rows = await this.recordings.find({ where: { eventId: event.id, sessionId: In(theirs) }, order: { createdAt: 'ASC' } });
    return Promise.all(rows.map((r) => this.adminView(event, r.id)));
  }

  /** For the organiser's people page (issue 13): per speaker, how many of the recordings they speak in they consented to, refused, or not decided yet. */
  async consentSummary(event: Event): Promise<Map<string, { granted: number; refused: number; pending: number }>> {
    const summary = new Map<string, { granted: number; refused: number; pending: number }>();
    const rows = await this.recordings.find({ where: { eventId: event.id }, select: { id: true, sessionId: true } });
    if (!rows.length) return summary;
    const programme = new Map((await this.sessions.list(event)).map((s) => [s.id, s]));
    const decided = await this.dataSource.getRepository(RecordingConsent).findBy({ recordingId: In(rows.map((r) => r.id)) });
    const decisionOf = new Map(decided.map((d) => [`${d.recordingId}:${d.personId}`, d.decision]));
    for (const recording of rows) {
      const session = recording.sessionId ? programme.get(recording.sessionId) : undefined;
      for (const speaker of session ? speakersOf(session) : []) {
        const counts = summary.get(speaker.id) ?? { granted: 0, refused: 0, pending: 0 };
        counts[decisionOf.get(`${recording.id}:${speaker.id}`) ?? 'pending']++;
        summary.set(speaker.id, counts);
      }
    }
    return summary;
  }

  /** A speaker consents or refuses; a refusal takes a published recording down, unless an organiser recorded an exception. */
  async decide(event: Event, personId: string | null, recordingId: string, decision: Exclude<ConsentDecision, 'pending'>): Promise<RecordingAdminView> {
    if (!personId) throw new Forbidden(ErrorCode.RecordingSpeakersOnly);
    const recording = await this.requireOf(event, recordingId);
    const session = await this.sessions.get(event, recording.sessionId);
    if (!speakersOf(session).some((p) => p.id === personId)) throw new Forbidden(ErrorCode.RecordingSpeakersOnly);
    await this.dataSource.transaction(async (manager) => {
      await manager.createQueryBuilder().insert().into(RecordingConsent).values({ recordingId, personId, decision, decidedAt: new Date() }).orUpdate(['decision', 'decided_at'], ['recording_id', 'person_id']).execute();
      if (decision === 'refused' && !recording.consentExceptionReason) await manager.getRepository(Recording).update({ id: recordingId }, { publishedAt: null });
    });
    return this.adminView(event, recordingId);
  }

  // --- visitors ------------------------------------------------------------------------------

  async published(event: Event, filter: { personId?: string } = {}): Promise<RecordingView[]> {
    const rows = await this.recordings.find({ where: { eventId: event.id, publishedAt: Not(IsNull()) }, order: { publishedAt: 'DESC' } });
    const views = await Promise.all(rows.map(async (r) => ({ row: r, view: await this.publicView(event, r.id) })));
    if (!filter.personId) return views.map((v) => v.view);
    const programme = await this.sessions.list(event);
    const theirs = new Set(programme.filter((s) => speakersOf(s).some((p) => p.id === filter.personId) || s.chairs.some((p) => p.id === filter.personId)).map((s) => s.id));
    return views.filter((v) => theirs.has(v.row.sessionId)).map((v) => v.view);
  }

  /** A published recording; anything else is 404 for a visitor, whether it exists or not. */
  async requirePublished(event: Event, recordingId: string): Promise<Recording> {
    const recording = await this.requireOf(event, recordingId).catch(() => null);
    if (!recording?.publishedAt) throw new NotFound('recording');
    return recording;
  }

  async publicView(event: Event, recordingId: string): Promise<RecordingView> {
    const { consents: _c, consentException: _e, publishable: _p, blockers: _b, ...view } = await this.adminView(event, recordingId);
    return view;
  }

  async openFile(recording: Recording, fileId: string): Promise<RecordingFile> {
    const file = (recording.files ?? []).find((f) => f.id === fileId);
    if (!file) throw new NotFound('file');
    return file;
  }

  read(file: RecordingFile, range?: { start: number; end: number }): Promise<Readable> {
    return this.storage.read(file.storageKey, range);
  }

  // --- views ---------------------------------------------------------------------------------

  async adminView(event: Event, recordingId: string): Promise<RecordingAdminView> {
    const recording = await this.requireOf(event, recordingId);
    const session = await this.sessions.get(event, recording.sessionId);
    const decided = await this.dataSource.getRepository(RecordingConsent).findBy({ recordingId });
    const consents = speakersOf(session).map((p) => {
      const row = decided.find((d) => d.personId === p.id);
      return { personId: p.id, name: p.name, decision: (row?.decision ?? 'pending') as ConsentDecision, decidedAt: row ? toZonedIso(row.decidedAt, event.timeZone) : null };
    });
    const blockers: RecordingBlocker[] = [];
    if (recording.status !== 'complete') blockers.push({ kind: 'not_complete', status: recording.status });
    if (!(recording.files ?? []).length) blockers.push({ kind: 'no_files' });
    if (!recording.consentExceptionReason) {
      const missing = consents.filter((c) => c.decision !== 'granted');
      if (missing.length) blockers.push({ kind: 'missing_consents', people: missing.map(({ personId, name, decision }) => ({ personId, name, decision })) });
    }
    const zoned = (d: Date | null) => (d ? toZonedIso(d, event.timeZone) : null);
    return {
      id: recording.id,
      eventId: recording.eventId,
      sessionId: recording.sessionId,
      source: recording.source,
      status: recording.status,
      failureReason: recording.failureReason,
      title: recording.title,
      description: recording.description,
      language: recording.language,
      licence: recording.licence,
      durationSeconds: recording.durationSeconds,
      startedAt: zoned(recording.startedAt),
      endedAt: zoned(recording.endedAt),
      files: (recording.files ?? []).map((f) => ({ id: f.id, kind: f.kind, contentType: f.contentType, size: f.size, sha256: f.sha256, url: `/api/public/events/${event.slug}/recordings/${recording.id}/files/${f.id}` })),
      chapters: await this.chapters(event, session, recording),
      probe: recording.probe,
      loudnessLufs: recording.loudnessLufs,
      transcript: await this.transcriptLinks(event, recording),
      jobs: (await this.jobs.of([recording.id])).map(jobView),
      published: recording.publishedAt !== null,
      publishedAt: zoned(recording.publishedAt),
      createdAt: toZonedIso(recording.createdAt, event.timeZone),
      consents,
      consentException: recording.consentExceptionReason ? { reason: recording.consentExceptionReason, by: recording.consentExceptionBy!, at: toZonedIso(recording.consentExceptionAt!, event.timeZone) } : null,
      publishable: blockers.length === 0,
      blockers,
    };
  }

  /** Where the transcript is read, once there is one: the public routes once published, the organisers' before. */
  private async transcriptLinks(event: Event, recording: Recording): Promise<TranscriptLinks | null> {
    const transcript = await this.dataSource.getRepository(RecordingTranscript).findOne({ where: { recordingId: recording.id }, select: { recordingId: true, language: true, editedAt: true } });
    if (!transcript) return null;
    const base = recording.publishedAt ? `/api/public/events/${event.slug}/recordings/${recording.id}/transcript` : `/api/events/${event.id}/recordings/${recording.id}/transcript`;
    return { language: transcript.language, json: `${base}.json`, vtt: `${base}.vtt`, text: `${base}.txt`, edited: transcript.editedAt !== null };
  }

  /**
   * Chapters from the programme (each talk at its planned place) and from the questions marked
   * answered during the session (at the time they were), measured from the recording's start.
   */
  private async chapters(event: Event, session: SessionView, recording: Recording): Promise<ChapterView[]> {
    if (!recording.startedAt) return [];
    const origin = recording.startedAt.getTime();
    const inside = (seconds: number) => seconds >= 0 && (recording.durationSeconds === null || seconds <= recording.durationSeconds);
    const chapters: ChapterView[] = [];
    let talkStart = new Date(session.startsAt).getTime();
    for (const talk of [...session.talks].sort((a, b) => a.position - b.position)) {
      const seconds = Math.max(0, Math.round((talkStart - origin) / 1000));
      // The talk's title in every language it has: each reader picks theirs (the web app, the podcast's chapters).
      if (inside(seconds)) chapters.push({ startSeconds: seconds, title: talk.title, kind: 'talk' });
      talkStart += talk.plannedMinutes * 60_000;
    }
    for (const q of await this.qa.exportRows(session.id)) {
      if (q.state !== 'answered' || !q.answeredAt) continue;
      const seconds = Math.round((Date.parse(q.answeredAt) - origin) / 1000);
      // A question is shown as asked, in one language only: the session's, the one it was most likely asked in.
      // No "Q:" here: the kind says it is a question, and each reader words that in their own language.
      if (inside(seconds)) chapters.push({ startSeconds: seconds, title: { [session.language]: q.text.length > 80 ? `${q.text.slice(0, 79)}…` : q.text }, kind: 'question' });
    }
    return chapters.sort((a, b) => a.startSeconds - b.startSeconds);
  }
}

/** A background job as organisers see it. */
function jobView(job: BackgroundJob): MediaJobView {
  return {
    kind: job.kind as MediaJobKind,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    error: job.errorCode ? { code: ((MEDIA_JOB_ERRORS as readonly string[]).includes(job.errorCode) ? job.errorCode : 'failed') as MediaJobError, detail: job.errorDetail } : null,
    updatedAt: job.updatedAt.toISOString(),
  };
}

/** Those whose consent a recording needs: the session's speakers and panelists. */
export function speakersOf(session: SessionView) {
  const people = [...session.talks.flatMap((t) => t.speakers), ...session.panelists];
  return [...new Map(people.map((p) => [p.id, p])).values()];
}


import { z } from 'zod';
import { languageSchema, localizedText, type Language, type LocalizedText } from './text';
import { emailSchema } from './accounts';

/**
 * Recordings of sessions: made by LiveKit Egress when the chair records, or uploaded by an
 * organiser; published only with every speaker's consent (or an organiser's recorded exception).
 */

/** Egress moves a recording through these; an upload is complete at once. */
export const RECORDING_STATUSES = ['starting', 'active', 'ending', 'complete', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];
export type RecordingSource = 'egress' | 'upload';
/**
 * 'video' and 'audio' are what egress wrote or the organiser uploaded, as they came; 'podcast' is the
 * audio made from them for listening (MP3, loudness-normalised), which the feed and the player use.
 */
export type RecordingFileKind = 'video' | 'audio' | 'podcast';
export type ConsentDecision = 'pending' | 'granted' | 'refused';

/** Licences offered for published recordings (SPDX identifiers), "all-rights-reserved" otherwise. */
export const RECORDING_LICENCES = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-ND-4.0', 'CC-BY-ND-4.0', 'CC0-1.0', 'all-rights-reserved'] as const;
export type RecordingLicence = (typeof RECORDING_LICENCES)[number];

export interface RecordingFileView {
  id: string;
  kind: RecordingFileKind;
  contentType: string;
  size: number;
  sha256: string;
  /** Playback and download, with HTTP range requests. */
  url: string;
}

/** What a chapter marks: a code that readers translate (the web app: recordings.chapterKind.<kind>). */
export const CHAPTER_KINDS = ['talk', 'question'] as const;
export type ChapterKind = (typeof CHAPTER_KINDS)[number];

export interface ChapterView {
  /** Seconds from the start of the recording. */
  startSeconds: number;
  /**
   * A talk's title in the languages it was given in; a question's text as it was asked, under the
   * session's language (the language it was most likely asked in). Readers pick theirs, with the
   * event's main language as fallback; the kind is not part of the title.
   */
  title: LocalizedText;
  kind: ChapterKind;
}

export interface ConsentView {
  personId: string;
  name: string;
  decision: ConsentDecision;
  decidedAt: string | null;
}

/** What ffprobe read of a recording's original file. */
export interface MediaProbe {
  durationSeconds: number;
  /** ffprobe's format name, e.g. "wav", "mov,mp4,m4a,3gp,3g2,mj2", "ogg". */
  format: string;
  audioCodec: string | null;
  videoCodec: string | null;
  channels: number | null;
  sampleRate: number | null;
}

// --- Background work on recordings (a queue kept in PostgreSQL: apps/api/src/jobs) ------------------

/** What is done to every recording once its file is in: the podcast audio, then the transcript. */
export const MEDIA_JOB_KINDS = ['podcast_audio', 'transcript'] as const;
export type MediaJobKind = (typeof MEDIA_JOB_KINDS)[number];
export const MEDIA_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type MediaJobStatus = (typeof MEDIA_JOB_STATUSES)[number];
/**
 * Why a job failed, as a code the web app says in the reader's language (recordings.jobError.<code>):
 * a tool missing on the server (ffmpeg, the transcriber), a file that is not media it can read, or
 * anything else (the detail, in English, is for the administrator).
 */
export const MEDIA_JOB_ERRORS = ['ffmpeg_missing', 'transcriber_missing', 'unreadable_media', 'no_audio', 'failed'] as const;
export type MediaJobError = (typeof MEDIA_JOB_ERRORS)[number];

export interface MediaJobView {
  kind: MediaJobKind;
  status: MediaJobStatus;
  /** Attempts made so far, and how many are allowed before it stays failed. */
  attempts: number;
  maxAttempts: number;
  error: { code: MediaJobError; detail: string | null } | null;
  updatedAt: string;
}

// --- Transcripts ---------------------------------------------------------------------------------------

/** One line of a transcript: seconds from the start of the recording. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

export interface TranscriptView {
  recordingId: string;
  language: Language;
  /** What made it, e.g. "faster-whisper 1.2.1, Whisper base (CTranslate2, int8)". */
  engine: string;
  segments: TranscriptSegment[];
  /** Set once an organiser corrected it. */
  editedAt: string | null;
  createdAt: string;
}

/** Where a recording's transcript is read: the JSON, WebVTT captions (a <track>), plain text with times. */
export interface TranscriptLinks {
  language: Language;
  json: string;
  vtt: string;
  text: string;
  edited: boolean;
}

export const transcriptSegmentSchema = z
  .strictObject({
    start: z.number().min(0).max(7 * 24 * 3600),
    end: z.number().min(0).max(7 * 24 * 3600),
    text: z.string().trim().min(1).max(2000),
  })
  .refine((s) => s.end >= s.start, { message: 'ends before it starts', path: ['end'] });

/** An organiser's corrected transcript: every segment, in order. */
export const transcriptUpdateSchema = z.strictObject({
  segments: z
    .array(transcriptSegmentSchema)
    .min(1)
    .max(10_000)
    .refine((segments) => segments.every((s, i) => i === 0 || s.start >= segments[i - 1].start), { message: 'segments must be in the order they are spoken' }),
});
export type TranscriptUpdateInput = z.infer<typeof transcriptUpdateSchema>;

// --- The podcast ---------------------------------------------------------------------------------------

/** Apple Podcasts' categories Amphi offers (the feed's itunes:category, with a subcategory). */
export const PODCAST_CATEGORIES = ['Science', 'Science/Social Sciences', 'Science/Natural Sciences', 'Science/Life Sciences', 'Science/Earth Sciences', 'Science/Physics', 'Science/Chemistry', 'Science/Mathematics', 'Science/Astronomy', 'Education', 'Education/Courses', 'History', 'Society & Culture', 'Society & Culture/Philosophy', 'Arts', 'Arts/Books', 'Government', 'Health & Fitness/Medicine', 'Technology', 'News/Politics'] as const;
export type PodcastCategory = (typeof PODCAST_CATEGORIES)[number];

export const ARTWORK_MIN_PIXELS = 1400;
export const ARTWORK_MAX_PIXELS = 3000;

export interface PodcastSettingsView {
  /** itunes:owner: who directories contact about the podcast (defaults: the event's contact, else the organiser who made it). */
  ownerName: string;
  ownerEmail: string;
  /** itunes:author (default: the event's title). */
  author: string;
  categories: PodcastCategory[];
  explicit: boolean;
  artwork: { url: string; width: number; height: number; contentType: string; generated: boolean };
  /** Whether the organiser set each field, or it is the default shown. */
  defaults: { ownerName: boolean; ownerEmail: boolean; author: boolean };
}

export const podcastSettingsSchema = z.strictObject({
  ownerName: z.string().trim().min(1).max(200).nullable().optional(),
  ownerEmail: emailSchema.nullable().optional(),
  author: z.string().trim().min(1).max(200).nullable().optional(),
  categories: z.array(z.enum(PODCAST_CATEGORIES)).min(1).max(3).optional(),
  explicit: z.boolean().optional(),
});
export type PodcastSettingsInput = z.infer<typeof podcastSettingsSchema>;

/** The public subscribe page's facts. */
export interface PodcastView {
  title: string;
  description: string;
  language: Language;
  feedUrl: string;
  artworkUrl: string;
  author: string;
  episodes: number;
}

export interface RecordingView {
  id: string;
  eventId: string;
  sessionId: string;
  source: RecordingSource;
  status: RecordingStatus;
  failureReason: string | null;
  title: LocalizedText;
  description: LocalizedText | null;
  language: Language;
  licence: RecordingLicence;
  durationSeconds: number | null;
  startedAt: string | null;
  endedAt: string | null;
  files: RecordingFileView[];
  chapters: ChapterView[];
  /** What ffprobe read of the original file; null until it is probed. */
  probe: MediaProbe | null;
  /** Integrated loudness of the podcast file (LUFS, measured by ffmpeg's EBU R128 filter), once made. */
  loudnessLufs: number | null;
  /** The transcript's addresses once there is one (public routes for a published recording, organiser routes otherwise). */
  transcript: TranscriptLinks | null;
  published: boolean;
  publishedAt: string | null;
  createdAt: string;
}

/** What organisers (and the speakers themselves) see in addition. */
export interface RecordingAdminView extends RecordingView {
  /** The background work on it (podcast audio, transcript): state, attempts, why it failed. */
  jobs: MediaJobView[];
  consents: ConsentView[];
  consentException: { reason: string; by: string; at: string } | null;
  /** Every speaker consented, or an exception is recorded, and the recording is complete. */
  publishable: boolean;
  /** Why it cannot be published yet, when it cannot: facts, which the web app says in the reader's language. */
  blockers: RecordingBlocker[];
}

/** One reason a recording cannot be published yet (the catalogue's recordingBlocker.<kind> says it). */
export type RecordingBlocker =
  | { kind: 'not_complete'; status: RecordingStatus }
  | { kind: 'no_files' }
  | { kind: 'missing_consents'; people: Array<{ personId: string; name: string; decision: ConsentDecision }> };

export const recordingMetadataSchema = z.strictObject({
  title: localizedText(300).optional(),
  description: localizedText(5000).nullable().optional(),
  language: languageSchema.optional(),
  licence: z.enum(RECORDING_LICENCES).optional(),
});
export type RecordingMetadataInput = z.infer<typeof recordingMetadataSchema>;

export const consentSchema = z.strictObject({ decision: z.enum(['granted', 'refused']) });
export type ConsentInput = z.infer<typeof consentSchema>;

export const consentExceptionSchema = z.strictObject({ reason: z.string().trim().min(10, 'say why, in a sentence (10 characters at least)').max(1000) });
export type ConsentExceptionInput = z.infer<typeof consentExceptionSchema>;

export const startRecordingSchema = z.strictObject({
  /** Also record an audio-only file, for the podcast (default true). */
  audio: z.boolean().default(true),
});

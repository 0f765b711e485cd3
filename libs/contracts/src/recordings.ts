import { z } from 'zod';
import { languageSchema, localizedText, type Language, type LocalizedText } from './text';

/**
 * Recordings of sessions: made by LiveKit Egress when the chair records, or uploaded by an
 * organiser; published only with every speaker's consent (or an organiser's recorded exception).
 */

/** Egress moves a recording through these; an upload is complete at once. */
export const RECORDING_STATUSES = ['starting', 'active', 'ending', 'complete', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];
export type RecordingSource = 'egress' | 'upload';
export type RecordingFileKind = 'video' | 'audio';
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
  published: boolean;
  publishedAt: string | null;
  createdAt: string;
}

/** What organisers (and the speakers themselves) see in addition. */
export interface RecordingAdminView extends RecordingView {
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

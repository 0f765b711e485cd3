/**
 * One error body for HTTP responses and socket acks alike:
 * `{ statusCode, code, message, fields?, details? }`.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedRequest: 'MALFORMED_REQUEST',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  ProgrammeConflict: 'PROGRAMME_CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  Unavailable: 'UNAVAILABLE',
  UnsupportedMedia: 'UNSUPPORTED_MEDIA',
  Internal: 'INTERNAL',
  // The live session: precise codes, so that the web app says it in the reader's language.
  /** The live room (or the Q&A) is not open yet; details: { opensAt } (ISO-8601 with offset). */
  LiveNotOpen: 'LIVE_NOT_OPEN',
  /** The session has ended; details: { endedAt?, reopenableUntil? }. */
  LiveEnded: 'LIVE_ENDED',
  /** The chair removed this person from the session; details: { reason? }. */
  RemovedFromSession: 'REMOVED_FROM_SESSION',
  /** No role in this session (not registered, waiting list, cancelled, another event's session). details: { reason } */
  NoSessionRole: 'NO_SESSION_ROLE',
  /** The role has no such right here (an attendee moderating, a speaker recording...). details: { capability } */
  NotAllowed: 'NOT_ALLOWED',
  /** Questions are closed (before the window, or after the session); details: { opensAt, closesAt }. */
  QaClosed: 'QA_CLOSED',
  /** Recording is impossible now: no egress worker answers, or none is configured. */
  RecordingUnavailable: 'RECORDING_UNAVAILABLE',
  /** Ended too long ago to reopen; details: { reopenableUntil }. */
  ReopenWindowPassed: 'REOPEN_WINDOW_PASSED',
  /** This server is restarting: reconnect (another process takes over). */
  Draining: 'DRAINING',
  /** Too many people are joining at once: try again after details.retryAfterSeconds (randomised by the client). */
  Busy: 'BUSY',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** One message per invalid input field, keyed by its path (`talks.0.plannedMinutes`). */
  fields?: Record<string, string>;
  /** Structured details, e.g. the list of programme conflicts. */
  details?: unknown;
}

export type ProgrammeConflictKind =
  | 'outside_event_dates'
  | 'stage_overlap'
  | 'person_overlap'
  | 'talks_exceed_session';

export interface ProgrammeConflict {
  kind: ProgrammeConflictKind;
  message: string;
  /** The session being written (absent when it is not saved yet). */
  sessionId?: string;
  /** The existing session it collides with. */
  otherSessionId?: string;
  personId?: string;
  stage?: string;
}

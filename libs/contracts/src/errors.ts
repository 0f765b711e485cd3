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

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

/**
 * What is wrong with one input field, for machines: the web app writes its own text from `code`
 * and `params` (in the reader's language, with the field's label instead of its path). The API's
 * `fields` map says the same thing in the request's language, for people reading the raw answer.
 */
export interface FieldIssue {
  /** Where the field is in the input: ['talks', 0, 'title', 'en']. Empty for the body itself. */
  path: Array<string | number>;
  code: FieldIssueCode;
  /** What the text needs: { minimum }, { maximum }, { format }, { options }, { expected }, { min, max }... */
  params?: Record<string, string | number | boolean | Array<string | number>>;
}

/** Field issue codes: zod's own issue kinds, told apart where a person would be told something different. */
export const FieldIssueCode = {
  Required: 'required',
  UnknownField: 'unknown_field',
  /** Wrong JSON type; params.expected: 'string' | 'number' | 'boolean' | 'array' | 'object'... */
  InvalidType: 'invalid_type',
  /** Text too short; params.minimum (characters). */
  TooShort: 'too_short',
  /** Text too long; params.maximum (characters) or params.maximumWords. */
  TooLong: 'too_long',
  /** Number too small / too big; params.minimum / params.maximum. */
  TooSmall: 'too_small',
  TooBig: 'too_big',
  /** Too few / too many items in a list; params.minimum / params.maximum. */
  TooFewItems: 'too_few_items',
  TooManyItems: 'too_many_items',
  /** Not a whole number. */
  NotInteger: 'not_integer',
  /** A string of the wrong shape; params.format: 'email' | 'uuid' | 'date' | 'date_time' | 'time_zone' | 'url' | 'slug' | 'language' | 'colour'... */
  InvalidFormat: 'invalid_format',
  /** Not one of the allowed values; params.options. */
  InvalidOption: 'invalid_option',
  /** A character PostgreSQL cannot store (NUL, lone surrogates); params.position. */
  ForbiddenCharacter: 'forbidden_character',
  /** A date outside what Amphi accepts; params.min, params.max (YYYY-MM-DD). */
  DateOutOfRange: 'date_out_of_range',
  /** An end before its start; params.startField. */
  EndBeforeStart: 'end_before_start',
  /** The same value twice in a list (a person listed twice). */
  Duplicate: 'duplicate',
  /** A bilingual text with neither French nor English. */
  TextMissing: 'text_missing',
  /** An id that names nothing of this event (a person, a session, a category). */
  UnknownReference: 'unknown_reference',
  /** A rule of the feature, said by params.rule (an i18n key under fieldRules): 'chair_required', 'consent_required'... */
  Rule: 'rule',
} as const;
export type FieldIssueCode = (typeof FieldIssueCode)[keyof typeof FieldIssueCode];

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  /** In the request's language (Accept-Language: French or English, else English). */
  message: string;
  /** One message per invalid input field, in the request's language, keyed by its path (`talks.0.plannedMinutes`). */
  fields?: Record<string, string>;
  /** The same field errors, machine-readable (see FieldIssue). */
  issues?: FieldIssue[];
  /** Structured details, typed per code (see the comment of each code). */
  details?: unknown;
  /** For a 5xx: the id of the request in the server's log, to quote to the operators (also the X-Request-Id header). */
  requestId?: string;
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

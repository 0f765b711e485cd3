/**
 * One error body for HTTP responses and socket acks alike:
 * `{ statusCode, code, message, fields?, details? }`.
 */
export const ErrorCode = {
  // --- Broad codes: fallbacks, when nothing more precise applies. -----------------------------
  /** Some input fields are not valid: see `issues` (and `fields`). */
  ValidationFailed: 'VALIDATION_FAILED',
  /** A request the server cannot read (a bad encoding, a bad header); details.reason when known. */
  MalformedRequest: 'MALFORMED_REQUEST',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  /** details.resource: what was looked for ('event', 'session', 'registration'...). */
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** details.retryAfterSeconds, also in the Retry-After header. */
  RateLimited: 'RATE_LIMITED',
  /** Not the client's fault: the database did not answer, a timeout, the process is stopping; details.reason; Retry-After. */
  Unavailable: 'UNAVAILABLE',
  UnsupportedMedia: 'UNSUPPORTED_MEDIA',
  /** A file whose content (read from its bytes) is not among the types accepted there (MATERIAL_FILE_TYPES); details: { detectedType }. */
  FileTypeNotAccepted: 'FILE_TYPE_NOT_ACCEPTED',
  /** An error of the server's own: the body carries requestId. */
  Internal: 'INTERNAL',

  // --- Requests ---------------------------------------------------------------------------------
  /** The body is not valid JSON. */
  MalformedJson: 'MALFORMED_JSON',
  /** No endpoint at this method and path; details: { method, path }. */
  UnknownEndpoint: 'UNKNOWN_ENDPOINT',
  /** A documented path asked with a method it does not take (TRACE, PUT...); details: { method, allow } (also the Allow header). */
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',

  // --- Accounts and access tokens -----------------------------------------------------------------
  /** Wrong e-mail or password (never says which). */
  LoginFailed: 'LOGIN_FAILED',
  /** No Authorization header (or no token in a socket's handshake). */
  TokenMissing: 'TOKEN_MISSING',
  /** An Authorization header that is not "Bearer <token>", or a token that does not verify. */
  TokenInvalid: 'TOKEN_INVALID',
  TokenExpired: 'TOKEN_EXPIRED',
  /** The organiser account behind the token was deleted. */
  AccountGone: 'ACCOUNT_GONE',
  /** details: { email } */
  OrganiserExists: 'ORGANISER_EXISTS',
  /** An organiser endpoint called with a personal link's token. */
  OrganisersOnly: 'ORGANISERS_ONLY',
  /** The personal space called with an organiser's token. */
  ParticipantsOnly: 'PARTICIPANTS_ONLY',
  /** The organiser's sign-in cookie names a session that was signed out (everywhere) or has expired. */
  SignedOut: 'SIGNED_OUT',
  /** A state-changing request authenticated by the sign-in cookie without the X-Amphi-CSRF header, or from another origin; details: { reason }. */
  CsrfRejected: 'CSRF_REJECTED',

  // --- Personal links ---------------------------------------------------------------------------------
  /** No link has this token (mistyped, truncated). */
  LinkUnknown: 'LINK_UNKNOWN',
  /** A newer link replaced this one. */
  LinkReplaced: 'LINK_REPLACED',
  /** The link stopped working; details.reason: 'cancelled' | 'erased' | 'removed'. */
  LinkRevoked: 'LINK_REVOKED',
  /** The access token names a link that no longer exists. */
  LinkGone: 'LINK_GONE',
  /** An invitation's link used for what only a registration has (its details, cancelling). */
  LinkNotRegistration: 'LINK_NOT_REGISTRATION',

  // --- Events and people --------------------------------------------------------------------------------
  /** details: { slug } */
  EventSlugTaken: 'EVENT_SLUG_TAKEN',
  /** Only the owner of the event may do this. */
  EventOwnerOnly: 'EVENT_OWNER_ONLY',
  /** The owner cannot be removed from their own event. */
  EventOwnerNotRemovable: 'EVENT_OWNER_NOT_REMOVABLE',
  /** details: { personId, personName } */
  PersonInUse: 'PERSON_IN_USE',
  /** details: { personId, personName, reason: 'no_email' | 'no_role' }: nothing to send this person an invitation for, or no address. */
  PersonNotInvitable: 'PERSON_NOT_INVITABLE',
  /** details: { personId, personName }: their link in use cannot be sent again (made before links could be); only replacing it, said first, is possible. */
  InvitationLinkNotResendable: 'INVITATION_LINK_NOT_RESENDABLE',
  /** A co-organiser's invitation link that is unknown, already used, replaced by a newer one or expired. */
  OrganiserInvitationInvalid: 'ORGANISER_INVITATION_INVALID',
  /** details: { email }: this address already organises the event. */
  OrganiserAlreadyInEvent: 'ORGANISER_ALREADY_IN_EVENT',

  // --- Programme --------------------------------------------------------------------------------------------
  /** details: { timeZone, conflicts: ProgrammeConflict[] } each with its kind. */
  ProgrammeConflict: 'PROGRAMME_CONFLICT',

  // --- Registration ---------------------------------------------------------------------------------------
  /** details: { closedAt?, timeZone } (closedAt absent when the organisers closed it by hand). */
  RegistrationClosed: 'REGISTRATION_CLOSED',
  /** details: { opensAt, timeZone } */
  RegistrationNotOpen: 'REGISTRATION_NOT_OPEN',

  // --- Live session: precise codes, so that the web app says it in the reader's language. ----------------
  /** The live room (or the Q&A) is not open yet; details: { state, opensAt?, timeZone } (ISO-8601 with offset). */
  LiveNotOpen: 'LIVE_NOT_OPEN',
  /** The session has ended; details: { state?, endedAt?, reopenableUntil?, timeZone }. */
  LiveEnded: 'LIVE_ENDED',
  /** Going live twice. */
  LiveAlreadyLive: 'LIVE_ALREADY_LIVE',
  /** Going live before the doors open; details: { opensAt, timeZone }. */
  LiveTooEarly: 'LIVE_TOO_EARLY',
  /** Reopening a session that was not ended. */
  LiveNotEnded: 'LIVE_NOT_ENDED',
  /** Ended too long ago to reopen; details: { reopenableUntil, timeZone }. */
  ReopenWindowPassed: 'REOPEN_WINDOW_PASSED',
  /** The chair removed this person from the session; details: { reason? } (the chair's own words). */
  RemovedFromSession: 'REMOVED_FROM_SESSION',
  /** No role in this session; details: { reason: 'waitlisted' | 'cancelled' | 'break' | 'no-role' }. */
  NoSessionRole: 'NO_SESSION_ROLE',
  /** The role has no such right here (an attendee moderating, a speaker recording...). details: { capability } */
  NotAllowed: 'NOT_ALLOWED',
  /** Only attendees are invited on stage; chairs and speakers are on it already. */
  StageAttendeesOnly: 'STAGE_ATTENDEES_ONLY',
  /** Chairs and speakers stay on stage (mute or remove them instead). */
  StagePresentersStay: 'STAGE_PRESENTERS_STAY',
  /** A chair removing themselves. */
  CannotRemoveSelf: 'CANNOT_REMOVE_SELF',
  /** A chair removing an organiser. */
  CannotRemoveOrganiser: 'CANNOT_REMOVE_ORGANISER',
  /** Live rooms are not configured on this server (no LiveKit). */
  LiveUnavailable: 'LIVE_UNAVAILABLE',
  /** A LiveKit webhook without a valid signature; details.reason: 'missing_body' | 'missing_signature' | 'bad_signature'. */
  WebhookRejected: 'WEBHOOK_REJECTED',

  // --- Q&A ----------------------------------------------------------------------------------------------
  /** Questions are closed (before the window, or after the session); details: { opensAt, closesAt, timeZone }. */
  QaClosed: 'QA_CLOSED',
  /** The socket sent an event for a session it has not joined (session:join). */
  QaJoinFirst: 'QA_JOIN_FIRST',
  /** details: { action: 'vote' | 'pin' | 'highlight' } */
  QaQuestionNotApproved: 'QA_QUESTION_NOT_APPROVED',
  QaQuestionMerged: 'QA_QUESTION_MERGED',
  QaAlreadyVoted: 'QA_ALREADY_VOTED',
  QaNotVoted: 'QA_NOT_VOTED',
  /** The socket's Origin is not allowed; details: { origin }. */
  OriginNotAllowed: 'ORIGIN_NOT_ALLOWED',
  /** This server is restarting: reconnect (another process takes over). */
  Draining: 'DRAINING',
  /** Too many people are joining at once: try again after details.retryAfterSeconds (randomised by the client). */
  Busy: 'BUSY',

  // --- Recordings ---------------------------------------------------------------------------------------
  /** Recording is impossible now; details.reason: 'disabled' (no egress configured) | 'no_worker' (no egress worker answers). */
  RecordingUnavailable: 'RECORDING_UNAVAILABLE',
  RecordingNotRunning: 'RECORDING_NOT_RUNNING',
  RecordingAlreadyRunning: 'RECORDING_ALREADY_RUNNING',
  /** The room is empty: recording starts once someone is in it. */
  RecordingRoomEmpty: 'RECORDING_ROOM_EMPTY',
  /** Only a complete recording is published; details: { status, blockers }. */
  RecordingNotComplete: 'RECORDING_NOT_COMPLETE',
  /** Consents are missing; details: { blockers }. */
  RecordingNotPublishable: 'RECORDING_NOT_PUBLISHABLE',
  /** Only the speakers of a recording consent to it. */
  RecordingSpeakersOnly: 'RECORDING_SPEAKERS_ONLY',
  /** The recording has no transcript yet (being made, failed, or not asked); details: { status: MediaJobStatus | 'none' }. */
  TranscriptNotReady: 'TRANSCRIPT_NOT_READY',
  /** Podcast artwork that directories refuse; details: { reason: 'type' | 'not_square' | 'too_small' | 'too_large', width?, height?, min: 1400, max: 3000 }. */
  ArtworkNotAccepted: 'ARTWORK_NOT_ACCEPTED',

  // --- Call for communications and review ----------------------------------------------------------
  /** The call does not take proposals yet; details: { opensAt, timeZone }. */
  CallNotOpen: 'CALL_NOT_OPEN',
  /** The call closed (a submission after the deadline); details: { closedAt, timeZone }. */
  CallClosed: 'CALL_CLOSED',
  /** A proposal that can no longer be edited or withdrawn; details: { reason: 'deadline' | 'withdrawn' | 'decided', editableUntil?, timeZone }. */
  ProposalNotEditable: 'PROPOSAL_NOT_EDITABLE',
  /** The submitter already has the most proposals the call takes per person; details: { max }. */
  ProposalLimitReached: 'PROPOSAL_LIMIT_REACHED',
  /** Confirming, placing or notifying a proposal that is not (or no longer) accepted; details: { state }. */
  ProposalNotAccepted: 'PROPOSAL_NOT_ACCEPTED',
  /** The personal link is not a submitter's (the call's pages need one). */
  LinkNotSubmitter: 'LINK_NOT_SUBMITTER',
  /** The personal link is not a member of the scientific committee's. */
  ReviewersOnly: 'REVIEWERS_ONLY',
  /** A review after the review deadline, or of a proposal already decided; details: { reason: 'deadline' | 'decided', reviewDeadline?, timeZone }. */
  ReviewClosed: 'REVIEW_CLOSED',
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
  /** Structured details, typed per code: ErrorDetails[code]. */
  details?: unknown;
  /** For a 5xx: the id of the request in the server's log, to quote to the operators (also the X-Request-Id header). */
  requestId?: string;
}

export type ProgrammeConflictKind =
  | 'outside_event_dates'
  | 'stage_overlap'
  | 'person_overlap'
  | 'talks_exceed_session';

export type ProgrammeConflictRole = 'chair' | 'speaker' | 'panelist';

/**
 * One broken programme rule, with what a person needs to be told about it and no prose: the API
 * renders its text in the request's language, the web app in the reader's. Times are ISO-8601
 * with the event's offset (the zone is PROGRAMME_CONFLICT's details.timeZone).
 */
export interface ProgrammeConflict {
  kind: ProgrammeConflictKind;
  /** The session being written (absent when it is not saved yet). */
  sessionId?: string;
  sessionTitle: string;
  startsAt: string;
  endsAt: string;
  /** stage_overlap, person_overlap: the existing session it collides with. */
  otherSessionId?: string;
  otherSessionTitle?: string;
  otherStartsAt?: string;
  otherEndsAt?: string;
  /** stage_overlap */
  stage?: string;
  /** person_overlap: who, and what they would do in each session. */
  personId?: string;
  personName?: string;
  roles?: ProgrammeConflictRole[];
  otherRoles?: ProgrammeConflictRole[];
  /** outside_event_dates: the event's first and last moments. */
  eventStartsAt?: string;
  eventEndsAt?: string;
  /** talks_exceed_session */
  plannedMinutes?: number;
  availableMinutes?: number;
}

/** Times in details are ISO-8601 with offset; timeZone (IANA) says where to show them, UTC when absent. */
interface Zoned {
  timeZone?: string;
}

/** What each code carries in `details` (undefined: nothing). The API and the web app render texts from these. */
export interface ErrorDetails {
  VALIDATION_FAILED: undefined;
  MALFORMED_REQUEST: { reason?: 'encoding' | 'header' | 'bad_request' } | undefined;
  UNAUTHENTICATED: undefined;
  FORBIDDEN: undefined;
  NOT_FOUND: { resource: NotFoundResource };
  CONFLICT: undefined;
  PAYLOAD_TOO_LARGE: { maxMegabytes?: number; actualMegabytes?: number } | undefined;
  RATE_LIMITED: { retryAfterSeconds: number; limit?: number; per?: 'second' | 'minute' | 'hour' };
  UNAVAILABLE: { reason: 'database' | 'timeout' | 'stopping'; retryAfterSeconds?: number };
  UNSUPPORTED_MEDIA: { detectedType: string | null };
  FILE_TYPE_NOT_ACCEPTED: { detectedType: string | null };
  INTERNAL: undefined;
  MALFORMED_JSON: undefined;
  METHOD_NOT_ALLOWED: { method: string; allow: string[] };
  UNKNOWN_ENDPOINT: { method: string; path: string };
  LOGIN_FAILED: undefined;
  TOKEN_MISSING: undefined;
  TOKEN_INVALID: undefined;
  TOKEN_EXPIRED: undefined;
  ACCOUNT_GONE: undefined;
  ORGANISER_EXISTS: { email: string };
  ORGANISERS_ONLY: undefined;
  PARTICIPANTS_ONLY: undefined;
  SIGNED_OUT: undefined;
  CSRF_REJECTED: { reason: 'header_missing' | 'origin_not_allowed' };
  LINK_UNKNOWN: undefined;
  LINK_REPLACED: undefined;
  LINK_REVOKED: { reason: 'cancelled' | 'erased' | 'removed' };
  LINK_GONE: undefined;
  LINK_NOT_REGISTRATION: undefined;
  EVENT_SLUG_TAKEN: { slug: string };
  EVENT_OWNER_ONLY: undefined;
  EVENT_OWNER_NOT_REMOVABLE: undefined;
  PERSON_IN_USE: { personId: string; personName: string };
  PERSON_NOT_INVITABLE: { personId: string; personName: string; reason: 'no_email' | 'no_role' };
  INVITATION_LINK_NOT_RESENDABLE: { personId: string; personName: string };
  ORGANISER_INVITATION_INVALID: undefined;
  ORGANISER_ALREADY_IN_EVENT: { email: string };
  PROGRAMME_CONFLICT: Zoned & { conflicts: ProgrammeConflict[] };
  REGISTRATION_CLOSED: Zoned & { closedAt?: string };
  REGISTRATION_NOT_OPEN: Zoned & { opensAt: string };
  LIVE_NOT_OPEN: Zoned & { state?: string; opensAt?: string };
  LIVE_ENDED: Zoned & { state?: string; endedAt?: string | null; reopenableUntil?: string | null };
  LIVE_ALREADY_LIVE: undefined;
  LIVE_TOO_EARLY: Zoned & { opensAt: string };
  LIVE_NOT_ENDED: undefined;
  REOPEN_WINDOW_PASSED: Zoned & { reopenableUntil: string };
  REMOVED_FROM_SESSION: { reason: string | null };
  NO_SESSION_ROLE: { reason: 'waitlisted' | 'cancelled' | 'break' | 'no-role' };
  NOT_ALLOWED: { capability: 'joinRoom' | 'publish' | 'ask' | 'vote' | 'raiseHand' | 'moderate' | 'controlRoom' | 'record' };
  STAGE_ATTENDEES_ONLY: undefined;
  STAGE_PRESENTERS_STAY: undefined;
  CANNOT_REMOVE_SELF: undefined;
  CANNOT_REMOVE_ORGANISER: undefined;
  LIVE_UNAVAILABLE: undefined;
  WEBHOOK_REJECTED: { reason: 'missing_body' | 'missing_signature' | 'bad_signature' };
  QA_CLOSED: Zoned & { opensAt: string; closesAt: string };
  QA_JOIN_FIRST: undefined;
  QA_QUESTION_NOT_APPROVED: { action: 'vote' | 'pin' | 'highlight' };
  QA_QUESTION_MERGED: undefined;
  QA_ALREADY_VOTED: undefined;
  QA_NOT_VOTED: undefined;
  ORIGIN_NOT_ALLOWED: { origin: string };
  DRAINING: undefined;
  BUSY: { retryAfterSeconds: number };
  RECORDING_UNAVAILABLE: { reason: 'disabled' | 'no_worker' };
  RECORDING_NOT_RUNNING: undefined;
  RECORDING_ALREADY_RUNNING: undefined;
  RECORDING_ROOM_EMPTY: undefined;
  RECORDING_NOT_COMPLETE: { status: string };
  RECORDING_NOT_PUBLISHABLE: { hasFiles: boolean; missingConsents: Array<{ personId: string; name: string; decision: string }> };
  RECORDING_SPEAKERS_ONLY: undefined;
  TRANSCRIPT_NOT_READY: { status: 'queued' | 'running' | 'failed' | 'none' };
  ARTWORK_NOT_ACCEPTED: { reason: 'type' | 'not_square' | 'too_small' | 'too_large'; width?: number; height?: number; min: number; max: number };
  CALL_NOT_OPEN: Zoned & { opensAt: string };
  CALL_CLOSED: Zoned & { closedAt: string };
  PROPOSAL_NOT_EDITABLE: Zoned & { reason: 'deadline' | 'withdrawn' | 'decided'; editableUntil?: string };
  PROPOSAL_LIMIT_REACHED: { max: number };
  PROPOSAL_NOT_ACCEPTED: { state: string };
  LINK_NOT_SUBMITTER: undefined;
  REVIEWERS_ONLY: undefined;
  REVIEW_CLOSED: Zoned & { reason: 'deadline' | 'decided'; reviewDeadline?: string };
}

/** What NOT_FOUND looked for. */
export type NotFoundResource =
  | 'page'
  | 'event'
  | 'session'
  | 'person'
  | 'registration'
  | 'attendee_list'
  | 'organiser'
  | 'event_organiser'
  | 'organiser_invitation'
  | 'download'
  | 'recording'
  | 'file'
  | 'question'
  | 'qa'
  | 'participant'
  | 'mail'
  | 'mailbox'
  | 'call'
  | 'proposal'
  | 'reviewer';

/**
 * The variables each code's text may use: details' own keys (so the catalogue test checks every
 * {{variable}} against them, and TypeScript checks them against ErrorDetails), plus a few the
 * renderer derives (`list`: the conflicts or blockers as sentences; `resourceName`; `count`;
 * `retryAfter`: retryAfterSeconds as people say it, "2 minutes").
 */
type DetailKey<C extends ErrorCode> = ErrorDetails[C] extends infer D ? (D extends object ? Extract<keyof D, string> : never) : never;
export const errorTextVariables: { [C in ErrorCode]: ReadonlyArray<DetailKey<C> | 'list' | 'count' | 'resourceName' | 'retryAfter'> } = {
  VALIDATION_FAILED: ['count'],
  MALFORMED_REQUEST: [],
  UNAUTHENTICATED: [],
  FORBIDDEN: [],
  NOT_FOUND: ['resource', 'resourceName'],
  CONFLICT: [],
  PAYLOAD_TOO_LARGE: ['maxMegabytes', 'actualMegabytes'],
  RATE_LIMITED: ['retryAfterSeconds', 'limit', 'per', 'retryAfter'],
  UNAVAILABLE: ['reason', 'retryAfterSeconds'],
  UNSUPPORTED_MEDIA: ['detectedType'],
  FILE_TYPE_NOT_ACCEPTED: ['detectedType'],
  INTERNAL: [],
  MALFORMED_JSON: [],
  UNKNOWN_ENDPOINT: ['method', 'path'],
  METHOD_NOT_ALLOWED: ['method', 'allow'],
  LOGIN_FAILED: [],
  TOKEN_MISSING: [],
  TOKEN_INVALID: [],
  TOKEN_EXPIRED: [],
  ACCOUNT_GONE: [],
  ORGANISER_EXISTS: ['email'],
  ORGANISERS_ONLY: [],
  PARTICIPANTS_ONLY: [],
  SIGNED_OUT: [],
  CSRF_REJECTED: [],
  LINK_UNKNOWN: [],
  LINK_REPLACED: [],
  LINK_REVOKED: ['reason'],
  LINK_GONE: [],
  LINK_NOT_REGISTRATION: [],
  EVENT_SLUG_TAKEN: ['slug'],
  EVENT_OWNER_ONLY: [],
  EVENT_OWNER_NOT_REMOVABLE: [],
  PERSON_IN_USE: ['personId', 'personName'],
  PERSON_NOT_INVITABLE: ['personId', 'personName', 'reason'],
  INVITATION_LINK_NOT_RESENDABLE: ['personId', 'personName'],
  ORGANISER_INVITATION_INVALID: [],
  ORGANISER_ALREADY_IN_EVENT: ['email'],
  PROGRAMME_CONFLICT: ['conflicts', 'timeZone', 'list', 'count'],
  REGISTRATION_CLOSED: ['closedAt', 'timeZone'],
  REGISTRATION_NOT_OPEN: ['opensAt', 'timeZone'],
  LIVE_NOT_OPEN: ['state', 'opensAt', 'timeZone'],
  LIVE_ENDED: ['state', 'endedAt', 'reopenableUntil', 'timeZone'],
  LIVE_ALREADY_LIVE: [],
  LIVE_TOO_EARLY: ['opensAt', 'timeZone'],
  LIVE_NOT_ENDED: [],
  REOPEN_WINDOW_PASSED: ['reopenableUntil', 'timeZone'],
  REMOVED_FROM_SESSION: ['reason'],
  NO_SESSION_ROLE: ['reason'],
  NOT_ALLOWED: ['capability'],
  STAGE_ATTENDEES_ONLY: [],
  STAGE_PRESENTERS_STAY: [],
  CANNOT_REMOVE_SELF: [],
  CANNOT_REMOVE_ORGANISER: [],
  LIVE_UNAVAILABLE: [],
  WEBHOOK_REJECTED: ['reason'],
  QA_CLOSED: ['opensAt', 'closesAt', 'timeZone'],
  QA_JOIN_FIRST: [],
  QA_QUESTION_NOT_APPROVED: ['action'],
  QA_QUESTION_MERGED: [],
  QA_ALREADY_VOTED: [],
  QA_NOT_VOTED: [],
  ORIGIN_NOT_ALLOWED: ['origin'],
  DRAINING: [],
  BUSY: ['retryAfterSeconds', 'retryAfter'],
  RECORDING_UNAVAILABLE: ['reason'],
  RECORDING_NOT_RUNNING: [],
  RECORDING_ALREADY_RUNNING: [],
  RECORDING_ROOM_EMPTY: [],
  RECORDING_NOT_COMPLETE: ['status'],
  RECORDING_NOT_PUBLISHABLE: ['hasFiles', 'missingConsents', 'list'],
  RECORDING_SPEAKERS_ONLY: [],
  TRANSCRIPT_NOT_READY: [],
  ARTWORK_NOT_ACCEPTED: ['width', 'height', 'min', 'max'],
  CALL_NOT_OPEN: ['opensAt', 'timeZone'],
  CALL_CLOSED: ['closedAt', 'timeZone'],
  PROPOSAL_NOT_EDITABLE: ['reason', 'editableUntil', 'timeZone'],
  PROPOSAL_LIMIT_REACHED: ['max'],
  PROPOSAL_NOT_ACCEPTED: ['state'],
  LINK_NOT_SUBMITTER: [],
  REVIEWERS_ONLY: [],
  REVIEW_CLOSED: ['reason', 'reviewDeadline', 'timeZone'],
};

import type { ErrorBody, FieldIssue, Language, ProgrammeConflict } from '@amphi/contracts';
// The renderer's own file, not the contracts' index: the index brings the zod schemas, which every
// page would then load with this module (Status uses it); this file needs only the error codes.
import { conflictMessage, errorMessage, fieldIssueMessage, waitText } from '../../../libs/contracts/src/messages/error-rendering';
import { dayKey, formatFromNow, formatTime, formatWhen, viewerTimeZone } from './format';

/** A wait in words ("dans 2 minutes"): the contracts' one function, which the API's messages use too. */
export { waitText };

/**
 * Every failure the web app shows, in the reader's language: an HTTP answer (ApiError), a refused
 * socket ack (QaAckError), an error body itself, or no answer at all (the network). The texts are the
 * `errors` i18next namespace; this module picks the key and computes what the text needs (a time in the
 * viewer's zone, how long to wait, a request id), and never shows the API's English `message` or a raw
 * field path. No React and no DOM here, so that Node's test runner drives this very module.
 */

/** i18next's `t` for the `errors` namespace (or any function that behaves like it). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A default that no text equals: tells "this key has no text" from a text (i18next returns the default for a missing key). */
const MISSING = '\u0000missing';
function text(t: Translate, key: string, values: Record<string, unknown> = {}): string | null {
  const out = t(key, { ...values, defaultValue: MISSING });
  return out === MISSING || out === key ? null : out;
}

export interface ErrorTextOptions {
  /** The zone in which to write times (the viewer's own unless a page says otherwise). */
  zone?: string;
  now?: number;
}

/** The error body behind an HTTP failure (ApiError), a refused socket ack (QaAckError) or a body itself. */
export function errorBodyOf(error: unknown): ErrorBody | null {
  if (!error || typeof error !== 'object') return null;
  if ('code' in error && typeof (error as ErrorBody).code === 'string' && 'statusCode' in error) return error as ErrorBody;
  if ('code' in error && typeof (error as ErrorBody).code === 'string' && 'message' in error && !(error instanceof Error)) return error as ErrorBody;
  const body = (error as { body?: unknown }).body;
  if (body && typeof body === 'object' && 'code' in body) return body as ErrorBody;
  return null;
}

/** The HTTP status of a failure, when there was an answer. */
function statusOf(error: unknown, body: ErrorBody | null): number | null {
  if (body && typeof body.statusCode === 'number') return body.statusCode;
  const status = error && typeof error === 'object' ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : null;
}

/** `details` of an error body as a record (they are typed per code in libs/contracts/src/errors.ts). */
export function detailsOf(body: ErrorBody | null): Record<string, unknown> {
  const details = body?.details;
  return details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {};
}

/** How long to wait before trying again, in seconds: Retry-After (ApiError) or details.retryAfterSeconds. */
export function retryAfterOf(error: unknown): number | null {
  const header = error && typeof error === 'object' ? (error as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  if (typeof header === 'number' && Number.isFinite(header) && header > 0) return header;
  const fromDetails = Number(detailsOf(errorBodyOf(error)).retryAfterSeconds);
  return Number.isFinite(fromDetails) && fromDetails > 0 ? fromDetails : null;
}

/**
 * When something opens, for the reader: "today at 20:07 (in 12 minutes)" in their own zone and
 * language, or, once the time has passed, null (the caller says it should open any moment).
 */
export function opensWhen(iso: string | null | undefined, lang: Language, now: number = Date.now()): string | null {
  if (!iso || !Number.isFinite(Date.parse(iso)) || Date.parse(iso) <= now) return null;
  return `${formatWhen(iso, viewerTimeZone(), lang, now)} (${formatFromNow(iso, lang, now)})`;
}

/**
 * A deadline close at hand, for the reader: "21:45 (in 35 minutes)" when it falls today in their
 * zone, else "tomorrow at 00:15 (in 2 hours)". Used after "until".
 */
export function untilText(iso: string, lang: Language, now: number = Date.now()): string {
  const zone = viewerTimeZone();
  const sameDay = dayKey(iso, zone) === dayKey(new Date(now).toISOString(), zone);
  return `${sameDay ? formatTime(iso, zone, lang) : formatWhen(iso, zone, lang, now)} (${formatFromNow(iso, lang, now)})`;
}

/** Failures without an answer: a timeout, a socket that is not connected, a fetch that never reached the server. */
function noAnswerText(error: unknown, t: Translate): string {
  if (error instanceof Error && /timeout|timed out|not connected/i.test(error.message)) return t('web.noAnswer');
  return t('web.network');
}

/** The text of a status, for a code this version of the web app has no text for: never the API's English prose. */
function statusText(status: number | null, t: Translate): string {
  if (status === null) return t('web.network');
  if (status >= 500) return t('web.status.5xx');
  return text(t, `web.status.${status}`) ?? t('web.status.other', { status });
}

/**
 * An answer of an older API, before its precise codes, as the code it now has: a room not open yet
 * was a 403 with details.state, a closed registration a 409 with details.registration.
 */
function withPreciseCode(body: ErrorBody | null): ErrorBody | null {
  if (!body) return null;
  const details = detailsOf(body);
  if (body.code === 'FORBIDDEN' && details.state === 'ended') return { ...body, code: 'LIVE_ENDED' };
  if (body.code === 'FORBIDDEN' && typeof details.state === 'string') return { ...body, code: 'LIVE_NOT_OPEN' };
  if (body.code === 'CONFLICT' && details.registration === 'closed') return { ...body, code: 'REGISTRATION_CLOSED' };
  if (body.code === 'CONFLICT' && details.registration === 'not_yet_open') return { ...body, code: 'REGISTRATION_NOT_OPEN' };
  return body;
}

/**
 * What went wrong, in the reader's language: the catalogue's text for the code (libs/contracts
 * messages/errors.ts, rendered by its own error-rendering.ts), its times in the viewer's zone; how long
 * to wait in words where the answer says it; the request id of a server fault; the text of the status
 * for a code the catalogue does not know.
 */
export function errorText(error: unknown, t: Translate, lang: Language, options: ErrorTextOptions = {}): string {
  const body = withPreciseCode(errorBodyOf(error));
  const status = statusOf(error, body);
  if (!body && status === null) return noAnswerText(error, t);
  const said = codeText(error, body, status, t, lang, options);
  // A server fault quotes its request id: the operators find it in their log with it.
  return status !== null && status >= 500 && body?.requestId ? `${said} ${t('web.reference', { requestId: body.requestId })}` : said;
}

function codeText(error: unknown, body: ErrorBody | null, status: number | null, t: Translate, lang: Language, options: ErrorTextOptions): string {
  const now = options.now ?? Date.now();
  // A 429 from something before the API (a proxy) has no body, but its Retry-After says how long to wait.
  const code: string | null = body?.code ?? (status === 429 ? 'RATE_LIMITED' : null);
  const seconds = retryAfterOf(error);
  if ((code === 'RATE_LIMITED' || code === 'BUSY' || code === 'UNAVAILABLE') && seconds !== null) return t(`web.wait.${code}`, { wait: waitText(seconds, lang) });
  if (!body || !code || text(t, `code.${code}`) === null) return statusText(status, t);
  if (code === 'RATE_LIMITED') return statusText(429, t); // no wait known: the catalogue's text needs one
  const details = detailsOf(body);
  if (code === 'LIVE_NOT_OPEN') {
    // "today at 20:07 (in 12 minutes)": when it opens, relative to now, in the viewer's zone.
    const when = opensWhen(typeof details.opensAt === 'string' ? details.opensAt : null, lang, now);
    return when ? t('web.LIVE_NOT_OPEN_when', { when }) : t('web.LIVE_NOT_OPEN_soon');
  }
  // Times in the viewer's own zone, unless the page says which (the organiser's programme: the event's).
  const zoned = body.details && typeof body.details === 'object' ? { ...details, timeZone: options.zone ?? viewerTimeZone() } : body.details;
  try {
    return errorMessage(t, code, zoned, lang, new Date(now));
  } catch {
    // Details not of the shape this code promises (a newer or older API): the status still says it.
    return statusText(status, t);
  }
}

// ---------------------------------------------------------------------------------------------
// Field errors

/** A field's path as the forms key it: ['talks', 1, 'title'] → "talks.1.title". */
export const pathKey = (path: ReadonlyArray<string | number>) => path.map(String).join('.');

/**
 * The field issues of a 422: its machine-readable `issues`. An API older than them gives only the
 * `fields` map of messages; its English is not shown: each field is then said to be invalid in our
 * own words (required and unknown fields are recognised, since the API wrote exactly those words).
 */
export function fieldIssuesOf(error: unknown): FieldIssue[] {
  const body = errorBodyOf(error);
  if (!body) return [];
  if (Array.isArray(body.issues) && body.issues.length) return body.issues;
  if (!body.fields) return [];
  return Object.entries(body.fields).map(([key, message]) => ({
    path: key === '(body)' ? [] : key.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    code: message === 'required' ? 'required' : message === 'unknown field' ? 'unknown_field' : ('invalid' as FieldIssue['code']),
  }));
}

/**
 * What is wrong with one field, in the reader's words (the catalogue's, without the field's name: the
 * form puts its own label before it). A date never names a format such as YYYY-MM-DD, since the date
 * picker shows the browser's own (mm/dd/yyyy, jj/mm/aaaa). A field the API named without an issue code
 * (an older API) gets the catalogue's "not accepted".
 */
export function fieldIssueText(issue: FieldIssue, t: Translate, lang: Language): string {
  if ((issue.code as string) === 'invalid') return t('rule.invalid');
  return fieldIssueMessage(t, issue, lang);
}

/** The texts of a 422's field issues by field path (the forms' keys), the first issue of each field. */
export function fieldErrorTexts(error: unknown, t: Translate, lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of fieldIssuesOf(error)) {
    const key = pathKey(issue.path);
    out[key] ??= fieldIssueText(issue, t, lang);
  }
  return out;
}

/**
 * The label a form gives a field path, or that of its nearest labelled parent ("talks.1.title.en"
 * without a label of its own is named by "talks.1.title", then "talks.1"); null when none is known,
 * so that a raw path is never shown.
 */
export function labelFor(key: string, labels: Record<string, string>): string | null {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const label = labels[parts.slice(0, n).join('.')];
    if (label) return label;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Programme conflicts

/** The programme conflicts of a 409 PROGRAMME_CONFLICT, and the zone their times are in. */
export function conflictsOf(error: unknown): { conflicts: ProgrammeConflict[]; timeZone: string | undefined } {
  const body = errorBodyOf(error);
  if (body?.code !== 'PROGRAMME_CONFLICT') return { conflicts: [], timeZone: undefined };
  const details = detailsOf(body);
  return {
    conflicts: Array.isArray(details.conflicts) ? (details.conflicts as ProgrammeConflict[]) : [],
    timeZone: typeof details.timeZone === 'string' ? details.timeZone : undefined,
  };
}

/**
 * One programme conflict as a sentence of the catalogue ("« Ouverture » (…) chevauche « Table ronde »
 * (…) sur la scène « main »"), its times in `timeZone` (the organiser's programme is in the event's).
 * What the conflict does not carry (an older API) is taken from what the page knows.
 */
export function conflictText(conflict: ProgrammeConflict, t: Translate, lang: Language, timeZone: string, known: Partial<ProgrammeConflict> = {}): string {
  const filled: ProgrammeConflict = { ...known, ...conflict };
  if (!filled.personName && filled.kind === 'person_overlap') filled.personName = t('web.someone');
  return conflictMessage(t, filled, lang, timeZone);
}

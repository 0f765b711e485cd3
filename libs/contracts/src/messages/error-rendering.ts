import { ErrorCode, type ErrorDetails, type FieldIssue, type ProgrammeConflict } from '../errors';
import type { RecordingBlocker } from '../recordings';

/**
 * Turning an error's code and details into a sentence, with any i18next `t` bound to the
 * ERRORS_NAMESPACE and one language (the API's own instance, or the web app's): the details hold
 * ISO times and enum values, which are formatted here (times in the event's zone, named) and
 * chosen as i18next contexts, so that the catalogue's sentences stay plain.
 */
export type ErrorLanguage = 'fr' | 'en';
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A time as people read it: "21 January 2022 at 09:00 (Europe/Paris)", in the zone given, else in UTC, named. */
export function formatErrorTime(iso: string, lang: ErrorLanguage, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone || 'UTC';
  try {
    const text = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }).format(date);
    return `${text} (${zone})`;
  } catch {
    // An unknown zone (it is checked at input, so only for data older than that check): UTC, named.
    return `${new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date)} (UTC)`;
  }
}

/** A calendar date (YYYY-MM-DD) as people read it: "21 January 2022". */
export function formatErrorDate(day: string, lang: ErrorLanguage): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** The details' values ready to interpolate: times formatted, lists joined, nested objects left out. */
function interpolationValues(details: unknown, lang: ErrorLanguage): Record<string, unknown> {
  if (typeof details !== 'object' || details === null) return {};
  const record = details as Record<string, unknown>;
  const timeZone = typeof record.timeZone === 'string' ? record.timeZone : undefined;
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' && ISO_DATE_TIME.test(value)) values[key] = formatErrorTime(value, lang, timeZone);
    else if (typeof value === 'string' && ISO_DATE.test(value)) values[key] = formatErrorDate(value, lang);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) values[key] = value.join(', ');
  }
  return values;
}

/** Which variant of a code's text fits these details (an i18next context), if any. */
export function errorTextContext(code: string, details: unknown, now: Date = new Date()): string | undefined {
  const d = (typeof details === 'object' && details !== null ? details : {}) as Record<string, unknown>;
  switch (code) {
    case ErrorCode.NotFound:
      return typeof d.resource === 'string' ? d.resource : undefined;
    case ErrorCode.LinkRevoked:
    case ErrorCode.NoSessionRole:
    case ErrorCode.Unavailable:
    case ErrorCode.RecordingUnavailable:
    case ErrorCode.MalformedRequest:
    case ErrorCode.PersonNotInvitable:
    case ErrorCode.ProposalNotEditable:
    case ErrorCode.ReviewClosed:
    case ErrorCode.ArtworkNotAccepted:
      return typeof d.reason === 'string' ? d.reason : undefined;
    case ErrorCode.TranscriptNotReady:
      return typeof d.status === 'string' && d.status !== 'none' ? d.status : undefined;
    case ErrorCode.NotAllowed:
      return typeof d.capability === 'string' ? d.capability : undefined;
    case ErrorCode.QaQuestionNotApproved:
      return typeof d.action === 'string' ? d.action : undefined;
    case ErrorCode.RemovedFromSession:
      return d.reason ? 'with_reason' : undefined;
    case ErrorCode.RegistrationClosed:
      return d.closedAt ? 'with_time' : undefined;
    case ErrorCode.LiveNotOpen:
      return d.opensAt ? 'with_time' : undefined;
    case ErrorCode.PayloadTooLarge:
      return typeof d.maxMegabytes === 'number' ? 'limit' : undefined;
    case ErrorCode.QaClosed:
      if (typeof d.opensAt === 'string' && now < new Date(d.opensAt)) return 'before';
      if (typeof d.closesAt === 'string' && now >= new Date(d.closesAt)) return 'after';
      return undefined;
    default:
      return undefined;
  }
}

/** One programme conflict as a sentence. */
export function conflictMessage(t: Translate, conflict: ProgrammeConflict, lang: ErrorLanguage, timeZone?: string): string {
  return t(`conflict.${conflict.kind}`, interpolationValues({ ...conflict, timeZone }, lang));
}

/**
 * A wait in words, "in 45 seconds", "in 2 minutes", "in 1 hour" ("dans 2 minutes"): rounded up, so
 * that trying again then works, and an hour-long limit does not read "3600 seconds". The API's
 * messages ({{retryAfter}}) and the web app's texts both say waits with it.
 */
export function waitText(seconds: number, lang: ErrorLanguage): string {
  const f = new Intl.RelativeTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { numeric: 'always' });
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return f.format(s, 'second');
  if (s < 90 * 60) return f.format(Math.ceil(s / 60), 'minute');
  return f.format(Math.ceil(s / 3600), 'hour');
}

/** The sentence for an error, in the language `t` is bound to. */
export function errorMessage(t: Translate, code: string, details: unknown, lang: ErrorLanguage, now: Date = new Date()): string {
  const values = interpolationValues(details, lang);
  const retryAfterSeconds = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds)) values.retryAfter = waitText(retryAfterSeconds, lang);
  if (code === ErrorCode.ProgrammeConflict) {
    const d = details as ErrorDetails['PROGRAMME_CONFLICT'] | undefined;
    const conflicts = d?.conflicts ?? [];
    values.count = conflicts.length;
    values.list = conflicts.map((c) => conflictMessage(t, c, lang, d?.timeZone)).join(' ');
  }
  if (code === ErrorCode.RecordingNotPublishable) {
    const d = details as ErrorDetails['RECORDING_NOT_PUBLISHABLE'] | undefined;
    const parts: string[] = [];
    if (d && !d.hasFiles) parts.push(recordingBlockerMessage(t, { kind: 'no_files' }));
    if (d?.missingConsents.length) parts.push(recordingBlockerMessage(t, { kind: 'missing_consents', people: d.missingConsents as Array<{ personId: string; name: string; decision: 'pending' | 'refused' }> }));
    values.list = parts.join(' ');
  }
  const context = errorTextContext(code, details, now);
  return t(`code.${code}`, { ...values, ...(context ? { context } : {}) });
}

/**
 * One reason a recording cannot be published yet, as a sentence; `status` is the recording's status
 * already in words (the web app and the API name statuses in their own vocabularies).
 */
export function recordingBlockerMessage(t: Translate, blocker: RecordingBlocker, status?: string): string {
  switch (blocker.kind) {
    case 'not_complete':
      return t('recordingBlocker.not_complete', { status: status ?? blocker.status });
    case 'no_files':
      return t('recordingBlocker.no_files');
    case 'missing_consents':
      return t('recordingBlocker.missing_consents', { names: blocker.people.map((p) => p.name).join(', ') });
  }
}

/** The sentence for one field issue (without its path: the web app puts the field's label in front). */
export function fieldIssueMessage(t: Translate, issue: FieldIssue, lang: ErrorLanguage): string {
  const params = interpolationValues(issue.params ?? {}, lang);
  if (issue.code === 'rule') {
    const rule = typeof issue.params?.rule === 'string' ? issue.params.rule : 'invalid';
    return t(`rule.${rule}`, { ...params, defaultValue: t('rule.invalid') });
  }
  const context = issue.code === 'invalid_format' && typeof issue.params?.format === 'string' ? issue.params.format : undefined;
  return t(`field.${issue.code}`, { ...params, ...(context ? { context } : {}) });
}

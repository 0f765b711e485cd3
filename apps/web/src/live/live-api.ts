import type { ErrorBody, Language, LiveJoinView, LiveRoomView, LiveStateView } from '@amphi/contracts';
import type { QaAbilities } from '@amphi/contracts';
import { call } from '../api';
import type { useQa } from './use-qa';
import { dayKey, formatFromNow, formatTime, formatWhen, viewerTimeZone } from '../format';

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The live room's HTTP calls (apps/api/src/live, recordings), with the access token. */
export const liveApi = {
  join: (token: string, sessionId: string) => call<LiveJoinView>(`${base(sessionId)}/live/join`, { method: 'POST', token }),
  state: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live`, { token }),
  room: (token: string, sessionId: string) => call<LiveRoomView>(`${base(sessionId)}/live/room`, { token }),
  goLive: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live/go-live`, { method: 'POST', token }),
  end: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live/end`, { method: 'POST', token }),
  /** A session ended by mistake, until live.reopenableUntil; then 409 REOPEN_WINDOW_PASSED. */
  reopen: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live/reopen`, { method: 'POST', token }),
  invite: (token: string, sessionId: string, identity: string) => call<LiveRoomView>(`${base(sessionId)}/live/stage`, { method: 'POST', token, body: { identity } }),
  takeOff: (token: string, sessionId: string, identity: string) =>
    call<LiveRoomView>(`${base(sessionId)}/live/stage/${encodeURIComponent(identity)}`, { method: 'DELETE', token }),
  mute: (token: string, sessionId: string, identity: string, trackSid: string) =>
    call<LiveRoomView>(`${base(sessionId)}/live/mute`, { method: 'POST', token, body: { identity, trackSid } }),
  remove: (token: string, sessionId: string, identity: string, reason?: string) =>
    call<LiveRoomView>(`${base(sessionId)}/live/remove`, { method: 'POST', token, body: reason ? { identity, reason } : { identity } }),
  recordingStart: (token: string, sessionId: string) => call<unknown>(`${base(sessionId)}/recording/start`, { method: 'POST', token, body: {} }),
  recordingStop: (token: string, sessionId: string) => call<unknown>(`${base(sessionId)}/recording/stop`, { method: 'POST', token, body: {} }),
};

/**
 * The Q&A hook as the live room's components read it. `can`, `closed` and `updateSettings` come with
 * the reconnect protocol's client (use-qa.ts, qa-*.ts); they are optional here so that the room works
 * with the hook before and after.
 */
export type LiveQa = ReturnType<typeof useQa> & {
  /** What this person may do now (ask, vote, raise a hand, moderate), from the server; null before the join. */
  can?: QaAbilities | null;
  /** The server closed the connection because access ended (removed by the chair, registration cancelled). */
  closed?: ErrorBody | null;
  updateSettings?: (changes: { preModeration?: boolean; openEarlyMinutes?: number; stayOpenMinutes?: number }) => Promise<unknown>;
};

/** The error body behind an HTTP failure (ApiError), a refused socket ack (QaAckError) or a body itself. */
export function errorBodyOf(error: unknown): ErrorBody | null {
  if (!error || typeof error !== 'object') return null;
  if ('code' in error && typeof (error as ErrorBody).code === 'string' && 'message' in error) return error as ErrorBody;
  const body = (error as { body?: unknown }).body;
  if (body && typeof body === 'object' && 'code' in body) return body as ErrorBody;
  return null;
}

/** `details` of an error body, read leniently (they are typed per code in libs/contracts/src/errors.ts). */
function detail(body: ErrorBody, key: string): string | null {
  const details = body.details as Record<string, unknown> | null | undefined;
  const value = details && typeof details === 'object' ? details[key] : undefined;
  return typeof value === 'string' && value ? value : typeof value === 'number' ? String(value) : null;
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

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * When something opens, for the reader: "today at 20:07 (in 12 minutes)" in their own zone and
 * language, or, once the time has passed, null (the caller says it should open any moment).
 */
export function opensWhen(iso: string | null, lang: Language, now: number = Date.now()): string | null {
  if (!iso || !Number.isFinite(Date.parse(iso)) || Date.parse(iso) <= now) return null;
  return `${formatWhen(iso, viewerTimeZone(), lang, now)} (${formatFromNow(iso, lang, now)})`;
}

/**
 * What went wrong in the live room, in the reader's language: one text of the web app's own per
 * error code (libs/contracts/src/errors.ts), never the server's English `message` for them. Every
 * part of the live room (page, stage, Q&A, console) says its errors through this function. A code
 * without a text of its own here falls back to the server's message (written in the request's
 * language), and a failure without a body (the network) says so.
 */
export function liveErrorText(error: unknown, t: T, lang: Language, now: number = Date.now()): string {
  const body = errorBodyOf(error);
  if (!body) {
    if (error instanceof Error && /timeout|timed out|not connected/i.test(error.message)) return t('errors.NO_ANSWER');
    return t('errors.NETWORK');
  }
  const zone = viewerTimeZone();
  switch (body.code) {
    case 'FORBIDDEN': {
      // Before the precise codes: a room not open yet was a plain 403 with details.state.
      const state = detail(body, 'state');
      if (!state) return body.message || t('errors.NETWORK');
      if (state === 'ended') return t('errors.LIVE_ENDED');
      const when = opensWhen(detail(body, 'opensAt'), lang, now);
      return when ? t('errors.LIVE_NOT_OPEN', { when }) : t('errors.LIVE_NOT_OPEN_PAST');
    }
    case 'LIVE_NOT_OPEN': {
      const when = opensWhen(detail(body, 'opensAt'), lang, now);
      return when ? t('errors.LIVE_NOT_OPEN', { when }) : t('errors.LIVE_NOT_OPEN_PAST');
    }
    case 'LIVE_ENDED':
      return t('errors.LIVE_ENDED');
    case 'REMOVED_FROM_SESSION': {
      const reason = detail(body, 'reason');
      return reason ? t('errors.REMOVED_FROM_SESSION_REASON', { reason }) : t('errors.REMOVED_FROM_SESSION');
    }
    case 'NO_SESSION_ROLE': {
      const reason = detail(body, 'reason');
      return t(`errors.NO_SESSION_ROLE.${reason === 'waitlisted' || reason === 'cancelled' || reason === 'break' ? reason : 'other'}`);
    }
    case 'NOT_ALLOWED':
      return t(`errors.NOT_ALLOWED.${detail(body, 'capability') ?? 'other'}`, { defaultValue: t('errors.NOT_ALLOWED.other') });
    case 'QA_CLOSED': {
      const opensAt = detail(body, 'opensAt');
      const closesAt = detail(body, 'closesAt');
      if (opensAt && Date.parse(opensAt) > now) return t('errors.QA_CLOSED_BEFORE', { when: formatWhen(opensAt, zone, lang, now) });
      return closesAt ? t('errors.QA_CLOSED_AFTER', { when: formatWhen(closesAt, zone, lang, now) }) : t('errors.QA_CLOSED');
    }
    case 'RECORDING_UNAVAILABLE':
      return t('errors.RECORDING_UNAVAILABLE');
    case 'REOPEN_WINDOW_PASSED': {
      const until = detail(body, 'reopenableUntil');
      return until ? t('errors.REOPEN_WINDOW_PASSED_AT', { when: formatWhen(until, zone, lang, now) }) : t('errors.REOPEN_WINDOW_PASSED');
    }
    case 'DRAINING':
      return t('errors.DRAINING');
    case 'BUSY':
    case 'RATE_LIMITED': {
      const seconds = Number(detail(body, 'retryAfterSeconds'));
      return Number.isFinite(seconds) && seconds > 0 ? t('errors.BUSY_SECONDS', { count: Math.ceil(seconds) }) : t('errors.BUSY');
    }
    case 'UNAUTHENTICATED':
      return t('errors.UNAUTHENTICATED');
    case 'NOT_FOUND':
      return t('errors.NOT_FOUND');
    case 'UNAVAILABLE':
      return t('errors.UNAVAILABLE');
    case 'INTERNAL':
      return t('errors.INTERNAL');
    default:
      return body.message || t('errors.NETWORK');
  }
}

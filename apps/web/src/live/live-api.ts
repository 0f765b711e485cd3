import type { ErrorBody, Language, LiveJoinView, LiveRoomView, LiveStateView } from '@amphi/contracts';
import type { QaAbilities } from '@amphi/contracts';
import { call } from '../api';
import type { useQa } from './use-qa';
import { errorText } from '../error-text';

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The live room's HTTP calls (apps/api/src/live, recordings), with the access token. */
export const liveApi = {
  join: (token: string, sessionId: string) => call<LiveJoinView>(`${base(sessionId)}/live/join`, { method: 'POST', token }),
  state: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live`, { token }),
  room: (token: string, sessionId: string, signal?: AbortSignal) => call<LiveRoomView>(`${base(sessionId)}/live/room`, { token, signal }),
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

// The live room says its errors, and its times, through the web app's one error module.
export { errorBodyOf, opensWhen, untilText } from '../error-text';

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * What went wrong in the live room, in the reader's language: the web app's one error text
 * (error-text.ts, from the shared catalogue), with `t` bound to the `errors` namespace. Every part of
 * the live room (page, stage, Q&A, console) says its errors through it.
 */
export function liveErrorText(error: unknown, t: T, lang: Language, now: number = Date.now()): string {
  return errorText(error, t, lang, { now });
}

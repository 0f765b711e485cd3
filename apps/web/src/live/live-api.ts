import type { LiveJoinView, LiveRoomView, LiveStateView } from '@amphi/contracts';
import { call } from '../api';

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The live room's HTTP calls (apps/api/src/live, recordings), with the access token. */
export const liveApi = {
  join: (token: string, sessionId: string) => call<LiveJoinView>(`${base(sessionId)}/live/join`, { method: 'POST', token }),
  state: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live`, { token }),
  room: (token: string, sessionId: string) => call<LiveRoomView>(`${base(sessionId)}/live/room`, { token }),
  goLive: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live/go-live`, { method: 'POST', token }),
  end: (token: string, sessionId: string) => call<LiveStateView>(`${base(sessionId)}/live/end`, { method: 'POST', token }),
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

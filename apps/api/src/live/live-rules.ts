import type { VideoGrant } from 'livekit-server-sdk';
import { TrackSource } from 'livekit-server-sdk';
import type { LiveState, SessionRole } from '@amphi/contracts';

/**
 * The rules of the live rooms, without I/O: which rights each role gets in LiveKit, when each
 * role may enter, and which state changes are allowed. Unit-tested in live-rules.spec.ts.
 */

/** What speakers (and attendees invited on stage) may publish. */
export const PRESENTER_SOURCES = [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO];
/** An attendee on stage speaks and shows themselves; sharing a screen stays with the speakers. */
export const ON_STAGE_SOURCES = [TrackSource.CAMERA, TrackSource.MICROPHONE];

export const roomName = (sessionId: string) => `session-${sessionId}`;
export const sessionIdOfRoom = (room: string): string | null => /^session-([0-9a-f-]{36})$/.exec(room)?.[1] ?? null;

/**
 * The least grant for each role. LiveKit's defaults are generous (canPublishData defaults to
 * true), so every flag is written out.
 */
export function grantFor(role: SessionRole, room: string): VideoGrant {
  const base = { roomJoin: true, room, canSubscribe: true, canUpdateOwnMetadata: false };
  switch (role) {
    case 'attendee':
      return { ...base, canPublish: false, canPublishData: false };
    case 'speaker':
    case 'panelist':
      return { ...base, canPublish: true, canPublishSources: PRESENTER_SOURCES, canPublishData: true };
    case 'chair':
      return { ...base, canPublish: true, canPublishSources: PRESENTER_SOURCES, canPublishData: true, roomAdmin: true };
    case 'organiser':
      // A hidden observer: sees and hears everything, is seen by nobody, publishes nothing.
      return { ...base, canPublish: false, canPublishData: false, hidden: true };
  }
}

export interface LiveTimes {
  backstageOpensAt: Date;
  doorsOpenAt: Date;
  startsAt: Date;
  endsAt: Date;
  closesAt: Date;
}

export function liveTimes(startsAt: Date, endsAt: Date, minutes: { backstageOpen: number; doorsOpen: number; overrun: number }): LiveTimes {
  const before = (d: Date, m: number) => new Date(d.getTime() - m * 60_000);
  return {
    backstageOpensAt: before(startsAt, Math.max(minutes.backstageOpen, minutes.doorsOpen)),
    doorsOpenAt: before(startsAt, minutes.doorsOpen),
    startsAt,
    endsAt,
    closesAt: before(endsAt, -minutes.overrun),
  };
}

/**
 * The state people see now: the stored state (moved by the chair) read against the clock —
 * a session nobody opened is "scheduled" until backstage opens, and past its closing time it is over.
 */
export function currentState(stored: LiveState, times: LiveTimes, now: Date): LiveState {
  if (stored === 'ended' || now >= times.closesAt) return 'ended';
  if (stored === 'live') return 'live';
  return now >= times.backstageOpensAt ? 'backstage' : 'scheduled';
}

export type Admission = { allowed: true } | { allowed: false; reason: string; opensAt?: Date };

/** May someone with this role enter the room now? Organisers always may (hidden). */
export function admission(role: SessionRole, state: LiveState, times: LiveTimes): Admission {
  if (role === 'organiser') return { allowed: true };
  if (state === 'ended') return { allowed: false, reason: 'This session has ended.' };
  if (role === 'attendee') {
    if (state === 'live') return { allowed: true };
    return { allowed: false, reason: 'The room opens to attendees when the chair goes live.', opensAt: times.doorsOpenAt };
  }
  if (state === 'scheduled') return { allowed: false, reason: 'The backstage is not open yet.', opensAt: times.backstageOpensAt };
  return { allowed: true };
}

/** May the chair go live now? From the doors' opening until the session closes. */
export function canGoLive(state: LiveState, times: LiveTimes, now: Date): { allowed: true } | { allowed: false; reason: string } {
  if (state === 'ended') return { allowed: false, reason: 'This session has ended.' };
  if (state === 'live') return { allowed: false, reason: 'The session is already live.' };
  if (now < times.doorsOpenAt) return { allowed: false, reason: `The doors open at ${times.doorsOpenAt.toISOString()}; go live from then.` };
  return { allowed: true };
}

/**
 * Until when a session a chair ended may be reopened (ended by mistake, or a speaker came back):
 * the end of its overrun window, as long as it has not passed. Null when nobody ended it, or too late.
 */
export function reopenableUntil(stored: LiveState, endedAt: Date | null, times: LiveTimes, now: Date): Date | null {
  if (stored !== 'ended' || !endedAt) return null;
  return now < times.closesAt ? times.closesAt : null;
}

export type Reopening = { allowed: true } | { allowed: false; why: 'not-ended'; reason: string } | { allowed: false; why: 'window-passed'; reason: string; reopenableUntil: Date };

/**
 * May a chair reopen the session now? Only one a chair ended, and only until its closing time
 * (endsAt + overrun): after that the room is over for everyone, whoever ended it.
 */
export function canReopen(stored: LiveState, endedAt: Date | null, times: LiveTimes, now: Date): Reopening {
  if (now >= times.closesAt) return { allowed: false, why: 'window-passed', reason: 'This session closed: it can no longer be reopened.', reopenableUntil: times.closesAt };
  if (stored !== 'ended' || !endedAt) return { allowed: false, why: 'not-ended', reason: 'This session has not been ended: there is nothing to reopen.' };
  return { allowed: true };
}

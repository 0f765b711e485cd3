import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrackSource } from 'livekit-server-sdk';
import { admission, canGoLive, canReopen, currentState, grantFor, liveTimes, reopenableUntil, roomName, sessionIdOfRoom } from './live-rules';

const start = new Date('2030-01-21T09:30:00Z');
const end = new Date('2030-01-21T11:00:00Z');
const times = liveTimes(start, end, { backstageOpen: 30, doorsOpen: 10, overrun: 60 });
const at = (iso: string) => new Date(iso);

describe('live rooms: grants by role', () => {
  it('an attendee subscribes only: no publishing, no data (LiveKit would allow data by default)', () => {
    const grant = grantFor('attendee', 'session-x');
    assert.deepEqual([grant.roomJoin, grant.room, grant.canSubscribe, grant.canPublish, grant.canPublishData, grant.roomAdmin, grant.hidden], [true, 'session-x', true, false, false, undefined, undefined]);
  });
  it('a speaker publishes camera, microphone and screen; the chair also administers the room', () => {
    const speaker = grantFor('speaker', 'r');
    assert.equal(speaker.canPublish, true);
    assert.deepEqual(speaker.canPublishSources, [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO]);
    assert.equal(speaker.roomAdmin, undefined);
    assert.equal(grantFor('chair', 'r').roomAdmin, true);
  });
  it('an organiser is a hidden observer', () => {
    const grant = grantFor('organiser', 'r');
    assert.deepEqual([grant.hidden, grant.canPublish, grant.canPublishData, grant.canSubscribe], [true, false, false, true]);
  });
  it('names one room per session and reads it back', () => {
    const id = '7a1c2f4e-0000-4000-8000-000000000000';
    assert.equal(sessionIdOfRoom(roomName(id)), id);
    assert.equal(sessionIdOfRoom('another-room'), null);
  });
});

describe('live rooms: states and windows', () => {
  it('is scheduled, then backstage 30 minutes before, live when the chair says so, over an hour after the end', () => {
    assert.equal(currentState('scheduled', times, at('2030-01-21T08:59:00Z')), 'scheduled');
    assert.equal(currentState('scheduled', times, at('2030-01-21T09:00:00Z')), 'backstage');
    assert.equal(currentState('live', times, at('2030-01-21T09:25:00Z')), 'live');
    assert.equal(currentState('live', times, at('2030-01-21T12:00:00Z')), 'ended');
    assert.equal(currentState('ended', times, at('2030-01-21T09:40:00Z')), 'ended');
  });
  it('admits chairs and speakers backstage, attendees only once live, organisers always', () => {
    const early = admission('speaker', 'scheduled', times);
    assert.equal(early.allowed, false);
    assert.deepEqual(!early.allowed && early.opensAt, times.backstageOpensAt);
    assert.equal(admission('chair', 'backstage', times).allowed, true);
    const waiting = admission('attendee', 'backstage', times);
    assert.deepEqual(!waiting.allowed && waiting.opensAt, times.doorsOpenAt);
    assert.equal(admission('attendee', 'live', times).allowed, true);
    assert.equal(admission('attendee', 'ended', times).allowed, false);
    assert.equal(admission('organiser', 'scheduled', times).allowed, true);
  });
  it('lets the chair go live from the doors’ opening, once', () => {
    assert.equal(canGoLive('backstage', times, at('2030-01-21T09:15:00Z')).allowed, false);
    assert.equal(canGoLive('backstage', times, at('2030-01-21T09:20:00Z')).allowed, true);
    assert.equal(canGoLive('live', times, at('2030-01-21T09:40:00Z')).allowed, false);
    assert.equal(canGoLive('ended', times, at('2030-01-21T09:40:00Z')).allowed, false);
  });
});

describe('live rooms: reopening a session a chair ended', () => {
  const ended = at('2030-01-21T10:30:00Z');
  it('is possible until the closing time (the end plus the overrun), then never', () => {
    assert.deepEqual(canReopen('ended', ended, times, at('2030-01-21T10:45:00Z')), { allowed: true });
    assert.deepEqual(canReopen('ended', ended, times, at('2030-01-21T11:59:59Z')), { allowed: true });
    const late = canReopen('ended', ended, times, at('2030-01-21T12:00:00Z'));
    assert.equal(late.allowed, false);
    assert.deepEqual(!late.allowed && late.why === 'window-passed' && late.reopenableUntil, times.closesAt);
  });
  it('has nothing to reopen when nobody ended the session', () => {
    const why = (r: ReturnType<typeof canReopen>) => (r.allowed ? 'allowed' : r.why);
    assert.equal(why(canReopen('live', null, times, at('2030-01-21T10:45:00Z'))), 'not-ended');
    assert.equal(why(canReopen('scheduled', null, times, at('2030-01-21T09:00:00Z'))), 'not-ended');
    // Past the closing time the clock ended it: too late, whoever would have ended it.
    assert.equal(why(canReopen('live', null, times, at('2030-01-21T12:30:00Z'))), 'window-passed');
  });
  it('tells until when a chair-ended session may be reopened, and nothing otherwise', () => {
    assert.deepEqual(reopenableUntil('ended', ended, times, at('2030-01-21T10:45:00Z')), times.closesAt);
    assert.equal(reopenableUntil('ended', ended, times, at('2030-01-21T12:00:00Z')), null);
    assert.equal(reopenableUntil('live', null, times, at('2030-01-21T10:45:00Z')), null);
  });
});

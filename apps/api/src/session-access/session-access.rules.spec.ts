import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@amphi/contracts';
import { decideAccess, qaWindow, sessionRole, type AccessMinutes, type SessionAccessFacts } from './session-access.rules';
import { CAPABILITIES, type Capability, type SessionActor } from './session-access.types';

// A session from 09:30 to 11:00 UTC in an event in Paris (UTC+1 in January): backstage opens at
// 09:00, the doors at 09:20, the room closes at 12:00; questions open at 09:15 and close at 11:00.
const minutes: AccessMinutes = { backstageOpen: 30, doorsOpen: 10, overrun: 60, qaOpenEarly: 15, qaStayOpen: 0 };
const at = (hhmm: string) => new Date(`2030-01-21T${hhmm}:00Z`);
const ids = {
  session: '00000000-0000-4000-8000-000000000001',
  event: '00000000-0000-4000-8000-000000000002',
  person: '00000000-0000-4000-8000-000000000003',
  registration: '00000000-0000-4000-8000-000000000004',
  organiser: '00000000-0000-4000-8000-000000000005',
};

function facts(overrides: Partial<SessionAccessFacts> = {}): SessionAccessFacts {
  return {
    principal: { kind: 'participant', registrationId: ids.registration, personId: null },
    link: { found: true, revoked: false, revokedReason: null },
    organiser: null,
    session: { id: ids.session, eventId: ids.event, type: 'plenary', startsAt: at('09:30'), endsAt: at('11:00') },
    event: { id: ids.event, timeZone: 'Europe/Paris', mainLanguage: 'fr', qaAnonymousNamesToModerators: false },
    organisesEvent: false,
    person: null,
    organiserInProgramme: null,
    registration: { id: ids.registration, name: 'Ada', affiliation: 'Lab', status: 'confirmed' },
    room: null,
    qa: null,
    removal: null,
    ...overrides,
  };
}
const live = { state: 'live' as const, wentLiveAt: at('09:25'), endedAt: null, roomStartedAt: null, roomFinishedAt: null, onStage: [] as string[] };
const person = (what: Partial<{ chairs: boolean; speaks: boolean; panelist: boolean }>) => ({
  principal: { kind: 'participant' as const, registrationId: null, personId: ids.person },
  registration: null,
  person: { id: ids.person, name: 'Eve', affiliation: null, chairs: false, speaks: false, panelist: false, ...what },
});
const organiser = {
  principal: { kind: 'organiser' as const, organiserId: ids.organiser },
  link: null,
  organiser: { id: ids.organiser, name: 'Olga' },
  registration: null,
  organisesEvent: true,
  organiserInProgramme: { chairs: false, speaks: false, panelist: false },
};
/** An organiser of the event who is also, by their account's e-mail, a person of this session's programme. */
const organiserWho = (what: Partial<{ chairs: boolean; speaks: boolean; panelist: boolean }>) => ({
  ...organiser,
  organiserInProgramme: { chairs: false, speaks: false, panelist: false, ...what },
});

function actorOf(f: SessionAccessFacts, now: Date): SessionActor {
  const outcome = decideAccess(f, now, minutes);
  assert.ok(outcome.ok, `expected an actor, got ${!outcome.ok && JSON.stringify(outcome.refusal)}`);
  return outcome.actor;
}
function refusalOf(f: SessionAccessFacts, now: Date) {
  const outcome = decideAccess(f, now, minutes);
  assert.ok(!outcome.ok, 'expected a refusal');
  return outcome.refusal;
}
const allowed = (actor: SessionActor) => CAPABILITIES.filter((c) => actor.can[c]);

describe('session access: roles and their capabilities', () => {
  it('an organiser of the event may do everything but publish, hidden in the room, even before it opens', () => {
    const actor = actorOf(facts(organiser), at('08:00'));
    assert.deepEqual([actor.role, actor.key, actor.name, actor.moderator], ['organiser', `o:${ids.organiser}`, 'Olga', true]);
    assert.deepEqual(allowed(actor), ['joinRoom', 'moderate', 'controlRoom', 'record']); // ask, vote, hands wait for the Q&A window
    assert.deepEqual(allowed(actorOf(facts({ ...organiser, room: live }), at('10:00'))), ['joinRoom', 'ask', 'vote', 'raiseHand', 'moderate', 'controlRoom', 'record']);
    assert.equal(actor.refusals.publish?.code, ErrorCode.NotAllowed);
  });

  it('a chair may enter backstage, speak, ask, moderate, run the room and record', () => {
    const actor = actorOf(facts(person({ chairs: true })), at('09:10'));
    assert.deepEqual([actor.role, actor.key, actor.moderator], ['chair', `p:${ids.person}`, true]);
    assert.deepEqual(allowed(actorOf(facts(person({ chairs: true })), at('09:40'))), [...CAPABILITIES]);
    assert.equal(actor.can.joinRoom, true, 'backstage is open at 09:10');
  });

  it('speakers and panelists enter backstage and speak, but neither moderate, run the room nor record', () => {
    for (const [what, role] of [[{ speaks: true }, 'speaker'], [{ panelist: true }, 'panelist']] as const) {
      const actor = actorOf(facts(person(what)), at('09:40'));
      assert.equal(actor.role, role);
      assert.equal(actor.moderator, false);
      assert.deepEqual(allowed(actor), ['joinRoom', 'publish', 'ask', 'vote', 'raiseHand']);
      for (const c of ['moderate', 'controlRoom', 'record'] as const) assert.equal(actor.refusals[c]?.code, ErrorCode.NotAllowed);
    }
  });

  it('the strongest role wins: a chair who also speaks is the chair', () => {
    assert.equal(actorOf(facts(person({ chairs: true, speaks: true, panelist: true })), at('09:40')).role, 'chair');
    assert.equal(actorOf(facts(person({ speaks: true, panelist: true })), at('09:40')).role, 'speaker');
  });

  it('a confirmed attendee enters only once live, asks, votes, raises a hand, and speaks only on stage', () => {
    const waiting = actorOf(facts(), at('09:40'));
    assert.deepEqual([waiting.role, waiting.key, waiting.moderator], ['attendee', `r:${ids.registration}`, false]);
    assert.deepEqual(waiting.refusals.joinRoom?.code, ErrorCode.LiveNotOpen);
    assert.deepEqual(waiting.refusals.joinRoom?.details, { state: 'backstage', opensAt: '2030-01-21T10:20:00+01:00', timeZone: 'Europe/Paris' });
    const inRoom = actorOf(facts({ room: live }), at('09:40'));
    assert.deepEqual(allowed(inRoom), ['joinRoom', 'ask', 'vote', 'raiseHand']);
    assert.equal(inRoom.refusals.publish?.code, ErrorCode.NotAllowed);
    const onStage = actorOf(facts({ room: { ...live, onStage: [`r:${ids.registration}`] } }), at('09:40'));
    assert.equal(onStage.can.publish, true);
  });

  it('the scheduled state before backstage opens says when it opens', () => {
    const early = actorOf(facts(person({ speaks: true })), at('08:00'));
    assert.deepEqual(early.refusals.joinRoom, {
      code: ErrorCode.LiveNotOpen,
      details: { state: 'scheduled', opensAt: '2030-01-21T10:00:00+01:00', timeZone: 'Europe/Paris' },
    });
  });
});

describe('session access: an organiser who is also in the session’s programme', () => {
  it('an organiser who chairs the session is its chair, visible and speaking, under their account’s key', () => {
    const actor = actorOf(facts({ ...organiserWho({ chairs: true }), room: live }), at('09:40'));
    assert.deepEqual([actor.role, actor.key, actor.name, actor.organiserId, actor.personId, actor.moderator], ['chair', `o:${ids.organiser}`, 'Olga', ids.organiser, null, true]);
    assert.deepEqual(allowed(actor), [...CAPABILITIES]);
    // The strongest part wins, as for anyone: a chair who also speaks is the chair.
    assert.equal(actorOf(facts({ ...organiserWho({ chairs: true, speaks: true }), room: live }), at('09:40')).role, 'chair');
  });

  it('enters as the chair does: backstage and live, not before backstage opens', () => {
    assert.equal(actorOf(facts(organiserWho({ chairs: true })), at('09:10')).can.joinRoom, true, 'backstage is open at 09:10');
    assert.equal(actorOf(facts(organiserWho({ chairs: true })), at('08:00')).refusals.joinRoom?.code, ErrorCode.LiveNotOpen);
  });

  it('an organiser who speaks or is a panelist presents, and keeps moderating, running the room and recording', () => {
    for (const [what, role] of [[{ speaks: true }, 'speaker'], [{ panelist: true }, 'panelist']] as const) {
      const actor = actorOf(facts({ ...organiserWho(what), room: live }), at('09:40'));
      assert.deepEqual([actor.role, actor.key, actor.moderator], [role, `o:${ids.organiser}`, true]);
      assert.deepEqual(allowed(actor), [...CAPABILITIES]);
    }
  });

  it('an organiser with no part in this session stays a hidden observer; an organiser of another event gets nothing (404)', () => {
    assert.equal(actorOf(facts({ ...organiser, room: live }), at('09:40')).role, 'organiser');
    assert.equal(actorOf(facts({ ...organiserWho({}), room: live }), at('09:40')).can.publish, false);
    assert.equal(refusalOf(facts({ ...organiserWho({ chairs: true }), organisesEvent: false }), at('09:40')).statusCode, 404);
  });

  it('a participant’s link is never read as an organiser’s part', () => {
    const f = facts({ ...person({}), organiserInProgramme: { chairs: true, speaks: true, panelist: true } });
    assert.equal(refusalOf(f, at('09:40')).code, ErrorCode.NoSessionRole);
  });
});

describe('session access: nobody, waiting list, cancelled, another event', () => {
  it('the waiting list has no role yet, and says so', () => {
    const refusal = refusalOf(facts({ registration: { id: ids.registration, name: 'Ada', affiliation: null, status: 'waitlisted' } }), at('09:40'));
    assert.deepEqual([refusal.statusCode, refusal.code, refusal.details], [403, ErrorCode.NoSessionRole, { reason: 'waitlisted' }]);
  });

  it('a cancelled registration has no role', () => {
    const refusal = refusalOf(facts({ registration: { id: ids.registration, name: 'Ada', affiliation: null, status: 'cancelled' } }), at('09:40'));
    assert.deepEqual([refusal.statusCode, refusal.code, refusal.details], [403, ErrorCode.NoSessionRole, { reason: 'cancelled' }]);
  });

  it('a break is nobody’s session, and a person with nothing to do in this one has no role in it', () => {
    const breakSession = facts({ session: { id: ids.session, eventId: ids.event, type: 'break', startsAt: at('09:30'), endsAt: at('11:00') } });
    assert.deepEqual(refusalOf(breakSession, at('09:40')).details, { reason: 'break' });
    const chairElsewhere = refusalOf(facts(person({})), at('09:40'));
    assert.deepEqual([chairElsewhere.code, chairElsewhere.details], [ErrorCode.NoSessionRole, { reason: 'no-role' }]);
  });

  it('a session the principal cannot see is 404: another event’s, or an event the organiser does not run', () => {
    assert.equal(refusalOf(facts({ session: null, event: null }), at('09:40')).statusCode, 404);
    assert.equal(refusalOf(facts({ ...organiser, organisesEvent: false }), at('09:40')).statusCode, 404);
  });

  it('a revoked personal link is 401 with its reason, before anything else (even a session not found)', () => {
    const cancelled = refusalOf(facts({ link: { found: true, revoked: true, revokedReason: 'cancelled' }, session: null, event: null }), at('09:40'));
    assert.deepEqual([cancelled.statusCode, cancelled.code, cancelled.details], [401, ErrorCode.LinkRevoked, { reason: 'cancelled' }]);
    const replaced = refusalOf(facts({ link: { found: true, revoked: true, revokedReason: 'replaced' } }), at('09:40'));
    assert.deepEqual([replaced.statusCode, replaced.code], [401, ErrorCode.LinkReplaced]);
    const gone = refusalOf(facts({ link: { found: false, revoked: false, revokedReason: null } }), at('09:40'));
    assert.deepEqual([gone.statusCode, gone.code], [401, ErrorCode.LinkGone]);
  });
});

describe('session access: removal by the chair', () => {
  it('refuses every capability, whatever the role, with the reason', () => {
    for (const f of [facts({ room: live }), facts({ ...person({ speaks: true }), room: live })]) {
      const actor = actorOf({ ...f, removal: { reason: 'Repeated interruptions' } }, at('09:40'));
      assert.deepEqual(allowed(actor), []);
      for (const c of CAPABILITIES) {
        assert.equal(actor.refusals[c]?.code, ErrorCode.RemovedFromSession);
        assert.deepEqual(actor.refusals[c]?.details, { reason: 'Repeated interruptions' });
      }
    }
  });
});

describe('session access: windows', () => {
  const qaCodes = (actor: SessionActor) => (['ask', 'vote', 'raiseHand'] as Capability[]).map((c) => actor.refusals[c]?.code ?? 'ok');

  it('questions open openEarly minutes before the start and close stayOpen minutes after the end, with both times in the event’s zone', () => {
    const before = actorOf(facts({ room: live }), at('09:14'));
    assert.deepEqual(qaCodes(before), [ErrorCode.QaClosed, ErrorCode.QaClosed, ErrorCode.QaClosed]);
    assert.deepEqual(before.refusals.ask?.details, { opensAt: '2030-01-21T10:15:00+01:00', closesAt: '2030-01-21T12:00:00+01:00', timeZone: 'Europe/Paris' });
    assert.deepEqual(qaCodes(actorOf(facts({ room: live }), at('09:15'))), ['ok', 'ok', 'ok']);
    const after = actorOf(facts({ room: live }), at('11:00'));
    assert.deepEqual(qaCodes(after), [ErrorCode.QaClosed, ErrorCode.QaClosed, ErrorCode.QaClosed]);
    // The session's own settings win over the defaults.
    const longer = actorOf(facts({ room: live, qa: { preModeration: true, openEarlyMinutes: 0, stayOpenMinutes: 30 } }), at('11:10'));
    assert.deepEqual(qaCodes(longer), ['ok', 'ok', 'ok']);
    assert.equal(longer.qa.preModeration, true);
  });

  it('a session the chair ended early closes its questions then; moderators keep moderating after the end', () => {
    const ended = { ...live, state: 'ended' as const, endedAt: at('10:30') };
    const chairAfter = actorOf(facts({ ...person({ chairs: true }), room: ended, qa: { preModeration: false, openEarlyMinutes: 15, stayOpenMinutes: 10 } }), at('10:45'));
    assert.equal(chairAfter.refusals.ask?.code, ErrorCode.QaClosed);
    assert.deepEqual(chairAfter.refusals.ask?.details, { opensAt: '2030-01-21T10:15:00+01:00', closesAt: '2030-01-21T11:40:00+01:00', timeZone: 'Europe/Paris' });
    assert.equal(chairAfter.can.moderate, true);
    assert.equal(chairAfter.can.controlRoom, true, 'a chair may still reopen it');
    assert.deepEqual(qaWindow({ startsAt: at('09:30'), endsAt: at('11:00') }, { state: 'ended', endedAt: at('11:30') }, { openEarlyMinutes: 15, stayOpenMinutes: 10 }).closesAt, at('11:10'), 'an end in the overrun does not reopen closed questions');
  });

  it('a hand cannot be raised once the room is over; the room is over for everyone but organisers', () => {
    const ended = { ...live, state: 'ended' as const, endedAt: at('10:30') };
    const attendee = actorOf(facts({ room: ended, qa: { preModeration: false, openEarlyMinutes: 15, stayOpenMinutes: 60 } }), at('10:40'));
    assert.equal(attendee.refusals.raiseHand?.code, ErrorCode.LiveEnded);
    assert.equal(attendee.can.ask, true, 'questions stay open for stayOpen minutes');
    assert.equal(attendee.refusals.joinRoom?.code, ErrorCode.LiveEnded);
    assert.deepEqual(attendee.refusals.joinRoom?.details, { state: 'ended', endedAt: '2030-01-21T11:30:00+01:00', reopenableUntil: '2030-01-21T13:00:00+01:00', timeZone: 'Europe/Paris' });
    assert.equal(actorOf(facts({ ...person({ chairs: true }), room: ended }), at('10:40')).refusals.joinRoom?.code, ErrorCode.LiveEnded);
    assert.equal(actorOf(facts({ ...organiser, room: ended }), at('10:40')).can.joinRoom, true);
    // Past the closing time, the clock ended the room even if nobody did.
    assert.equal(actorOf(facts({ room: live }), at('12:00')).refusals.joinRoom?.code, ErrorCode.LiveEnded);
  });
});

describe('session access: roles across a programme', () => {
  it('answers the role alone, for the personal space', () => {
    assert.deepEqual(sessionRole({ organisesEvent: false, person: null, registration: { status: 'confirmed' }, sessionType: 'talk' }), { role: 'attendee' });
    assert.equal(sessionRole({ organisesEvent: false, person: null, registration: { status: 'confirmed' }, sessionType: 'break' }).role, null);
    assert.equal(sessionRole({ organisesEvent: false, person: { chairs: false, speaks: true, panelist: false }, registration: null, sessionType: 'talk' }).role, 'speaker');
    assert.equal(sessionRole({ organisesEvent: true, person: null, registration: null, sessionType: 'break' }).role, 'organiser');
    assert.equal(sessionRole({ organisesEvent: true, person: { chairs: true, speaks: false, panelist: false }, registration: null, sessionType: 'talk' }).role, 'chair');
    assert.equal(sessionRole({ organisesEvent: true, person: { chairs: false, speaks: false, panelist: false }, registration: null, sessionType: 'talk' }).role, 'organiser');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
// The rule lives in libs/contracts, shared with the organiser's timetable; the API gives it luxon's zoned ISO.
import { findConflicts, outsideEventDates, overlaps, type ProgrammeContext, type ProgrammeRole, type ScheduledSession } from '@amphi/contracts';
import { eventBounds, toZonedIso } from './zoned-time';

/** The 2019 conference: 14–15 November in Europe/Paris (+01:00). */
const ZONE = 'Europe/Paris';
const BOUNDS = eventBounds('2019-11-14', '2019-11-15', ZONE);
const ISO = (d: Date) => toZonedIso(d, ZONE);
const at = (local: string) => new Date(`${local}:00+01:00`);

const NAMES: Record<string, string> = { brossard: 'Baptiste Brossard', zask: 'Joëlle Zask', gardien: 'Eve Gardien', laval: 'Christian Laval' };

function session(
  id: string,
  start: string,
  end: string,
  options: { stage?: string; people?: Record<string, ProgrammeRole[]>; talkMinutes?: number[]; title?: string } = {},
): ScheduledSession {
  return {
    id,
    title: options.title ?? id,
    startsAt: at(start),
    endsAt: at(end),
    stage: options.stage ?? 'main',
    people: new Map(Object.entries(options.people ?? {}).map(([person, roles]) => [person, new Set(roles)])),
    talkMinutes: options.talkMinutes ?? [],
  };
}

function context(others: ScheduledSession[]): ProgrammeContext {
  return { zonedIso: ISO, bounds: BOUNDS, others, personName: (id) => NAMES[id] ?? id };
}

describe('overlaps', () => {
  it('says that sessions which merely touch do not overlap, in either order', () => {
    const morning = session('a', '2019-11-14T09:30', '2019-11-14T11:00');
    const next = session('b', '2019-11-14T11:00', '2019-11-14T12:30');
    assert.equal(overlaps(morning, next), false);
    assert.equal(overlaps(next, morning), false);
  });

  it('says that sessions sharing even one minute overlap, in either order', () => {
    const morning = session('a', '2019-11-14T09:30', '2019-11-14T11:00');
    const early = session('b', '2019-11-14T10:59', '2019-11-14T12:30');
    assert.equal(overlaps(morning, early), true);
    assert.equal(overlaps(early, morning), true);
  });

  it('says that a session inside another overlaps it', () => {
    const long = session('a', '2019-11-14T09:00', '2019-11-14T12:00');
    const inner = session('b', '2019-11-14T10:00', '2019-11-14T10:30');
    assert.equal(overlaps(long, inner), true);
    assert.equal(overlaps(inner, long), true);
  });
});

describe('findConflicts', () => {
  it('finds nothing for a session that touches the previous one on the same stage with the same chair', () => {
    const previous = session('previous', '2019-11-14T09:30', '2019-11-14T11:00', { people: { brossard: ['chair'] } });
    const candidate = session('candidate', '2019-11-14T11:00', '2019-11-14T12:30', { people: { brossard: ['chair'] }, talkMinutes: [45, 45] });
    assert.deepEqual(findConflicts(candidate, context([previous])), []);
  });

  it('refuses two overlapping sessions on one stage, naming both, their times and the stage', () => {
    const plenary = session('plenary', '2019-11-14T09:30', '2019-11-14T11:00', { title: 'Plenary' });
    const workshop = session('workshop', '2019-11-14T10:30', '2019-11-14T12:00', { title: 'Workshop' });
    const conflicts = findConflicts(workshop, context([plenary]));
    assert.equal(conflicts.length, 1);
    // Facts, no prose: the API and the web app write the sentence in the reader's language.
    assert.deepEqual(conflicts[0], {
      kind: 'stage_overlap',
      sessionId: 'workshop',
      sessionTitle: 'Workshop',
      startsAt: '2019-11-14T10:30:00+01:00',
      endsAt: '2019-11-14T12:00:00+01:00',
      otherSessionId: 'plenary',
      otherSessionTitle: 'Plenary',
      otherStartsAt: '2019-11-14T09:30:00+01:00',
      otherEndsAt: '2019-11-14T11:00:00+01:00',
      stage: 'main',
    });
  });

  it('accepts overlapping sessions on different stages when nobody is in both', () => {
    const roomA = session('a', '2019-11-14T09:30', '2019-11-14T11:00', { stage: 'room A', people: { brossard: ['chair'] } });
    const roomB = session('b', '2019-11-14T10:00', '2019-11-14T11:30', { stage: 'room B', people: { gardien: ['chair'] } });
    assert.deepEqual(findConflicts(roomB, context([roomA])), []);
  });

  it('refuses a person in two overlapping sessions on different stages, with their roles in each', () => {
    const roomA = session('a', '2019-11-14T09:30', '2019-11-14T11:00', { stage: 'room A', title: 'Citizens', people: { gardien: ['speaker'] } });
    const roomB = session('b', '2019-11-14T10:00', '2019-11-14T11:30', {
      stage: 'room B',
      title: 'Peer support',
      people: { gardien: ['chair', 'speaker'], laval: ['speaker'] },
    });
    const conflicts = findConflicts(roomB, context([roomA]));
    assert.equal(conflicts.length, 1, 'no stage conflict, one person conflict');
    assert.equal(conflicts[0].kind, 'person_overlap');
    assert.equal(conflicts[0].personId, 'gardien');
    assert.equal(conflicts[0].sessionId, 'b');
    assert.equal(conflicts[0].otherSessionId, 'a');
    assert.deepEqual(
      [conflicts[0].personName, conflicts[0].roles, conflicts[0].sessionTitle, conflicts[0].otherRoles, conflicts[0].otherSessionTitle, conflicts[0].startsAt, conflicts[0].otherStartsAt],
      ['Eve Gardien', ['chair', 'speaker'], 'Peer support', ['speaker'], 'Citizens', '2019-11-14T10:00:00+01:00', '2019-11-14T09:30:00+01:00'],
    );
  });

  it('does not mind a person in two sessions that do not overlap', () => {
    const morning = session('a', '2019-11-14T09:30', '2019-11-14T11:00', { people: { gardien: ['speaker'] } });
    const afternoon = session('b', '2019-11-14T14:00', '2019-11-14T15:30', { people: { gardien: ['chair'] } });
    assert.deepEqual(findConflicts(afternoon, context([morning])), []);
  });

  it('refuses talks planned for longer than their session, with both durations', () => {
    const plenary = session('p', '2019-11-14T09:30', '2019-11-14T11:00', { title: 'Plenary', talkMinutes: [40, 40, 11] });
    const conflicts = findConflicts(plenary, context([]));
    assert.deepEqual(conflicts, [
      {
        kind: 'talks_exceed_session',
        sessionId: 'p',
        sessionTitle: 'Plenary',
        startsAt: '2019-11-14T09:30:00+01:00',
        endsAt: '2019-11-14T11:00:00+01:00',
        plannedMinutes: 91,
        availableMinutes: 90,
      },
    ]);
  });

  it('accepts talks that fill their session exactly', () => {
    const plenary = session('p', '2019-11-14T09:30', '2019-11-14T11:00', { talkMinutes: [40, 40, 10] });
    assert.deepEqual(findConflicts(plenary, context([])), []);
  });

  it('leaves the session id out for a session not saved yet', () => {
    const unsaved = { ...session('x', '2019-11-14T09:30', '2019-11-14T10:00', { talkMinutes: [31] }), id: undefined };
    const [conflict] = findConflicts(unsaved, context([]));
    assert.equal(conflict.kind, 'talks_exceed_session');
    assert.equal('sessionId' in conflict, false);
  });

  it('lists every conflict at once', () => {
    const plenary = session('plenary', '2019-11-14T09:30', '2019-11-14T11:00', { people: { brossard: ['chair'], zask: ['speaker'] } });
    const roundTable = session('round-table', '2019-11-14T10:00', '2019-11-14T11:00', { stage: 'room B', people: { zask: ['panelist'] } });
    const candidate = session('candidate', '2019-11-14T10:30', '2019-11-14T11:30', {
      people: { brossard: ['speaker'], zask: ['chair'] },
      talkMinutes: [30, 31],
    });
    const conflicts = findConflicts(candidate, context([plenary, roundTable]));
    const summary = conflicts.map((c) => [c.kind, c.otherSessionId ?? null, c.personId ?? null]);
    assert.deepEqual(summary, [
      ['stage_overlap', 'plenary', null],
      ['person_overlap', 'plenary', 'brossard'],
      ['person_overlap', 'plenary', 'zask'],
      ['person_overlap', 'round-table', 'zask'],
      ['talks_exceed_session', null, null],
    ]);
    assert.deepEqual([conflicts[3].personName, conflicts[3].roles, conflicts[3].sessionTitle, conflicts[3].otherRoles, conflicts[3].otherSessionTitle], ['Joëlle Zask', ['chair'], 'candidate', ['panelist'], 'round-table']);
  });

  it('includes a session outside the event dates among the conflicts', () => {
    const late = session('late', '2019-11-15T23:00', '2019-11-16T00:30');
    const conflicts = findConflicts(late, context([]));
    assert.deepEqual(conflicts.map((c) => c.kind), ['outside_event_dates']);
  });
});

describe('outsideEventDates', () => {
  it('accepts sessions from the first minute of the first day to the last minute of the last day', () => {
    const first = session('first', '2019-11-14T00:00', '2019-11-14T01:00');
    const last = session('last', '2019-11-15T23:00', '2019-11-16T00:00');
    assert.deepEqual(outsideEventDates([first, last], BOUNDS, ISO), []);
  });

  it('refuses a session starting before the event, saying when the event runs', () => {
    const before = session('before', '2019-11-13T23:30', '2019-11-14T00:30', { title: 'Too early' });
    assert.deepEqual(outsideEventDates([before], BOUNDS, ISO), [
      {
        kind: 'outside_event_dates',
        sessionId: 'before',
        sessionTitle: 'Too early',
        startsAt: '2019-11-13T23:30:00+01:00',
        endsAt: '2019-11-14T00:30:00+01:00',
        eventStartsAt: '2019-11-14T00:00:00+01:00',
        eventEndsAt: '2019-11-16T00:00:00+01:00',
      },
    ]);
  });

  it('refuses a session entirely after the event', () => {
    const after = session('after', '2019-11-16T09:30', '2019-11-16T11:00');
    assert.deepEqual(outsideEventDates([after], BOUNDS, ISO).map((c) => c.sessionId), ['after']);
  });

  it('refuses a session that starts inside the event but runs past its end', () => {
    const spanning = session('spanning', '2019-11-15T23:30', '2019-11-16T00:01');
    assert.deepEqual(outsideEventDates([spanning], BOUNDS, ISO).map((c) => c.sessionId), ['spanning']);
  });

  it('picks only the sessions outside among several', () => {
    const sessions = [
      session('before', '2019-11-13T09:30', '2019-11-13T11:00'),
      session('inside', '2019-11-14T09:30', '2019-11-14T11:00'),
      session('after', '2019-11-16T09:30', '2019-11-16T11:00'),
    ];
    assert.deepEqual(outsideEventDates(sessions, BOUNDS, ISO).map((c) => c.sessionId), ['before', 'after']);
  });
});

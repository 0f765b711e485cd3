import type { ProgrammeConflict } from '@amphi/contracts';
import { minutesBetween, toZonedIso } from './zoned-time';

/**
 * The programme rules, as pure functions so that they are unit-tested without a database:
 * a session lies within the event's dates; two sessions on one stage do not overlap; nobody
 * chairs, speaks or sits on a panel in two overlapping sessions; the talks fit their session.
 */

export type ProgrammeRole = 'chair' | 'speaker' | 'panelist';

export interface ScheduledSession {
  id?: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  stage: string;
  /** Each person of the session with the roles they hold in it. */
  people: Map<string, Set<ProgrammeRole>>;
  talkMinutes: number[];
}

export interface ProgrammeContext {
  timeZone: string;
  bounds: { start: Date; end: Date };
  /** Other sessions of the same event (the candidate itself excluded). */
  others: ScheduledSession[];
  personName: (personId: string) => string;
}

/** Sessions that merely touch (one ends at 10:00, the next starts at 10:00) do not overlap. */
export function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** A conflict's facts: titles, and times as ISO-8601 with the event's offset (PROGRAMME_CONFLICT names the zone). */
export function findConflicts(session: ScheduledSession, ctx: ProgrammeContext): ProgrammeConflict[] {
  const conflicts: ProgrammeConflict[] = [];
  const iso = (d: Date) => toZonedIso(d, ctx.timeZone);
  const base = { ...(session.id ? { sessionId: session.id } : {}), sessionTitle: session.title, startsAt: iso(session.startsAt), endsAt: iso(session.endsAt) };
  const other = (o: ScheduledSession) => ({ otherSessionId: o.id, otherSessionTitle: o.title, otherStartsAt: iso(o.startsAt), otherEndsAt: iso(o.endsAt) });

  conflicts.push(...outsideEventDates([session], ctx.bounds, ctx.timeZone));

  for (const o of ctx.others) {
    if (!overlaps(session, o)) continue;
    if (o.stage === session.stage) conflicts.push({ kind: 'stage_overlap', ...base, ...other(o), stage: session.stage });
    for (const [personId, roles] of session.people) {
      const otherRoles = o.people.get(personId);
      if (!otherRoles) continue;
      conflicts.push({ kind: 'person_overlap', ...base, ...other(o), personId, personName: ctx.personName(personId), roles: [...roles], otherRoles: [...otherRoles] });
    }
  }

  const planned = session.talkMinutes.reduce((sum, m) => sum + m, 0);
  const available = minutesBetween(session.startsAt, session.endsAt);
  if (planned > available) conflicts.push({ kind: 'talks_exceed_session', ...base, plannedMinutes: planned, availableMinutes: available });
  return conflicts;
}

/** Sessions that start before the event's first day or end after its last day. */
export function outsideEventDates(sessions: ScheduledSession[], bounds: { start: Date; end: Date }, timeZone: string): ProgrammeConflict[] {
  const iso = (d: Date) => toZonedIso(d, timeZone);
  return sessions
    .filter((s) => s.startsAt < bounds.start || s.endsAt > bounds.end)
    .map((s) => ({
      kind: 'outside_event_dates' as const,
      ...(s.id ? { sessionId: s.id } : {}),
      sessionTitle: s.title,
      startsAt: iso(s.startsAt),
      endsAt: iso(s.endsAt),
      eventStartsAt: iso(bounds.start),
      eventEndsAt: iso(bounds.end),
    }));
}

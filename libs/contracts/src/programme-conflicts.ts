import type { ProgrammeConflict } from './errors';

/**
 * The programme rules, as pure functions so that they are unit-tested without a database and so
 * that the API (the authority, under its programme lock) and the organiser's timetable (which shows a
 * conflict while a session is being dragged, before anything is sent) apply one and the same rule:
 * a session lies within the event's dates; two sessions on one stage do not overlap; nobody chairs,
 * speaks or sits on a panel in two overlapping sessions; the talks fit their session.
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

/**
 * An instant written as ISO-8601 with the event's offset (`2019-11-14T09:30:00+01:00`). Given by the
 * caller, so that this module needs no time-zone library: the API and the web both use luxon's.
 */
export type ZonedIso = (date: Date) => string;

export interface ProgrammeContext {
  zonedIso: ZonedIso;
  bounds: { start: Date; end: Date };
  /** Other sessions of the same event (the candidate itself excluded). */
  others: ScheduledSession[];
  personName: (personId: string) => string;
}

/** Sessions that merely touch (one ends at 10:00, the next starts at 10:00) do not overlap. */
export function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** Each person of a session with their roles in it, from its chairs, panelists and each talk's speakers. */
export function rolesOf(chairs: string[], panelists: string[], speakersByTalk: string[][]): Map<string, Set<ProgrammeRole>> {
  const roles = new Map<string, Set<ProgrammeRole>>();
  const add = (id: string, role: ProgrammeRole) => roles.set(id, (roles.get(id) ?? new Set()).add(role));
  chairs.forEach((id) => add(id, 'chair'));
  panelists.forEach((id) => add(id, 'panelist'));
  speakersByTalk.flat().forEach((id) => add(id, 'speaker'));
  return roles;
}

/** A conflict's facts: titles, and times as ISO-8601 with the event's offset (PROGRAMME_CONFLICT names the zone). */
export function findConflicts(session: ScheduledSession, ctx: ProgrammeContext): ProgrammeConflict[] {
  const conflicts: ProgrammeConflict[] = [];
  const iso = ctx.zonedIso;
  const base = { ...(session.id ? { sessionId: session.id } : {}), sessionTitle: session.title, startsAt: iso(session.startsAt), endsAt: iso(session.endsAt) };
  const other = (o: ScheduledSession) => ({ otherSessionId: o.id, otherSessionTitle: o.title, otherStartsAt: iso(o.startsAt), otherEndsAt: iso(o.endsAt) });

  conflicts.push(...outsideEventDates([session], ctx.bounds, iso));

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
  const available = (session.endsAt.getTime() - session.startsAt.getTime()) / 60_000;
  if (planned > available) conflicts.push({ kind: 'talks_exceed_session', ...base, plannedMinutes: planned, availableMinutes: available });
  return conflicts;
}

/** Sessions that start before the event's first day or end after its last day. */
export function outsideEventDates(sessions: ScheduledSession[], bounds: { start: Date; end: Date }, zonedIso: ZonedIso): ProgrammeConflict[] {
  return sessions
    .filter((s) => s.startsAt < bounds.start || s.endsAt > bounds.end)
    .map((s) => ({
      kind: 'outside_event_dates' as const,
      ...(s.id ? { sessionId: s.id } : {}),
      sessionTitle: s.title,
      startsAt: zonedIso(s.startsAt),
      endsAt: zonedIso(s.endsAt),
      eventStartsAt: zonedIso(bounds.start),
      eventEndsAt: zonedIso(bounds.end),
    }));
}

import type { ProgrammeConflict } from '@amphi/contracts';
import { describeTime, minutesBetween } from './zoned-time';

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

const roleList = (roles: Set<ProgrammeRole> | undefined) => [...(roles ?? [])].join(' and ');

export function findConflicts(session: ScheduledSession, ctx: ProgrammeContext): ProgrammeConflict[] {
  const conflicts: ProgrammeConflict[] = [];
  const when = (s: { startsAt: Date; endsAt: Date }) => `${describeTime(s.startsAt, ctx.timeZone)}–${describeTime(s.endsAt, ctx.timeZone).slice(-5)}`;
  const base = session.id ? { sessionId: session.id } : {};

  conflicts.push(...outsideEventDates([session], ctx.bounds, ctx.timeZone));

  for (const other of ctx.others) {
    if (!overlaps(session, other)) continue;
    if (other.stage === session.stage) {
      conflicts.push({
        kind: 'stage_overlap',
        ...base,
        otherSessionId: other.id,
        stage: session.stage,
        message: `"${session.title}" (${when(session)}) overlaps "${other.title}" (${when(other)}) on stage "${session.stage}".`,
      });
    }
    for (const [personId, roles] of session.people) {
      const otherRoles = other.people.get(personId);
      if (!otherRoles) continue;
      conflicts.push({
        kind: 'person_overlap',
        ...base,
        otherSessionId: other.id,
        personId,
        message: `${ctx.personName(personId)} would be ${roleList(roles)} in "${session.title}" (${when(session)}) while ${roleList(otherRoles)} in "${other.title}" (${when(other)}).`,
      });
    }
  }

  const planned = session.talkMinutes.reduce((sum, m) => sum + m, 0);
  const available = minutesBetween(session.startsAt, session.endsAt);
  if (planned > available) {
    conflicts.push({
      kind: 'talks_exceed_session',
      ...base,
      message: `The talks of "${session.title}" are planned for ${planned} minutes but the session lasts ${available} minutes.`,
    });
  }
  return conflicts;
}

/** Sessions that start before the event's first day or end after its last day. */
export function outsideEventDates(sessions: ScheduledSession[], bounds: { start: Date; end: Date }, timeZone: string): ProgrammeConflict[] {
  return sessions
    .filter((s) => s.startsAt < bounds.start || s.endsAt > bounds.end)
    .map((s) => ({
      kind: 'outside_event_dates' as const,
      ...(s.id ? { sessionId: s.id } : {}),
      message: `"${s.title}" (${describeTime(s.startsAt, timeZone)} to ${describeTime(s.endsAt, timeZone)}) is outside the event's dates (${describeTime(bounds.start, timeZone)} to ${describeTime(bounds.end, timeZone)}).`,
    }));
}

import { DateTime } from 'luxon';
import { eventLengthInDays, findConflicts, pickText, rolesOf, type OrganiserEventView, type ProgrammeConflict, type ScheduledSession, type SessionView } from '@amphi/contracts';

/**
 * The timetable's arithmetic, without React: where a session sits (a day of the event, a stage, and
 * wall-clock minutes from that day's midnight in the event's zone), and what a move would break, by
 * the API's own rule (findConflicts from libs/contracts). Organisers think of their programme in the
 * event's wall-clock time, and the API reads a time without offset in the event's zone, so a slot is
 * written back as `YYYY-MM-DDTHH:mm` and nothing here converts through the browser's zone.
 */

/** Every move and every length is a multiple of this. */
export const SNAP_MINUTES = 5;
/** A click on an empty slot proposes a session this long. */
export const DEFAULT_MINUTES = 30;
const DAY = 24 * 60;

export interface Slot {
  /** The event's day the session starts on, YYYY-MM-DD in the event's zone. */
  day: string;
  stage: string;
  /** Wall-clock minutes from that day's midnight; `end` passes 1440 for a session ending after midnight. */
  start: number;
  end: number;
}

export const snap = (minutes: number) => Math.round(minutes / SNAP_MINUTES) * SNAP_MINUTES;

/** The event's days, first to last. */
export function eventDays(event: Pick<OrganiserEventView, 'startDate' | 'endDate'>): string[] {
  const first = DateTime.fromISO(event.startDate, { zone: 'UTC' });
  return Array.from({ length: eventLengthInDays(event.startDate, event.endDate) }, (_, i) => first.plus({ days: i }).toISODate()!);
}

/** Where a stored session sits, read in the event's zone. */
export function slotOf(session: Pick<SessionView, 'startsAt' | 'endsAt' | 'stage'>, zone: string): Slot {
  const start = DateTime.fromISO(session.startsAt, { zone });
  const end = DateTime.fromISO(session.endsAt, { zone });
  const day = start.toISODate()!;
  const dayStart = DateTime.fromISO(day, { zone: 'UTC' });
  const wall = (d: DateTime) => Math.round(DateTime.fromISO(d.toFormat("yyyy-MM-dd'T'HH:mm"), { zone: 'UTC' }).diff(dayStart, 'minutes').minutes);
  return { day, stage: session.stage, start: wall(start), end: wall(end) };
}

/** `2019-11-14T09:30`: a slot's wall-clock time as the API reads it (in the event's zone). */
export function wallTimeAt(day: string, minutes: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The instant of a wall-clock time in the event's zone (a time the clocks skip is moved forward, as the API would refuse it anyway). */
export function instant(day: string, minutes: number, zone: string): Date {
  return DateTime.fromISO(wallTimeAt(day, minutes), { zone }).toJSDate();
}

/** `2019-11-14T09:30:00+01:00`, as the API writes a conflict's times. */
export const zonedIso = (zone: string) => (date: Date) => DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true })!;

/** The hours the grid shows, the same for every day: 08:00–19:00 at least, more if a session needs it. */
export function visibleRange(slots: Slot[]): { from: number; to: number } {
  let from = 8 * 60;
  let to = 19 * 60;
  for (const s of slots) {
    from = Math.min(from, Math.floor(s.start / 60) * 60);
    to = Math.max(to, Math.ceil(Math.min(s.end, DAY) / 60) * 60);
  }
  return { from: Math.max(0, from), to: Math.min(DAY, to) };
}

/** The stages, in a stable order (by name), with those the organiser added and no session uses yet. */
export function stagesOf(sessions: Array<{ stage: string }>, added: string[], lang: string): string[] {
  return [...new Set([...sessions.map((s) => s.stage), ...added])].sort((a, b) => a.localeCompare(b, lang));
}

/** A session as the conflict rule sees it: its people with their roles, and its talks' minutes. */
export function scheduled(session: SessionView, event: Pick<OrganiserEventView, 'mainLanguage'>, slot?: Slot, zone?: string): ScheduledSession {
  return {
    id: session.id,
    title: pickText(session.title, event.mainLanguage, event.mainLanguage) ?? '',
    startsAt: slot && zone ? instant(slot.day, slot.start, zone) : new Date(session.startsAt),
    endsAt: slot && zone ? instant(slot.day, slot.end, zone) : new Date(session.endsAt),
    stage: slot?.stage ?? session.stage,
    people: rolesOf(
      session.chairs.map((p) => p.id),
      session.panelists.map((p) => p.id),
      session.talks.map((t) => t.speakers.map((p) => p.id)),
    ),
    talkMinutes: session.talks.map((t) => t.plannedMinutes),
  };
}

/**
 * What saving `session` at `slot` would break, by the rule the API applies (the API stays the
 * authority: it checks again under its programme lock). Names come from the sessions themselves.
 */
export function conflictsOfMove(session: SessionView, slot: Slot, event: OrganiserEventView): ProgrammeConflict[] {
  const zone = event.timeZone;
  const names = new Map<string, string>();
  for (const s of event.sessions) for (const p of [...s.chairs, ...s.panelists, ...s.talks.flatMap((t) => t.speakers)]) names.set(p.id, p.name);
  return findConflicts(scheduled(session, event, slot, zone), {
    zonedIso: zonedIso(zone),
    bounds: { start: new Date(event.startsAt), end: new Date(event.endsAt) },
    others: event.sessions.filter((s) => s.id !== session.id).map((s) => scheduled(s, event)),
    personName: (id) => names.get(id) ?? id,
  });
}

/** The slot a key moves to: ↑↓ by 5 minutes, ←→ to the previous or next stage (across days), Shift+↑↓ changes the length. */
export function slotAfterKey(slot: Slot, key: string, shift: boolean, columns: Array<{ day: string; stage: string }>): Slot | null {
  const length = slot.end - slot.start;
  switch (key) {
    case 'ArrowUp':
      if (shift) return length > SNAP_MINUTES ? { ...slot, end: slot.end - SNAP_MINUTES } : slot;
      return slot.start >= SNAP_MINUTES ? { ...slot, start: slot.start - SNAP_MINUTES, end: slot.end - SNAP_MINUTES } : slot;
    case 'ArrowDown':
      if (shift) return slot.end + SNAP_MINUTES <= DAY * 2 ? { ...slot, end: slot.end + SNAP_MINUTES } : slot;
      return slot.end + SNAP_MINUTES <= DAY * 2 && slot.start + SNAP_MINUTES < DAY ? { ...slot, start: slot.start + SNAP_MINUTES, end: slot.end + SNAP_MINUTES } : slot;
    case 'ArrowLeft':
    case 'ArrowRight': {
      const here = columns.findIndex((c) => c.day === slot.day && c.stage === slot.stage);
      const next = columns[here + (key === 'ArrowLeft' ? -1 : 1)];
      return next ? { ...slot, day: next.day, stage: next.stage } : slot;
    }
    default:
      return null;
  }
}

import { DateTime } from 'luxon';

/**
 * Time-zone arithmetic for the programme. Instants are stored in UTC; organisers write
 * wall-clock times in the event's zone; the API answers ISO-8601 with the zone's offset.
 */

/** A refusal says why for machines (`reason`: not a date-time, or a wall-clock time the clocks skip) and for the logs (`message`). */
export type ParsedTime = { ok: true; date: Date } | { ok: false; reason: 'invalid' | 'skipped'; message: string };

/** Reads `2019-11-14T09:30` as wall-clock time in `zone`, or `...+01:00`/`...Z` as that instant. */
export function parseProgrammeTime(input: string, zone: string): ParsedTime {
  const hasOffset = /(?:Z|[+-]\d{2}:\d{2})$/.test(input);
  const dt = hasOffset ? DateTime.fromISO(input, { setZone: true }) : DateTime.fromISO(input, { zone });
  if (!dt.isValid) return { ok: false, reason: 'invalid', message: `is not a valid date-time (${dt.invalidExplanation ?? dt.invalidReason})` };
  if (!hasOffset) {
    // A wall-clock time skipped by a daylight-saving change does not exist; luxon would silently move it.
    const roundTrip = dt.toFormat("yyyy-MM-dd'T'HH:mm");
    if (!input.startsWith(roundTrip)) return { ok: false, reason: 'skipped', message: `does not exist in ${zone} (the clocks change at that time)` };
  }
  return { ok: true, date: dt.toJSDate() };
}

/** `2019-11-14T09:30:00+01:00` for the instant as seen in `zone`. */
export function toZonedIso(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true })!;
}

/** The event runs from the start of its first day to the end of its last day, in its own zone. */
export function eventBounds(startDate: string, endDate: string, zone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(startDate, { zone }).startOf('day');
  const end = DateTime.fromISO(endDate, { zone }).plus({ days: 1 }).startOf('day');
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** A short human reading of an instant in a zone, for conflict messages: "Thu 14 Nov 2019 09:30". */
export function describeTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm');
}

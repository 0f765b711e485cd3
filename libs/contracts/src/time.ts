import { z } from 'zod';

/** True for an IANA time zone name the runtime knows (Europe/Paris, America/Montreal, UTC ...). */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as Europe/Paris', params: { fieldIssue: 'invalid_format', format: 'time_zone' } })
  // The runtime checks the name against the IANA database (Intl); the document says so in words and
  // gives the shape, since a list of ~400 names would be copied into every schema that has a zone.
  .meta({
    description: 'An IANA time zone name (tz database), such as Europe/Paris or America/Montreal; checked against the server’s tz database.',
    pattern: '^[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*$',
    example: 'Europe/Paris',
  });

/**
 * The dates Amphi accepts, for calendar dates and date-times alike: 1900-01-01 to 2199-12-31.
 * Study days are planned a few years ahead and archived for decades; anything outside this range
 * is a typo (0000-01-01, 9999-12-31) that PostgreSQL or the time-zone arithmetic would choke on.
 */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2199-12-31';
/** The longest event, first to last day inclusive: a conference or a summer school, not a season. */
export const MAX_EVENT_DAYS = 31;

/** A real calendar date (month 01–12, the month's days, 29 February in leap years only), as a regex source. */
function datePattern(year: string, leapYear: string): string {
  return (
    `(?:${leapYear}-02-29|${year}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))`
  );
}
const LEAP_TAIL = '(?:0[48]|[2468][048]|[13579][26])';
/** Any year 0000–9999: what the runtime parses, so that a date out of range is told as such, not as a bad shape. */
const ANY_DATE = datePattern('\\d{4}', `(?:\\d{2}${LEAP_TAIL}|${LEAP_TAIL}00)`);
/** Only 1900–2199 (2000 is a leap year, 1900 and 2100 are not): what the OpenAPI document promises. */
const DATE_IN_RANGE = datePattern('(?:19|20|21)\\d{2}', `(?:(?:19|20|21)${LEAP_TAIL}|2000)`);
/** Hours 00–23, minutes and seconds 00–59, up to milliseconds, an optional offset up to ±14:59. */
const TIME = 'T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,3})?)?(?:Z|[+-](?:0\\d|1[0-4]):[0-5]\\d)?';

export const CALENDAR_DATE = new RegExp(`^${ANY_DATE}$`);
export const CALENDAR_DATE_IN_RANGE = new RegExp(`^${DATE_IN_RANGE}$`);

/**
 * True when the date part (YYYY-MM-DD) of `value` lies within MIN_DATE..MAX_DATE. A value that does
 * not start with a date passes: its shape is refused by the pattern, which says it once.
 */
export function isDateInRange(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return true;
  const day = value.slice(0, 10);
  return day >= MIN_DATE && day <= MAX_DATE;
}

const outOfRange = {
  message: `must be between ${MIN_DATE} and ${MAX_DATE}`,
  // Read by the API's field issues: code date_out_of_range with its bounds.
  params: { fieldIssue: 'date_out_of_range', min: MIN_DATE, max: MAX_DATE },
};

/** A calendar date, YYYY-MM-DD, read in the event's time zone, within MIN_DATE..MAX_DATE. */
export const calendarDateSchema = z
  .string()
  .regex(CALENDAR_DATE, 'must be a date as YYYY-MM-DD')
  .refine(isDateInRange, outOfRange)
  .meta({ format: 'date', pattern: CALENDAR_DATE_IN_RANGE.source, description: `A calendar date (YYYY-MM-DD) from ${MIN_DATE} to ${MAX_DATE}.` });

/** The last day an event starting on `startDate` may end on (YYYY-MM-DD): MAX_EVENT_DAYS in all. */
export function latestEndDate(startDate: string): string {
  return new Date(Date.parse(`${startDate}T00:00:00Z`) + (MAX_EVENT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** Days from `startDate` to `endDate` inclusive (both YYYY-MM-DD): 1 for a one-day event. */
export function eventLengthInDays(startDate: string, endDate: string): number {
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * A date and time. With an offset (`2019-11-14T09:30:00+01:00`, `...Z`) it is that instant;
 * without one (`2019-11-14T09:30`) it is read as wall-clock time in the event's time zone,
 * which is how organisers think of their programme. The date is a real calendar date within
 * MIN_DATE..MAX_DATE and the time a real time of day (`0000-00-00T00:00`, `…T24:00` are refused).
 */
export const LOCAL_OR_OFFSET_DATETIME = new RegExp(`^${ANY_DATE}${TIME}$`);
const LOCAL_OR_OFFSET_DATETIME_IN_RANGE = new RegExp(`^${DATE_IN_RANGE}${TIME}$`);
export const dateTimeSchema = z
  .string()
  .regex(LOCAL_OR_OFFSET_DATETIME, 'must be an ISO-8601 date-time such as 2019-11-14T09:30 or 2019-11-14T09:30:00+01:00')
  .refine(isDateInRange, outOfRange)
  // No `format: date-time`: that format (RFC 3339) requires an offset, and a local wall-clock time is
  // valid here; the pattern says exactly what is accepted.
  .meta({
    pattern: LOCAL_OR_OFFSET_DATETIME_IN_RANGE.source,
    description: `An ISO-8601 date-time from ${MIN_DATE} to ${MAX_DATE}: without an offset (2019-11-14T09:30) it is read in the event’s time zone; with one (2019-11-14T09:30:00+01:00) it is that instant.`,
    example: '2019-11-14T09:30',
  });

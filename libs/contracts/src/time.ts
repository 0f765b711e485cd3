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
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as Europe/Paris' });

/** A calendar date, YYYY-MM-DD, read in the event's time zone. */
export const calendarDateSchema = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

/**
 * A date and time. With an offset (`2019-11-14T09:30:00+01:00`, `...Z`) it is that instant;
 * without one (`2019-11-14T09:30`) it is read as wall-clock time in the event's time zone,
 * which is how organisers think of their programme.
 */
export const LOCAL_OR_OFFSET_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;
export const dateTimeSchema = z
  .string()
  .regex(LOCAL_OR_OFFSET_DATETIME, 'must be an ISO-8601 date-time such as 2019-11-14T09:30 or 2019-11-14T09:30:00+01:00');

import type { Language } from '@amphi/contracts';

/**
 * Dates and times with the browser's Intl: an instant is shown in a named IANA zone (the event's,
 * or the viewer's own), a calendar date (YYYY-MM-DD, an event's first or last day) as such.
 */
export const localeOf = (lang: Language) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

export function viewerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeOf(lang), options);
    cache.set(key, f);
  }
  return f;
}

/** A calendar date as noon UTC, so that no zone moves it to another day. */
const calendarDate = (date: string) => new Date(`${date}T12:00:00Z`);

/** "14–15 November 2019", "vendredi 21 janvier 2022". */
export function formatDateRange(startDate: string, endDate: string, lang: Language): string {
  if (startDate === endDate) return formatter(lang, { dateStyle: 'full', timeZone: 'UTC' }).format(calendarDate(startDate));
  return formatter(lang, { dateStyle: 'long', timeZone: 'UTC' }).formatRange(calendarDate(startDate), calendarDate(endDate));
}

/** The day an instant falls on in `zone`, as YYYY-MM-DD (used to group a programme by day). */
export function dayKey(iso: string, zone: string): string {
  const parts = formatter('en', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "Thursday 14 November 2019" for the day of `iso` in `zone`. */
export function formatDay(iso: string, zone: string, lang: Language): string {
  return formatter(lang, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

export function formatTime(iso: string, zone: string, lang: Language): string {
  return formatter(lang, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "09:30–10:45", or across midnight "23:30–00:30 (+1)". */
export function formatTimeRange(startIso: string, endIso: string, zone: string, lang: Language): string {
  const nextDay = dayKey(startIso, zone) !== dayKey(endIso, zone);
  return `${formatTime(startIso, zone, lang)}–${formatTime(endIso, zone, lang)}${nextDay ? ' (+1)' : ''}`;
}

/** A full date and time with the zone's short name: "14/11/2019, 09:30 UTC+1". */
export function formatDateTime(iso: string, zone: string, lang: Language): string {
  return formatter(lang, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The zone's name as people read it ("heure normale d’Europe centrale", "GMT-5"), for a caption. */
export function zoneLabel(zone: string, lang: Language, at: string = new Date().toISOString()): string {
  const parts = formatter(lang, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date(at));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

export function groupByDay<T extends { startsAt: string }>(items: T[], zone: string): Array<{ key: string; items: T[] }> {
  const days = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const key = dayKey(item.startsAt, zone);
    const list = days.get(key) ?? [];
    list.push(item);
    days.set(key, list);
  }
  return [...days.entries()].map(([key, list]) => ({ key, items: list }));
}

/** 3725 → "1:02:05", 125 → "2:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function formatBytes(bytes: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const n = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${n} ${lang === 'fr' ? units[unit].replace('B', 'o') : units[unit]}`;
}

const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();
function relative(lang: Language): Intl.RelativeTimeFormat {
  let f = relativeFormats.get(lang);
  if (!f) {
    f = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'auto' });
    relativeFormats.set(lang, f);
  }
  return f;
}

/** Whole days from the calendar day of `fromIso` to that of `toIso`, both read in `zone`. */
function daysApart(fromIso: string, toIso: string, zone: string): number {
  return Math.round((Date.parse(`${dayKey(toIso, zone)}T12:00:00Z`) - Date.parse(`${dayKey(fromIso, zone)}T12:00:00Z`)) / 86_400_000);
}

/**
 * An instant in words, in `zone`: "today at 20:07", "tomorrow at 09:00", "yesterday at 18:30",
 * "on Monday 30 November at 20:07"; in French "aujourd’hui à 20:07", "demain à 09:00",
 * "lundi 30 novembre à 20:07". The day words come from Intl.RelativeTimeFormat.
 */
export function formatWhen(iso: string, zone: string, lang: Language, now: number = Date.now()): string {
  const time = formatTime(iso, zone, lang);
  const at = lang === 'fr' ? 'à' : 'at';
  const days = daysApart(new Date(now).toISOString(), iso, zone);
  if (Math.abs(days) <= 1) return `${relative(lang).format(days, 'day')} ${at} ${time}`;
  const sameYear = dayKey(iso, zone).slice(0, 4) === dayKey(new Date(now).toISOString(), zone).slice(0, 4);
  const day = formatter(lang, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(new Date(iso));
  return lang === 'fr' ? `${day} ${at} ${time}` : `on ${day} ${at} ${time}`;
}

/** How far an instant is from now: "in 12 minutes", "in 3 hours", "5 minutes ago"; "dans 12 minutes", "il y a 5 minutes". */
export function formatFromNow(iso: string, lang: Language, now: number = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const minutes = Math.abs(ms) / 60_000;
  const sign = ms < 0 ? -1 : 1;
  if (minutes < 90) return relative(lang).format(sign * Math.max(1, Math.round(minutes)), 'minute');
  if (minutes < 36 * 60) return relative(lang).format(sign * Math.round(minutes / 60), 'hour');
  return relative(lang).format(sign * Math.round(minutes / 1440), 'day');
}

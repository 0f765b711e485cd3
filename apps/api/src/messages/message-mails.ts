import { DateTime } from 'luxon';
import { pickText, type Language, type LocalizedText } from '@amphi/contracts';
import type { Event } from '../events/event.entity';

/** "Thursday 14 November 2019, 09:30 (Europe/Paris)", in the reader's language and the event's zone. */
export function describeWhen(date: Date, event: Pick<Event, 'timeZone'>, language: Language): string {
  const at = DateTime.fromJSDate(date, { zone: event.timeZone }).setLocale(language === 'fr' ? 'fr-FR' : 'en-GB');
  return `${at.toFormat('cccc d LLLL yyyy, HH:mm')} (${event.timeZone})`;
}

/** A session's place in the programme, for a notice: its time, then its stage. */
export function describeSlot(slot: { startsAt: Date; stage: string }, event: Pick<Event, 'timeZone'>, language: Language): string {
  return `${describeWhen(slot.startsAt, event, language)}, ${slot.stage}`;
}

/** The text in the reader's language, else the event's main language. */
export function textFor(text: LocalizedText | null | undefined, language: Language, event: Pick<Event, 'mainLanguage' | 'slug'>): string {
  return pickText(text, language, event.mainLanguage) ?? '';
}

/** The organiser's body as paragraphs: separated by a blank line, as they typed them. */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter(Boolean);
}

/** The personal link with `?stop=reminders`: the personal space opens and stops the reminders in one click. */
export function stopRemindersUrl(personalUrl: string): string {
  const hash = personalUrl.indexOf('#');
  if (hash < 0) return personalUrl;
  return `${personalUrl.slice(0, hash)}?stop=reminders${personalUrl.slice(hash)}`;
}

/** Reminders and the scheduler's batches: small, so that several processes share the work and a transaction stays short. */
export const BATCH_SIZE = 200;

/**
 * How late a reminder may still go out. A reminder whose time came while no process was running
 * (a restart, a deploy) goes out if it is at most this late, never after what it announces has
 * started: "the day before" sent on the morning itself still helps, "in 15 minutes" sent after the
 * session began does not.
 */
export const EVENT_REMINDER_GRACE_SECONDS = 6 * 3600;
export const SESSION_REMINDER_GRACE_SECONDS = 10 * 60;

import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { pickText, type Language, type PersonPublicView, type SessionType, type SessionView } from '@amphi/contracts';
import type { Event } from '../events/event.entity';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The programme as iCalendar (RFC 5545), made with ical-generator. Times are written in UTC,
 * which every calendar reads the same way and which sidesteps VTIMEZONE definitions; each
 * calendar app then shows them in its user's own zone.
 */
/**
 * The words the calendar writes itself, in each language (a Record over Language, so that a language
 * cannot be left out); everything else comes from the event in the requested language, falling back
 * to the event's main language.
 */
export const CALENDAR_WORDS: Record<
  Language,
  { online: string; alsoOnline: string; chair: string; chairs: string; panel: string; colon: string; sessionTypes: Record<SessionType, string> }
> = {
  fr: {
    online: 'En ligne',
    alsoOnline: '(et en ligne)',
    chair: 'Présidence',
    chairs: 'Présidence',
    panel: 'Table ronde',
    // French typography: a no-break space before the colon.
    colon: '\u00a0: ',
    sessionTypes: { plenary: 'Plénière', round_table: 'Table ronde', workshop: 'Atelier', keynote: 'Conférence invitée', break: 'Pause', other: 'Séance' },
  },
  en: {
    online: 'Online',
    alsoOnline: '(and online)',
    chair: 'Chair',
    chairs: 'Chairs',
    panel: 'Panelists',
    colon: ': ',
    sessionTypes: { plenary: 'Plenary', round_table: 'Round table', workshop: 'Workshop', keynote: 'Keynote', break: 'Break', other: 'Session' },
  },
};

@Injectable()
export class CalendarService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  programme(event: Event, sessions: SessionView[], lang: Language | undefined): string {
    const language = lang ?? event.mainLanguage;
    const words = CALENDAR_WORDS[language];
    const text = (t: Parameters<typeof pickText>[0]) => pickText(t, language, event.mainLanguage) ?? '';
    const names = (people: PersonPublicView[]) => people.map((p) => p.name).join(', ');
    const calendar = ical({
      name: text(event.title),
      description: text(event.subtitle),
      prodId: { company: 'Amphi', product: 'programme', language: language.toUpperCase() },
      method: ICalCalendarMethod.PUBLISH,
      url: `${this.config.publicUrl}/events/${event.slug}`,
      timezone: null,
    });
    const venue = event.venue ? [event.venue.name, event.venue.city].filter(Boolean).join(', ') : '';
    const location = event.format === 'online' ? words.online : event.format === 'hybrid' ? (venue ? `${venue} ${words.alsoOnline}` : words.online) : venue || undefined;
    for (const s of sessions) {
      const people = [
        s.chairs.length ? `${s.chairs.length > 1 ? words.chairs : words.chair}${words.colon}${names(s.chairs)}` : '',
        ...s.talks.map((t) => `• ${text(t.title)}${t.speakers.length ? ` (${names(t.speakers)})` : ''}`),
        s.panelists.length ? `${words.panel}${words.colon}${names(s.panelists)}` : '',
      ].filter(Boolean);
      calendar.createEvent({
        id: `${s.id}@amphi`,
        start: new Date(s.startsAt),
        end: new Date(s.endsAt),
        summary: text(s.title),
        description: [text(s.description), ...people].filter(Boolean).join('\n'),
        location,
        url: `${this.config.publicUrl}/events/${event.slug}/sessions/${s.id}`,
        categories: [{ name: words.sessionTypes[s.type] }],
      });
    }
    return calendar.toString();
  }
}

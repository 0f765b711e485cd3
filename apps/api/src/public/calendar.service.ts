import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { pickText, type Language, type SessionView } from '@amphi/contracts';
import type { Event } from '../events/event.entity';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The programme as iCalendar (RFC 5545), made with ical-generator. Times are written in UTC,
 * which every calendar reads the same way and which sidesteps VTIMEZONE definitions; each
 * calendar app then shows them in its user's own zone.
 */
@Injectable()
export class CalendarService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  programme(event: Event, sessions: SessionView[], lang: Language | undefined): string {
    const language = lang ?? event.mainLanguage;
    const text = (t: Parameters<typeof pickText>[0]) => pickText(t, language, event.mainLanguage) ?? '';
    const calendar = ical({
      name: text(event.title),
      description: text(event.subtitle),
      prodId: { company: 'Amphi', product: 'programme', language: language.toUpperCase() },
      method: ICalCalendarMethod.PUBLISH,
      url: `${this.config.publicUrl}/events/${event.slug}`,
      timezone: null,
    });
    for (const s of sessions) {
      const people = [
        s.chairs.length ? `${language === 'fr' ? 'Présidence' : 'Chair'}: ${s.chairs.map((p) => p.name).join(', ')}` : '',
        ...s.talks.map((t) => `• ${text(t.title)}${t.speakers.length ? ` (${t.speakers.map((p) => p.name).join(', ')})` : ''}`),
        s.panelists.length ? `${language === 'fr' ? 'Intervenants' : 'Panel'}: ${s.panelists.map((p) => p.name).join(', ')}` : '',
      ].filter(Boolean);
      calendar.createEvent({
        id: `${s.id}@amphi`,
        start: new Date(s.startsAt),
        end: new Date(s.endsAt),
        summary: text(s.title),
        description: [text(s.description), ...people].filter(Boolean).join('\n'),
        location: event.format === 'online' ? 'Online' : (event.venue?.name ?? undefined),
        url: `${this.config.publicUrl}/events/${event.slug}/sessions/${s.id}`,
        categories: [{ name: s.type }],
      });
    }
    return calendar.toString();
  }
}

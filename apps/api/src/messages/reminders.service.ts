import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_REMINDER_SETTINGS, ErrorCode, type Language, type ReminderPreferenceView, type ReminderSettings } from '@amphi/contracts';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { PersonalLinksService } from '../access/personal-links.service';
import { OutboxService, type OutgoingMail } from '../mail/outbox.service';
import { renderMail } from '../mail/mail-templates';
import { describeEventDates } from '../registrations/registrations.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Forbidden } from '../common/domain-errors';
import { ReminderOptOut, ReminderSettingsRow } from './messages.entities';
import { BATCH_SIZE, EVENT_REMINDER_GRACE_SECONDS, SESSION_REMINDER_GRACE_SECONDS, describeWhen, stopRemindersUrl, textFor } from './message-mails';

interface DueReminder {
  event_id: string;
  registration_id: string;
  session_id: string | null;
  email: string;
  name: string;
  language: Language;
  /** The event's first session (or first day) for an event reminder; the session's start for a session reminder. */
  starts_at: Date;
  minutes: number | null;
  session_title: Record<string, string> | null;
}

/**
 * Reminders to the registrants with a seat: one some hours before the event, one some minutes
 * before each session they can join (not the breaks). Exactly once: the scheduler inserts the
 * reminder's row with INSERT ... ON CONFLICT DO NOTHING against a unique index (per registration,
 * or per registration and session) and writes the mail to the outbox in the same transaction, so
 * two processes, two ticks or a restart cannot send one twice.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async settings(event: Event): Promise<ReminderSettings> {
    const row = await this.dataSource.getRepository(ReminderSettingsRow).findOneBy({ eventId: event.id });
    if (!row) return DEFAULT_REMINDER_SETTINGS;
    return {
      beforeEvent: { enabled: row.beforeEventEnabled, hoursBefore: row.beforeEventHours },
      beforeSession: { enabled: row.beforeSessionEnabled, minutesBefore: row.beforeSessionMinutes },
    };
  }

  async saveSettings(event: Event, settings: ReminderSettings): Promise<ReminderSettings> {
    await this.dataSource.getRepository(ReminderSettingsRow).upsert(
      {
        eventId: event.id,
        beforeEventEnabled: settings.beforeEvent.enabled,
        beforeEventHours: settings.beforeEvent.hoursBefore,
        beforeSessionEnabled: settings.beforeSession.enabled,
        beforeSessionMinutes: settings.beforeSession.minutesBefore,
      },
      ['eventId'],
    );
    return this.settings(event);
  }

  async preference(registrationId: string | null | undefined): Promise<ReminderPreferenceView> {
    const id = this.ownRegistration(registrationId);
    return { reminders: !(await this.dataSource.getRepository(ReminderOptOut).existsBy({ registrationId: id })) };
  }

  async setPreference(registrationId: string | null | undefined, reminders: boolean): Promise<ReminderPreferenceView> {
    const id = this.ownRegistration(registrationId);
    if (reminders) await this.dataSource.getRepository(ReminderOptOut).delete({ registrationId: id });
    else await this.dataSource.query(`INSERT INTO reminder_opt_out (registration_id) VALUES ($1) ON CONFLICT DO NOTHING`, [id]);
    return { reminders };
  }

  /**
   * The List-Unsubscribe of a reminder: the personal space's stop page, the personal link's token in
   * the fragment (never sent to a server, as in the mail's own link). No RFC 8058 one-click POST: its
   * address would have to carry a token in the URL itself, which no link of Amphi does.
   */
  private listUnsubscribe(stopLink: string | undefined): OutgoingMail['headers'] {
    return stopLink ? { 'List-Unsubscribe': `<${stopLink}>` } : undefined;
  }

  /** Reminders are for registrants; an invited chair or speaker has none to stop. */
  private ownRegistration(registrationId: string | null | undefined): string {
    if (!registrationId) throw new Forbidden(ErrorCode.LinkNotRegistration);
    return registrationId;
  }

  /** Enqueues the reminders due at `now`, batch by batch; answers how many. */
  async sendDue(now: Date): Promise<number> {
    let sent = 0;
    for (const kind of ['event', 'session'] as const) {
      for (;;) {
        const count = await this.sendBatch(kind, now);
        sent += count;
        if (count < BATCH_SIZE) break;
      }
    }
    if (sent) this.outbox.kick();
    return sent;
  }

  private async sendBatch(kind: 'event' | 'session', now: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = kind === 'event' ? await this.claimEventReminders(manager, now) : await this.claimSessionReminders(manager, now);
      if (due.length === 0) return 0;
      const urls = await this.links.workingUrls(manager, { registrationIds: due.map((d) => d.registration_id) });
      const events = new Map<string, Event>();
      for (const id of new Set(due.map((d) => d.event_id))) events.set(id, await this.events.requireById(id));
      const mails: OutgoingMail[] = due.map((d) => {
        const event = events.get(d.event_id)!;
        const url = urls.get(d.registration_id) ?? '';
        const common = {
          name: d.name,
          eventTitle: textFor(event.title, d.language, event) || event.slug,
          eventDates: describeEventDates(event, d.language),
          link: url,
          stopLink: url ? stopRemindersUrl(url) : undefined,
        };
        const rendered =
          kind === 'event'
            ? renderMail('reminder_event', d.language, {
                ...common,
                eventStart: describeWhen(d.starts_at, event, d.language),
                calendarLink: `${this.config.publicUrl}/api/public/events/${encodeURIComponent(event.slug)}/programme.ics?lang=${d.language}`,
              })
            : renderMail('reminder_session', d.language, {
                ...common,
                sessionTitle: textFor(d.session_title, d.language, event),
                sessionTime: describeWhen(d.starts_at, event, d.language),
                minutesBefore: d.minutes ?? undefined,
              });
        return { to: d.email, eventId: event.id, ...rendered, headers: this.listUnsubscribe(common.stopLink) };
      });
      await this.outbox.enqueueAll(manager, mails);
      return due.length;
    });
  }

  /**
   * The day-before reminders due at `now`, claimed: due from `hours` before the event's first session
   * (its first day's midnight without a programme), at most EVENT_REMINDER_GRACE_SECONDS late, never
   * once the event has begun. Only published events, registrants with a seat who did not opt out.
   */
  private async claimEventReminders(manager: EntityManager, now: Date): Promise<DueReminder[]> {
    return manager.query(
      `WITH due_event AS (
         SELECT e.id, COALESCE(rs.before_event_hours, 24) AS hours,
                COALESCE((SELECT min(s.starts_at) FROM session s WHERE s.event_id = e.id), (e.start_date::timestamp AT TIME ZONE e.time_zone)) AS starts_at
           FROM event e LEFT JOIN reminder_settings rs ON rs.event_id = e.id
          WHERE e.status = 'published' AND e.personal_data_erased_at IS NULL AND COALESCE(rs.before_event_enabled, true)
            -- only events near now: the settings allow at most 14 days ahead
            AND e.start_date BETWEEN ($1::timestamptz AT TIME ZONE 'UTC')::date - 2 AND ($1::timestamptz AT TIME ZONE 'UTC')::date + 16
       ), claimed AS (
         INSERT INTO reminder_delivery (event_id, registration_id, kind)
         SELECT r.event_id, r.id, 'event'
           FROM due_event d JOIN registration r ON r.event_id = d.id AND r.status = 'confirmed' AND r.erased_at IS NULL
          WHERE $1 >= d.starts_at - make_interval(hours => d.hours)
            AND $1 < LEAST(d.starts_at - make_interval(hours => d.hours) + make_interval(secs => $2), d.starts_at)
            AND NOT EXISTS (SELECT 1 FROM reminder_opt_out o WHERE o.registration_id = r.id)
            AND NOT EXISTS (SELECT 1 FROM reminder_delivery x WHERE x.kind = 'event' AND x.registration_id = r.id)
          ORDER BY r.id
          LIMIT $3
         ON CONFLICT DO NOTHING
         RETURNING event_id, registration_id
       )
       SELECT c.event_id, c.registration_id, NULL::uuid AS session_id, r.email, r.name, r.language, d.starts_at, NULL::int AS minutes, NULL::jsonb AS session_title
         FROM claimed c JOIN registration r ON r.id = c.registration_id JOIN due_event d ON d.id = c.event_id`,
      [now, EVENT_REMINDER_GRACE_SECONDS, BATCH_SIZE],
    );
  }

  /**
   * The reminders before each session due at `now`, claimed: from `minutes` before its start, at
   * most SESSION_REMINDER_GRACE_SECONDS late, never once it has begun; not for breaks.
   */
  private async claimSessionReminders(manager: EntityManager, now: Date): Promise<DueReminder[]> {
    return manager.query(
      `WITH due_session AS (
         SELECT s.id, s.event_id, s.starts_at, s.title, COALESCE(rs.before_session_minutes, 15) AS minutes
           FROM session s JOIN event e ON e.id = s.event_id LEFT JOIN reminder_settings rs ON rs.event_id = e.id
          WHERE e.status = 'published' AND e.personal_data_erased_at IS NULL AND COALESCE(rs.before_session_enabled, true) AND s.type <> 'break'
            AND s.starts_at > $1 AND s.starts_at <= $1::timestamptz + make_interval(mins => COALESCE(rs.before_session_minutes, 15))
            AND $1 < s.starts_at - make_interval(mins => COALESCE(rs.before_session_minutes, 15)) + make_interval(secs => $2)
       ), claimed AS (
         INSERT INTO reminder_delivery (event_id, registration_id, kind, session_id)
         SELECT d.event_id, r.id, 'session', d.id
           FROM due_session d JOIN registration r ON r.event_id = d.event_id AND r.status = 'confirmed' AND r.erased_at IS NULL
          WHERE NOT EXISTS (SELECT 1 FROM reminder_opt_out o WHERE o.registration_id = r.id)
            AND NOT EXISTS (SELECT 1 FROM reminder_delivery x WHERE x.kind = 'session' AND x.registration_id = r.id AND x.session_id = d.id)
          ORDER BY d.starts_at, d.id, r.id
          LIMIT $3
         ON CONFLICT DO NOTHING
         RETURNING event_id, registration_id, session_id
       )
       SELECT c.event_id, c.registration_id, c.session_id, r.email, r.name, r.language, d.starts_at, d.minutes, d.title AS session_title
         FROM claimed c JOIN registration r ON r.id = c.registration_id JOIN due_session d ON d.id = c.session_id`,
      [now, SESSION_REMINDER_GRACE_SECONDS, BATCH_SIZE],
    );
  }
}

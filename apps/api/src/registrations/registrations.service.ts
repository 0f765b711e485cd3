import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { FieldIssueCode, ErrorCode, pickText, type AttendeeListEntry, type Language, type OrganiserAddRegistrationInput, type RegisterInput, type RegistrationListView, type RegistrationQuery, type RegistrationResult, type RegistrationStatus, type RegistrationView } from '@amphi/contracts';
import { Registration } from './registration.entity';
import type { Event } from '../events/event.entity';
import { PersonalLinksService } from '../access/personal-links.service';
import { OutboxService } from '../mail/outbox.service';
import { renderMail, type MailTemplate } from '../mail/mail-templates';
import { Conflict, NotFound, ValidationFailed, ruleIssue } from '../common/domain-errors';
import { isUuid } from '../common/ids';
import { KeyedBatcher } from '../common/keyed-batcher';
import { eventBounds, toZonedIso } from '../programme/zoned-time';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainEvents } from '../domain-events/domain-events';

/** Lock, check, write, commit: every decision about seats for one event is taken under this lock. */
async function lockSeats(manager: EntityManager, eventId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('seats:' || $1, 0))`, [eventId]);
}

/** "21 January 2022" or "14–15 novembre 2019", in the reader's language. */
export function describeEventDates(event: Pick<Event, 'startDate' | 'endDate'>, language: Language): string {
  // Formatting builds Intl formatters, which is costly; every mail of a rush of registrations asks the same.
  const key = `${event.startDate}|${event.endDate}|${language}`;
  let described = describedDates.get(key);
  if (described === undefined) {
    described = formatEventDates(event, language);
    if (describedDates.size > 1000) describedDates.clear();
    describedDates.set(key, described);
  }
  return described;
}
const describedDates = new Map<string, string>();

function formatEventDates(event: Pick<Event, 'startDate' | 'endDate'>, language: Language): string {
  const start = DateTime.fromISO(event.startDate).setLocale(language === 'fr' ? 'fr-FR' : 'en-GB');
  const end = DateTime.fromISO(event.endDate).setLocale(language === 'fr' ? 'fr-FR' : 'en-GB');
  if (event.startDate === event.endDate) return start.toFormat('d LLLL yyyy');
  if (start.hasSame(end, 'month')) return `${start.toFormat('d')}–${end.toFormat('d LLLL yyyy')}`;
  return `${start.toFormat('d LLLL yyyy')} – ${end.toFormat('d LLLL yyyy')}`;
}

interface Decision {
  registration: Registration;
  created: boolean;
  waitlistPosition: number | null;
}

interface SeatRequest {
  event: Event;
  input: RegisterInput;
  byOrganiser: boolean;
  overrideCapacity: boolean;
}

/**
 * Registrations: seats and the waiting list, decided under a per-event lock so that nothing is
 * overbooked; one registration per e-mail and event (a unique constraint backs it); every change
 * that people must hear about writes its e-mail to the outbox in the same transaction.
 */
@Injectable()
export class RegistrationsService {
  /** Seat decisions, batched per event (see decideBatch). */
  private readonly seatDecisions = new KeyedBatcher<SeatRequest, Decision>((_eventId, requests) => this.decideBatch(requests));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Registration) private readonly registrations: Repository<Registration>,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    private readonly domainEvents: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 409 saying when registration opens or closed, or that it is closed. */
  assertOpen(event: Event, now = new Date()): void {
    const when = (d: Date) => toZonedIso(d, event.timeZone);
    if (!event.registrationOpen) throw new Conflict(ErrorCode.RegistrationClosed, { timeZone: event.timeZone });
    if (event.registrationOpensAt && now < event.registrationOpensAt)
      throw new Conflict(ErrorCode.RegistrationNotOpen, { opensAt: when(event.registrationOpensAt), timeZone: event.timeZone });
    // Without a closing date, registration closes when the event is over.
    const closesAt = event.registrationClosesAt ?? eventBounds(event.startDate, event.endDate, event.timeZone).end;
    if (now >= closesAt) throw new Conflict(ErrorCode.RegistrationClosed, { closedAt: when(closesAt), timeZone: event.timeZone });
  }

  /** A visitor registers. Registering again with the same e-mail answers the existing registration and e-mails a fresh link. */
  async register(event: Event, input: RegisterInput): Promise<RegistrationResult> {
    this.assertOpen(event);
    this.assertCategory(event, input.category);
    const decision = await this.decide(event, input, { byOrganiser: false, overrideCapacity: false });
    return this.result(decision);
  }

  /** An organiser adds someone (registration need not be open), optionally past capacity. */
  async addByOrganiser(event: Event, input: OrganiserAddRegistrationInput): Promise<RegistrationView> {
    this.assertCategory(event, input.category);
    const { registration } = await this.decide(event, input, { byOrganiser: true, overrideCapacity: input.overrideCapacity });
    return this.toView(registration, await this.waitlistPosition(registration));
  }

  private decide(event: Event, input: RegisterInput, how: { byOrganiser: boolean; overrideCapacity: boolean }): Promise<Decision> {
    return this.seatDecisions.submit(event.id, { event, input, ...how });
  }

  /**
   * Decides a batch of registrations for one event: under the event's seat lock, in arrival
   * order, in one transaction (one commit for the whole batch, which is what keeps a rush of
   * registrations fast). Each person gets exactly what they would have got one at a time.
   */
  private async decideBatch(requests: SeatRequest[]): Promise<Decision[]> {
    // The most recently loaded copy of the event carries the current capacity.
    const event = requests[requests.length - 1].event;
    const decisions = await this.dataSource.transaction(async (manager) => {
      await lockSeats(manager, event.id);
      const repo = manager.getRepository(Registration);
      const existing = new Map((await repo.findBy({ eventId: event.id, email: In([...new Set(requests.map((r) => r.input.email))]) })).map((r) => [r.email, r]));
      let confirmed = event.capacity === null ? 0 : await repo.countBy({ eventId: event.id, status: 'confirmed' });
      let waiting = await repo.countBy({ eventId: event.id, status: 'waitlisted' });
      const now = new Date();
      const results: Array<Decision | number> = [];
      const fresh: Array<{ index: number; row: Partial<Registration> }> = [];
      const returning: Registration[] = [];
      const firstInBatch = new Map<string, number>();

      for (const [index, request] of requests.entries()) {
        const { input } = request;
        const prior = existing.get(input.email);
        if (prior && prior.status !== 'cancelled') {
          results.push({ registration: prior, created: false, waitlistPosition: null });
          if (!returning.includes(prior)) returning.push(prior);
          continue;
        }
        const first = firstInBatch.get(input.email);
        if (first !== undefined) {
          results.push(first); // the same person twice in one batch: the second gets the first's registration
          continue;
        }
        firstInBatch.set(input.email, index);
        const seat = request.overrideCapacity || event.capacity === null || confirmed < event.capacity;
        if (seat) confirmed++;
        else waiting++;
        const row: Partial<Registration> = {
          eventId: event.id,
          email: input.email,
          name: input.name,
          affiliation: input.affiliation ?? null,
          category: input.category ?? null,
          language: input.language,
          listConsent: input.listConsent,
          privacyConsentAt: now,
          status: seat ? 'confirmed' : 'waitlisted',
          addedByOrganiser: request.byOrganiser,
          confirmedAt: seat ? now : null,
          cancelledAt: null,
          linkSentAt: now,
        };
        if (prior) {
          // Coming back after cancelling: a new arrival, at the end of the queue.
          await repo.update({ id: prior.id }, { ...row, arrival: () => "nextval(pg_get_serial_sequence('registration', 'arrival'))" } as never);
          results.push({ registration: (await repo.findOneBy({ id: prior.id }))!, created: true, waitlistPosition: seat ? null : waiting });
        } else {
          fresh.push({ index, row });
          results.push({ registration: row as Registration, created: true, waitlistPosition: seat ? null : waiting });
        }
      }

      if (fresh.length) {
        const inserted = await repo.insert(fresh.map((f) => f.row));
        fresh.forEach((f, i) => Object.assign(f.row, inserted.generatedMaps[i]));
      }

      // Everyone new gets their link; those registering again get a fresh one, unless one went out moments ago.
      const interval = this.config.registration.linkResendIntervalSeconds * 1000;
      const resend = returning.filter((r) => !r.linkSentAt || now.getTime() - r.linkSentAt.getTime() >= interval);
      if (resend.length) await repo.update({ id: In(resend.map((r) => r.id)) }, { linkSentAt: now });
      const mailed = [
        ...results.filter((d): d is Decision => typeof d !== 'number' && d.created),
        ...resend.map((registration) => ({ registration, created: false, waitlistPosition: null })),
      ];
      const links = await this.links.issueMany(manager, mailed.map((d) => ({ eventId: event.id, registrationId: d.registration.id, isNew: d.created })));
      await this.outbox.enqueueAll(
        manager,
        mailed.map((d, i) => {
          const template: MailTemplate = !d.created ? 'link_resent' : d.registration.status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted';
          return { to: d.registration.email, eventId: event.id, ...this.render(template, event, d.registration, links[i].url, d.waitlistPosition ?? undefined) };
        }),
      );
      return results.map((d) => (typeof d === 'number' ? { ...(results[d] as Decision), created: false } : d));
    });
    this.outbox.kick();
    return decisions;
  }

  /** "Send me my link again": same answer whether or not the e-mail is registered, so nobody learns who is. */
  async resend(event: Event, email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const registration = await manager.getRepository(Registration).findOneBy({ eventId: event.id, email });
      if (registration && registration.status !== 'cancelled') await this.resendLink(manager, event, registration);
    });
    this.outbox.kick();
  }

  /** Cancels (by the person, or an organiser removing them), frees the seat and promotes the next on the waiting list. */
  async cancel(event: Event, registrationId: string, by: 'person' | 'organiser'): Promise<RegistrationView> {
    const { registration, ended } = await this.dataSource.transaction(async (manager) => {
      await lockSeats(manager, event.id);
      const repo = manager.getRepository(Registration);
      const found = isUuid(registrationId) ? await repo.findOneBy({ id: registrationId, eventId: event.id }) : null;
      if (!found) throw new NotFound('registration');
      if (found.status === 'cancelled') return { registration: found, ended: false };
      await repo.update({ id: found.id }, { status: 'cancelled', cancelledAt: new Date() });
      await this.links.revokeAll(manager, { registrationId: found.id }, by === 'person' ? 'cancelled' : 'removed');
      const cancelled = (await repo.findOneBy({ id: found.id }))!;
      await this.outbox.enqueue(manager, { to: cancelled.email, eventId: event.id, ...this.render('registration_cancelled', event, cancelled, `${this.config.publicUrl}/events/${event.slug}`) });
      await this.promoteWaiting(manager, event);
      return { registration: cancelled, ended: true };
    });
    this.outbox.kick();
    // Told once committed: whoever holds this person's connections closes them now, not at their next check.
    if (ended) await this.domainEvents.publish('registration.ended', { eventId: event.id, registrationId: registration.id, reason: by === 'person' ? 'cancelled' : 'removed' });
    return this.toView(registration, null);
  }

  /** Fills free seats from the waiting list in arrival order (after a cancellation or a raised capacity). */
  async fillFreeSeats(event: Event): Promise<number> {
    const promoted = await this.dataSource.transaction(async (manager) => {
      await lockSeats(manager, event.id);
      return this.promoteWaiting(manager, event);
    });
    this.outbox.kick();
    return promoted;
  }

  private async promoteWaiting(manager: EntityManager, event: Event): Promise<number> {
    const repo = manager.getRepository(Registration);
    let promoted = 0;
    while (await this.hasFreeSeat(manager, event)) {
      const next = await repo.findOne({ where: { eventId: event.id, status: 'waitlisted' }, order: { arrival: 'ASC' } });
      if (!next) break;
      await repo.update({ id: next.id }, { status: 'confirmed', confirmedAt: new Date() });
      await this.mailWithLink(manager, event, { ...next, status: 'confirmed' }, 'registration_promoted');
      promoted++;
    }
    return promoted;
  }

  private async hasFreeSeat(manager: EntityManager, event: Event): Promise<boolean> {
    if (event.capacity === null) return true;
    const confirmed = await manager.getRepository(Registration).countBy({ eventId: event.id, status: 'confirmed' });
    return confirmed < event.capacity;
  }

  private async resendLink(manager: EntityManager, event: Event, registration: Registration): Promise<void> {
    const interval = this.config.registration.linkResendIntervalSeconds * 1000;
    if (registration.linkSentAt && Date.now() - registration.linkSentAt.getTime() < interval) return; // sent moments ago: do not flood the inbox
    await manager.getRepository(Registration).update({ id: registration.id }, { linkSentAt: new Date() });
    await this.mailWithLink(manager, event, registration, 'link_resent');
  }

  private async mailWithLink(manager: EntityManager, event: Event, registration: Registration, template: MailTemplate): Promise<void> {
    const { url } = await this.links.issue(manager, { eventId: event.id, registrationId: registration.id });
    const position = registration.status === 'waitlisted' ? await this.waitlistPosition(registration, manager) : undefined;
    await this.outbox.enqueue(manager, { to: registration.email, eventId: event.id, ...this.render(template, event, registration, url, position ?? undefined) });
  }

  private render(template: MailTemplate, event: Event, registration: Registration, link: string, waitlistPosition?: number) {
    const language = registration.language;
    return renderMail(template, language, {
      name: registration.name,
      eventTitle: pickText(event.title, language, event.mainLanguage) ?? event.slug,
      eventDates: describeEventDates(event, language),
      link,
      waitlistPosition,
    });
  }

  private assertCategory(event: Event, category: string | undefined): void {
    if (category === undefined) return;
    const keys = event.registrationCategories.map((c) => c.key);
    if (!keys.includes(category))
      throw new ValidationFailed([keys.length ? { path: ['category'], code: FieldIssueCode.InvalidOption, params: { options: keys } } : ruleIssue('category', 'no_categories')]);
  }

  async waitlistPosition(registration: Registration, manager?: EntityManager): Promise<number | null> {
    if (registration.status !== 'waitlisted') return null;
    const ahead = await (manager?.getRepository(Registration) ?? this.registrations)
      .createQueryBuilder('r')
      .where('r.event_id = :eventId AND r.status = :status AND r.arrival < :arrival', { eventId: registration.eventId, status: 'waitlisted', arrival: registration.arrival })
      .getCount();
    return ahead + 1;
  }

  private async result({ registration, created, waitlistPosition }: Decision): Promise<RegistrationResult> {
    const position = created ? waitlistPosition : await this.waitlistPosition(registration);
    const message = !created
      ? 'You are already registered: we have e-mailed your personal link again.'
      : registration.status === 'confirmed'
        ? 'You are registered. Your personal link is on its way by e-mail.'
        : `The event is full: you are number ${position} on the waiting list. We will e-mail you if a seat frees up.`;
    return { status: registration.status, waitlistPosition: position, message };
  }

  // --- the person's own registration ----------------------------------------

  async requireOwn(eventId: string, registrationId: string): Promise<Registration> {
    const registration = await this.registrations.findOneBy({ id: registrationId, eventId });
    if (!registration) throw new NotFound('registration');
    return registration;
  }

  /** Erasure: the registration keeps only what the counts need; links stop working; undelivered mails are dropped. */
  async erase(event: Event, registrationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockSeats(manager, event.id);
      const repo = manager.getRepository(Registration);
      const registration = await repo.findOneBy({ id: registrationId, eventId: event.id });
      if (!registration) throw new NotFound('registration');
      const wasConfirmed = registration.status === 'confirmed';
      await this.outbox.forgetRecipient(manager, registration.email, event.id);
      await this.anonymise(manager, registration);
      await this.links.revokeAll(manager, { registrationId }, 'erased');
      if (wasConfirmed) await this.promoteWaiting(manager, event);
    });
    this.outbox.kick();
    await this.domainEvents.publish('registration.ended', { eventId: event.id, registrationId, reason: 'erased' });
  }

  private async anonymise(manager: EntityManager, registration: Registration): Promise<void> {
    await manager.getRepository(Registration).update(
      { id: registration.id },
      {
        name: 'Erased',
        email: `erased-${registration.id}@invalid`,
        affiliation: null,
        category: null,
        listConsent: false,
        status: 'cancelled',
        cancelledAt: registration.cancelledAt ?? new Date(),
        erasedAt: new Date(),
      },
    );
  }

  /** The retention job: erases every registration of an event whose retention period is over. */
  async eraseAllForEvent(manager: EntityManager, eventId: string): Promise<number> {
    const all = await manager.getRepository(Registration).findBy({ eventId });
    for (const registration of all.filter((r) => !r.erasedAt)) await this.anonymise(manager, registration);
    await this.outbox.forgetEvent(manager, eventId);
    await this.links.deleteForEvent(manager, eventId);
    return all.length;
  }

  // --- organisers ------------------------------------------------------------

  async list(event: Event, query: RegistrationQuery): Promise<RegistrationListView> {
    const qb = this.registrations.createQueryBuilder('r').where('r.event_id = :eventId', { eventId: event.id }).orderBy('r.arrival', 'ASC');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.category) qb.andWhere('r.category = :category', { category: query.category });
    if (query.q) qb.andWhere('(r.name ILIKE :q OR r.email ILIKE :q OR r.affiliation ILIKE :q)', { q: `%${query.q.replace(/[\\%_]/g, '\\$&')}%` });
    const [rows, counts] = await Promise.all([qb.getMany(), this.counts(event)]);
    let position = 0;
    const positions = new Map<string, number>();
    const waiting = await this.registrations.find({ where: { eventId: event.id, status: 'waitlisted' }, order: { arrival: 'ASC' }, select: { id: true } });
    for (const w of waiting) positions.set(w.id, ++position);
    return { counts, registrations: rows.map((r) => this.toView(r, positions.get(r.id) ?? null)) };
  }

  async counts(event: Event): Promise<RegistrationListView['counts']> {
    const rows: Array<{ status: RegistrationStatus; count: string }> = await this.registrations
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('count(*)', 'count')
      .where('r.event_id = :eventId', { eventId: event.id })
      .groupBy('r.status')
      .getRawMany();
    const count = (s: RegistrationStatus) => Number(rows.find((r) => r.status === s)?.count ?? 0);
    const confirmed = count('confirmed');
    return {
      confirmed,
      waitlisted: count('waitlisted'),
      cancelled: count('cancelled'),
      capacity: event.capacity,
      seatsLeft: event.capacity === null ? null : Math.max(0, event.capacity - confirmed),
    };
  }

  async attendeeList(event: Event): Promise<AttendeeListEntry[]> {
    if (!event.attendeeListPublic) throw new NotFound('attendee_list');
    const rows = await this.registrations.find({ where: { eventId: event.id, status: 'confirmed', listConsent: true }, order: { name: 'ASC' } });
    return rows.map((r) => ({ name: r.name, affiliation: r.affiliation }));
  }

  toView(r: Registration, waitlistPosition: number | null): RegistrationView {
    return {
      id: r.id,
      name: r.name,
      email: r.email,
      affiliation: r.affiliation,
      category: r.category,
      language: r.language,
      listConsent: r.listConsent,
      status: r.status,
      waitlistPosition,
      registeredAt: r.createdAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
    };
  }
}

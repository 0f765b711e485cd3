import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository, type EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FieldIssueCode, ErrorCode, COMMITTEES, eventLengthIsSane, latestEndDate, type AddCoOrganiserInput, type Committee, type CommitteeMemberView, type CreateEventInput, type DownloadMetadataInput, type DownloadOrderInput, type DownloadView, type SessionView, type EventOrganiserView, type EventSummaryView, type EventView, type LocalizedText, type RegistrationSettingsInput, type UpdateEventInput } from '@amphi/contracts';
import { Event } from './event.entity';
import { EventOrganiser } from './event-organiser.entity';
import { CommitteeMember } from './committee-member.entity';
import { Download } from './download.entity';
import { materialFileName, sniffMaterial } from './material-file';
import { Talk } from '../programme/talk.entity';
import { PeopleService, toPersonPublicView } from '../people/people.service';
import { SessionsService } from '../programme/sessions.service';
import { AccountsService } from '../accounts/accounts.service';
import type { OrganiserPrincipal } from '../accounts/access-token.service';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../common/domain-errors';
import { isUuid, pgCode, PG_UNIQUE_VIOLATION } from '../common/ids';
import { STORAGE, type Storage } from '../storage/storage';
import { eventBounds, toZonedIso } from '../programme/zoned-time';

/** Registration settings as given by an organiser, as event columns. */
function registrationColumns(r: RegistrationSettingsInput): Partial<Event> {
  const columns: Partial<Event> = {};
  if (r.open !== undefined) columns.registrationOpen = r.open;
  if (r.opensAt !== undefined) columns.registrationOpensAt = r.opensAt ? new Date(r.opensAt) : null;
  if (r.closesAt !== undefined) columns.registrationClosesAt = r.closesAt ? new Date(r.closesAt) : null;
  if (r.capacity !== undefined) columns.capacity = r.capacity;
  if (r.categories !== undefined) columns.registrationCategories = r.categories;
  if (r.retentionDays !== undefined) columns.retentionDays = r.retentionDays;
  if (r.attendeeListPublic !== undefined) columns.attendeeListPublic = r.attendeeListPublic;
  return columns;
}

/**
 * Events, who may edit them, their committees and downloadable files. Every organiser-side
 * method starts from requireManaged(): an event someone does not manage does not exist for them (404).
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventOrganiser) private readonly eventOrganisers: Repository<EventOrganiser>,
    @InjectRepository(CommitteeMember) private readonly committeeMembers: Repository<CommitteeMember>,
    @InjectRepository(Download) private readonly downloads: Repository<Download>,
    @Inject(STORAGE) private readonly storage: Storage,
    private readonly people: PeopleService,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
  ) {}

  // --- access ----------------------------------------------------------------

  /** The event, if this organiser owns or co-organises it; 404 otherwise (never reveal another's draft). */
  async requireManaged(who: OrganiserPrincipal, eventId: string): Promise<Event> {
    const link = isUuid(eventId) ? await this.eventOrganisers.findOne({ where: { eventId, organiserId: who.organiserId }, relations: { event: true } }) : null;
    if (!link?.event) throw new NotFound('event');
    return link.event;
  }

  async requireOwner(who: OrganiserPrincipal, eventId: string): Promise<Event> {
    const event = await this.requireManaged(who, eventId);
    const link = await this.eventOrganisers.findOneBy({ eventId, organiserId: who.organiserId });
    if (link?.role !== 'owner') throw new Forbidden(ErrorCode.EventOwnerOnly);
    return event;
  }

  /** For callers that already hold a right to the event (a participant's token names it). */
  async requireById(eventId: string): Promise<Event> {
    const event = isUuid(eventId) ? await this.events.findOneBy({ id: eventId }) : null;
    if (!event) throw new NotFound('event');
    return event;
  }

  /** Events whose retention period is over and whose personal data are not erased yet; locked for the caller's transaction. */
  async claimDueForErasure(manager: EntityManager, now: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM event
        WHERE personal_data_erased_at IS NULL
          AND ((end_date + retention_days + 1)::timestamp AT TIME ZONE time_zone) <= $1
        FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  async markPersonalDataErased(manager: EntityManager, eventId: string, at: Date): Promise<void> {
    await manager.getRepository(Event).update({ id: eventId }, { personalDataErasedAt: at });
  }

  /** Whether this organiser owns or co-organises the event. */
  async manages(organiserId: string, eventId: string): Promise<boolean> {
    return this.eventOrganisers.existsBy({ organiserId, eventId });
  }

  async listManaged(who: OrganiserPrincipal): Promise<EventSummaryView[]> {
    const links = await this.eventOrganisers.find({ where: { organiserId: who.organiserId }, relations: { event: true } });
    return links
      .map((l) => l.event!)
      .sort((a, b) => b.startDate.localeCompare(a.startDate))
      .map((e) => this.toSummary(e));
  }

  async listPublished(): Promise<EventSummaryView[]> {
    const events = await this.events.find({ where: { status: 'published' }, order: { startDate: 'DESC' } });
    return events.map((e) => this.toSummary(e));
  }

  async requirePublishedBySlug(slug: string): Promise<Event> {
    const event = await this.events.findOneBy({ slug, status: 'published' });
    if (!event) throw new NotFound('event');
    return event;
  }

  // --- events ----------------------------------------------------------------

  async create(who: OrganiserPrincipal, input: CreateEventInput): Promise<Event> {
    if (input.committees && Object.values(input.committees).some((m) => m?.length))
      throw ValidationFailed.rule('committees', 'committee_unknown_person');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const event = await manager.getRepository(Event).save(
          manager.getRepository(Event).create({
            slug: input.slug,
            status: 'draft',
            title: input.title,
            subtitle: input.subtitle ?? null,
            description: input.description ?? null,
            mainLanguage: input.mainLanguage,
            timeZone: input.timeZone,
            startDate: input.startDate,
            endDate: input.endDate,
            format: input.format,
            venue: input.venue ?? null,
            keywords: input.keywords ?? {},
            contact: input.contact ?? null,
          }),
        );
        await manager.getRepository(EventOrganiser).insert({ eventId: event.id, organiserId: who.organiserId, role: 'owner' });
        return event;
      });
    } catch (error) {
      throw this.slugTaken(error, input.slug);
    }
  }

  async update(event: Event, patch: UpdateEventInput): Promise<Event> {
    const { committees, registration, qa, ...eventColumns } = patch;
    const columns: Partial<Event> = {
      ...eventColumns,
      ...(registration ? registrationColumns(registration) : {}),
      ...(qa?.anonymousNamesToModerators !== undefined ? { qaAnonymousNamesToModerators: qa.anonymousNamesToModerators } : {}),
    };
    const next = { ...event, ...columns } as Event;
    if (next.startDate > next.endDate) throw new ValidationFailed([{ path: ['endDate'], code: FieldIssueCode.EndBeforeStart, params: { startField: 'startDate' } }]);
    // The schema checks the dates a PATCH gives; here the length of the event they make with the stored ones.
    if (!eventLengthIsSane(next)) throw new ValidationFailed([{ path: ['endDate'], code: FieldIssueCode.DateOutOfRange, params: { min: next.startDate, max: latestEndDate(next.startDate) } }]);
    if (next.registrationOpensAt && next.registrationClosesAt && next.registrationOpensAt >= next.registrationClosesAt)
      throw new ValidationFailed([{ path: ['registration', 'closesAt'], code: FieldIssueCode.EndBeforeStart, params: { startField: 'registration.opensAt' } }]);
    try {
      await this.dataSource.transaction(async (manager) => {
        // A committee is replaced as a whole (delete, insert): two organisers saving at once take turns
        // here, instead of both deleting and then colliding on the members' primary key (a 500).
        if (committees) await manager.query(`SELECT 1 FROM event WHERE id = $1 FOR UPDATE`, [event.id]);
        if (patch.startDate || patch.endDate || patch.timeZone) await this.sessions.assertFitsEventDates(manager, next);
        if (Object.keys(columns).length) await manager.getRepository(Event).update({ id: event.id }, columns);
        if (committees) for (const committee of COMMITTEES) if (committees[committee]) await this.setCommittee(manager, event.id, committee, committees[committee]!);
      });
    } catch (error) {
      throw this.slugTaken(error, patch.slug);
    }
    return (await this.events.findOneBy({ id: event.id }))!;
  }

  async setStatus(event: Event, status: 'draft' | 'published'): Promise<Event> {
    await this.events.update({ id: event.id }, { status, publishedAt: status === 'published' ? (event.publishedAt ?? new Date()) : null });
    return (await this.events.findOneBy({ id: event.id }))!;
  }

  async delete(event: Event): Promise<void> {
    const files = await this.downloads.findBy({ eventId: event.id });
    await this.dataSource.transaction(async (manager) => {
      // Sessions first: the programme's references to people are checked per statement.
      await this.sessions.deleteAll(manager, event.id);
      await manager.getRepository(Event).delete({ id: event.id });
    });
    await Promise.all(files.map((f) => this.storage.delete(f.storageKey)));
  }

  private slugTaken(error: unknown, slug: string | undefined): unknown {
    if (pgCode(error) === PG_UNIQUE_VIOLATION && slug) return new Conflict(ErrorCode.EventSlugTaken, { slug });
    return error;
  }

  private async setCommittee(manager: EntityManager, eventId: string, committee: Committee, members: Array<{ personId: string; role?: LocalizedText }>): Promise<void> {
    await this.people.requireAllInEvent(eventId, members.map((m, i) => ({ field: `committees.${committee}.${i}.personId`, personId: m.personId })), manager);
    const seen = new Set<string>();
    const duplicates = members.findIndex((m) => seen.size === seen.add(m.personId).size);
    if (duplicates >= 0) throw new ValidationFailed([{ path: ['committees', committee, duplicates, 'personId'], code: FieldIssueCode.Duplicate }]);
    await manager.getRepository(CommitteeMember).delete({ eventId, committee });
    if (members.length)
      await manager.getRepository(CommitteeMember).insert(members.map((m, position) => ({ eventId, committee, personId: m.personId, role: m.role ?? null, position })));
  }

  // --- co-organisers ---------------------------------------------------------

  async listOrganisers(event: Event): Promise<EventOrganiserView[]> {
    const links = await this.eventOrganisers.find({ where: { eventId: event.id }, relations: { organiser: true }, order: { createdAt: 'ASC' } });
    return links.map((l) => ({ id: l.organiserId, email: l.organiser!.email, name: l.organiser!.name, role: l.role }));
  }

  async addCoOrganiser(event: Event, input: AddCoOrganiserInput): Promise<EventOrganiserView[]> {
    let organiser = await this.accounts.findByEmail(input.email);
    if (!organiser) {
      if (!input.password) throw ValidationFailed.rule('password', 'password_for_new_account');
      organiser = await this.accounts.create({ email: input.email, name: input.name ?? input.email, password: input.password });
    }
    await this.eventOrganisers.upsert({ eventId: event.id, organiserId: organiser.id, role: 'co-organiser' }, { conflictPaths: ['eventId', 'organiserId'], skipUpdateIfNoValuesChanged: true });
    return this.listOrganisers(event);
  }

  async removeOrganiser(event: Event, organiserId: string): Promise<void> {
    const link = isUuid(organiserId) ? await this.eventOrganisers.findOneBy({ eventId: event.id, organiserId }) : null;
    if (!link) throw new NotFound('event_organiser');
    if (link.role === 'owner') throw new Conflict(ErrorCode.EventOwnerNotRemovable);
    await this.eventOrganisers.delete({ eventId: event.id, organiserId });
  }

  // --- downloads and talk materials --------------------------------------------

  /**
   * A file for the event, or for one of its talks (meta.talkId): its type read from its bytes and
   * checked against MATERIAL_FILE_TYPES, saved under the name of what it is, last in its list.
   * The size was bounded before (UploadLimitInterceptor, multer's limit).
   */
  async addDownload(event: Event, file: { originalname: string; buffer: Buffer }, meta: DownloadMetadataInput): Promise<DownloadView> {
    const talkId = meta.talkId ?? null;
    if (talkId) await this.requireTalkOfEvent(event, talkId);
    const sniffed = await sniffMaterial(file.buffer);
    const storageKey = `events/${event.id}/downloads/${randomUUID()}.${sniffed.extension}`;
    const stored = await this.storage.put(storageKey, file.buffer);
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        const repository = manager.getRepository(Download);
        const last = await repository.maximum('position', { eventId: event.id, talkId: talkId ?? IsNull() });
        return repository.save(
          repository.create({
            eventId: event.id,
            talkId,
            kind: meta.kind,
            title: meta.title,
            position: (last ?? -1) + 1,
            storageKey,
            fileName: materialFileName(file.originalname, sniffed.extension),
            contentType: sniffed.contentType,
            size: stored.size,
            sha256: stored.sha256,
          }),
        );
      });
      return this.toDownloadView(event, saved);
    } catch (error) {
      await this.storage.delete(storageKey);
      throw error;
    }
  }

  /** Every file of the event, its own first, then each talk's, each list in its order. */
  async listDownloads(event: Event): Promise<DownloadView[]> {
    const rows = await this.downloads.find({ where: { eventId: event.id }, order: { talkId: { direction: 'ASC', nulls: 'FIRST' }, position: 'ASC', createdAt: 'ASC' } });
    return rows.map((d) => this.toDownloadView(event, d));
  }

  /** Puts these files of one list (the event's own, or one talk's) first, in this order; the others follow as they were. */
  async reorderDownloads(event: Event, order: DownloadOrderInput): Promise<DownloadView[]> {
    const seen = new Set<string>();
    const duplicate = order.downloadIds.findIndex((id) => seen.size === seen.add(id).size);
    if (duplicate >= 0) throw new ValidationFailed([{ path: ['downloadIds', duplicate], code: FieldIssueCode.Duplicate }]);
    await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(Download);
      const list = await repository.find({
        where: { eventId: event.id, talkId: order.talkId ?? IsNull() },
        order: { position: 'ASC', createdAt: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const unknown = order.downloadIds.findIndex((id) => !list.some((d) => d.id === id));
      if (unknown >= 0) throw new ValidationFailed([{ path: ['downloadIds', unknown], code: FieldIssueCode.UnknownReference }]);
      const ordered = [...order.downloadIds, ...list.map((d) => d.id).filter((id) => !seen.has(id))];
      for (const [position, id] of ordered.entries()) await repository.update({ id }, { position });
    });
    return this.listDownloads(event);
  }

  async removeDownload(event: Event, downloadId: string): Promise<void> {
    const download = await this.requireDownload(event, downloadId);
    await this.downloads.delete({ id: download.id });
    await this.storage.delete(download.storageKey);
  }

  async requireDownload(event: Event, downloadId: string): Promise<Download> {
    const download = isUuid(downloadId) ? await this.downloads.findOneBy({ id: downloadId, eventId: event.id }) : null;
    if (!download) throw new NotFound('download');
    return download;
  }

  openDownload(download: Download): Promise<Readable> {
    return this.storage.read(download.storageKey);
  }

  /** The sessions with each talk's materials, in one query whatever their number. */
  async withTalkMaterials<S extends SessionView>(event: Event, sessions: S[]): Promise<S[]> {
    const talkIds = sessions.flatMap((s) => s.talks.map((t) => t.id));
    const rows = talkIds.length ? await this.downloads.find({ where: { eventId: event.id, talkId: In(talkIds) }, order: { position: 'ASC', createdAt: 'ASC' } }) : [];
    const byTalk = new Map<string, DownloadView[]>();
    for (const d of rows) byTalk.set(d.talkId!, [...(byTalk.get(d.talkId!) ?? []), this.toDownloadView(event, d)]);
    return sessions.map((s) => ({ ...s, talks: s.talks.map((t) => ({ ...t, materials: byTalk.get(t.id) ?? [] })) }));
  }

  /**
   * 422 on talkId unless the talk is in one of this event's sessions. Asked here, with the talk's
   * own table, rather than through the sessions' service: one indexed lookup instead of a programme.
   */
  private async requireTalkOfEvent(event: Event, talkId: string): Promise<void> {
    const found = await this.dataSource.getRepository(Talk).exists({ where: { id: talkId, session: { eventId: event.id } } });
    if (!found) throw new ValidationFailed([{ path: ['talkId'], code: FieldIssueCode.UnknownReference }]);
  }

  // --- views -----------------------------------------------------------------

  toSummary(e: Event): EventSummaryView {
    return {
      id: e.id,
      slug: e.slug,
      status: e.status,
      title: e.title,
      subtitle: e.subtitle,
      mainLanguage: e.mainLanguage,
      timeZone: e.timeZone,
      startDate: e.startDate,
      endDate: e.endDate,
      format: e.format,
    };
  }

  async toView(e: Event): Promise<EventView> {
    const [members, downloads] = await Promise.all([
      this.committeeMembers.find({ where: { eventId: e.id }, relations: { person: true }, order: { position: 'ASC' } }),
      this.downloads.find({ where: { eventId: e.id, talkId: IsNull() }, order: { position: 'ASC', createdAt: 'ASC' } }),
    ]);
    const committees = Object.fromEntries(COMMITTEES.map((c) => [c, [] as CommitteeMemberView[]])) as Record<Committee, CommitteeMemberView[]>;
    for (const m of members) committees[m.committee].push({ person: toPersonPublicView(m.person!), role: m.role });
    const bounds = eventBounds(e.startDate, e.endDate, e.timeZone);
    return {
      ...this.toSummary(e),
      description: e.description,
      startsAt: toZonedIso(bounds.start, e.timeZone),
      endsAt: toZonedIso(bounds.end, e.timeZone),
      venue: e.venue,
      keywords: e.keywords,
      contact: e.contact,
      committees,
      downloads: downloads.map((d) => this.toDownloadView(e, d)),
      registration: {
        open: e.registrationOpen,
        opensAt: e.registrationOpensAt ? toZonedIso(e.registrationOpensAt, e.timeZone) : null,
        closesAt: e.registrationClosesAt ? toZonedIso(e.registrationClosesAt, e.timeZone) : null,
        capacity: e.capacity,
        categories: e.registrationCategories,
        retentionDays: e.retentionDays,
        attendeeListPublic: e.attendeeListPublic,
      },
      qa: { anonymousNamesToModerators: e.qaAnonymousNamesToModerators },
      publishedAt: e.publishedAt ? toZonedIso(e.publishedAt, e.timeZone) : null,
    };
  }

  private toDownloadView(e: Event, d: Download): DownloadView {
    return {
      id: d.id,
      talkId: d.talkId,
      kind: d.kind,
      title: d.title,
      fileName: d.fileName,
      contentType: d.contentType,
      size: d.size,
      sha256: d.sha256,
      url: `/api/public/events/${e.slug}/downloads/${d.id}`,
    };
  }
}

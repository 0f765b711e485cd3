import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  pickText,
  type CallView,
  type CreateProposalInput,
  type Language,
  type ProposalAdminView,
  type ProposalListQuery,
  type ProposalView,
  type SubmitterSignUpInput,
  type UpdateProposalInput,
} from '@amphi/contracts';
import type { ParticipantPrincipal } from '../../accounts/access-token.service';
import { PersonalLinksService } from '../../access/personal-links.service';
import { Clock } from '../../common/clock';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../common/domain-errors';
import { isUuid } from '../../common/ids';
import type { Event } from '../../events/event.entity';
import { renderMail } from '../../mail/mail-templates';
import { OutboxService } from '../../mail/outbox.service';
import { describeWhen } from '../../messages/message-mails';
import { toZonedIso } from '../../programme/zoned-time';
import { describeEventDates } from '../../registrations/registrations.service';
import { CallCoreService } from '../call-core.service';
import { CallForProposals, Submission, Submitter } from '../call.entities';
import { callState, editableUntil } from '../call-rules';
import { proposalIssues } from './proposal-rules';
import { ProposalViewsService } from './proposal-views';

/** The submitter a personal link names; 403 LINK_NOT_SUBMITTER for an attendee's or an invited person's link. */
export function submitterIdOf(me: ParticipantPrincipal): string {
  if (!me.submitterId) throw new Forbidden(ErrorCode.LinkNotSubmitter);
  return me.submitterId;
}

type SortKey = [number | string, string];
const compareKeys = (a: SortKey, b: SortKey) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/**
 * Submitters (no account: a name, an address, a personal link) and their proposals, and the
 * organisers' list of proposals. Everything is scoped by event, and a submitter only ever reaches
 * their own proposals (another's is 404). Each change is one transaction under a row lock, with its
 * mail written to the outbox in it.
 */
@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly core: CallCoreService,
    private readonly views: ProposalViewsService,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  // --- submitters ------------------------------------------------------------------------------

  /** 409 CALL_NOT_OPEN before the opening, CALL_CLOSED after the closing, saying when, in the event's zone. */
  private assertOpen(event: Event, call: CallForProposals): void {
    const state = callState(call, this.clock.now());
    if (state === 'upcoming') throw new Conflict(ErrorCode.CallNotOpen, { opensAt: toZonedIso(call.opensAt, event.timeZone), timeZone: event.timeZone });
    if (state === 'closed') throw new Conflict(ErrorCode.CallClosed, { closedAt: toZonedIso(call.closesAt, event.timeZone), timeZone: event.timeZone });
  }

  /** A published call; 404 `call` otherwise. */
  private async requirePublishedCall(event: Event, manager?: EntityManager): Promise<CallForProposals> {
    const call = await this.core.findCall(event.id, manager);
    if (!call?.published) throw new NotFound('call');
    return call;
  }

  /**
   * Someone signs up to propose: one submitter per address and event (a unique index backs it).
   * Signing up again changes nothing but mails a fresh link (the previous one stops working). The
   * answer never says whether the address was known.
   */
  async signUp(event: Event, input: SubmitterSignUpInput): Promise<void> {
    const call = await this.requirePublishedCall(event);
    this.assertOpen(event, call);
    const email = input.email.trim().toLowerCase();
    await this.dataSource.transaction(async (manager) => {
      const inserted: Array<{ id: string }> = await manager.query(
        `INSERT INTO submitter (event_id, name, email, affiliation, language) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (event_id, email) DO NOTHING RETURNING id`,
        [event.id, input.name, email, input.affiliation ?? null, input.language],
      );
      const submitter = (await manager.getRepository(Submitter).findOneBy({ eventId: event.id, email }))!;
      const { url } = await this.links.issue(manager, { eventId: event.id, submitterId: submitter.id, isNew: inserted.length > 0 });
      await this.outbox.enqueue(manager, { to: submitter.email, eventId: event.id, ...this.mail('call_submitter_link', event, submitter, url) });
    });
    this.outbox.kick();
  }

  private mail(template: 'call_submitter_link' | 'call_proposal_received', event: Event, submitter: Submitter, link: string, extra: { proposalTitle?: string; deadline?: string } = {}) {
    const language: Language = submitter.language;
    return renderMail(template, language, {
      name: submitter.name,
      eventTitle: pickText(event.title, language, event.mainLanguage) ?? event.slug,
      eventDates: describeEventDates(event, language),
      link,
      ...extra,
    });
  }

  private async requireSubmitter(eventId: string, me: ParticipantPrincipal, manager?: EntityManager): Promise<Submitter> {
    const id = submitterIdOf(me);
    const submitter = manager ? await manager.getRepository(Submitter).findOneBy({ id, eventId }) : await this.core.findSubmitter(eventId, id);
    if (!submitter) throw new Forbidden(ErrorCode.LinkNotSubmitter);
    return submitter;
  }

  // --- a submitter's proposals -----------------------------------------------------------------

  async mine(event: Event, me: ParticipantPrincipal): Promise<{ submitter: { id: string; name: string; email: string; affiliation: string | null; language: Language }; call: CallView; proposals: ProposalView[] }> {
    const submitter = await this.requireSubmitter(event.id, me);
    const call = await this.core.requireCall(event.id);
    const list = await this.dataSource.getRepository(Submission).find({ where: { eventId: event.id, submitterId: submitter.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return {
      submitter: { id: submitter.id, name: submitter.name, email: submitter.email, affiliation: submitter.affiliation, language: submitter.language },
      call: await this.views.callView(event, call),
      proposals: await this.views.proposalViews(event, call, list),
    };
  }

  async get(event: Event, me: ParticipantPrincipal, proposalId: string): Promise<ProposalView> {
    const submitter = await this.requireSubmitter(event.id, me);
    const call = await this.core.requireCall(event.id);
    const s = await this.own(this.dataSource.manager, event.id, submitter.id, proposalId, false);
    return (await this.views.proposalViews(event, call, [s]))[0];
  }

  /** The submitter's own proposal, locked for the transaction when asked; 404 for anyone else's. */
  private async own(manager: EntityManager, eventId: string, submitterId: string, proposalId: string, lock: boolean): Promise<Submission> {
    if (!isUuid(proposalId)) throw new NotFound('proposal');
    const s = await manager.getRepository(Submission).findOne({ where: { id: proposalId, eventId, submitterId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!s) throw new NotFound('proposal');
    return s;
  }

  private async committeeIds(eventId: string, manager: EntityManager): Promise<Set<string>> {
    return new Set((await this.core.scientificCommittee(eventId, manager)).map((p) => p.id));
  }

  /**
   * A new draft. At most maxProposalsPerSubmitter proposals that are not withdrawn: the submitter's
   * row is locked (SELECT … FOR UPDATE) while counting and inserting, so that simultaneous creations
   * are counted one after the other and never exceed it.
   */
  async create(event: Event, me: ParticipantPrincipal, input: CreateProposalInput): Promise<ProposalView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const submitterId = submitterIdOf(me);
      const submitter = await manager.getRepository(Submitter).findOne({ where: { id: submitterId, eventId: event.id }, lock: { mode: 'pessimistic_write' } });
      if (!submitter) throw new Forbidden(ErrorCode.LinkNotSubmitter);
      const call = await this.requirePublishedCall(event, manager);
      this.assertOpen(event, call);
      const repo = manager.getRepository(Submission);
      if (call.maxProposalsPerSubmitter !== null) {
        const count = await repo.countBy({ eventId: event.id, submitterId, status: Not('withdrawn') });
        if (count >= call.maxProposalsPerSubmitter) throw new Conflict(ErrorCode.ProposalLimitReached, { max: call.maxProposalsPerSubmitter });
      }
      const draft = repo.create({
        eventId: event.id,
        submitterId,
        status: 'draft',
        typeKey: input.typeKey,
        themeKey: input.themeKey ?? null,
        title: input.title,
        abstract: input.abstract ?? '',
        keywords: input.keywords ?? [],
        references: input.references ?? null,
        language: input.language ?? null,
        format: input.format ?? null,
        // The submitter alone, presenting, until they say otherwise.
        authors: input.authors ?? [{ name: submitter.name, ...(submitter.affiliation ? { affiliation: submitter.affiliation } : {}), email: submitter.email, presenting: true }],
        answers: input.answers ?? {},
        conflictPersonIds: input.conflictPersonIds ?? [],
      });
      const issues = proposalIssues(call, draft, await this.committeeIds(event.id, manager), { complete: false, answersGiven: Object.keys(input.answers ?? {}) });
      if (issues.length) throw new ValidationFailed(issues);
      const saved = await repo.save(draft);
      return (await this.views.proposalViews(event, call, [saved], manager))[0];
    });
    return view;
  }

  /** 409 PROPOSAL_NOT_EDITABLE saying why: withdrawn, decided, or past the deadline for changes (and when it was). */
  private assertEditable(event: Event, call: CallForProposals, s: Submission): void {
    const zoned = { timeZone: event.timeZone };
    if (s.status === 'withdrawn') throw new Conflict(ErrorCode.ProposalNotEditable, { ...zoned, reason: 'withdrawn' });
    if (s.decisionSentAt) throw new Conflict(ErrorCode.ProposalNotEditable, { ...zoned, reason: 'decided' });
    const until = editableUntil(call);
    if (this.clock.now() >= until) throw new Conflict(ErrorCode.ProposalNotEditable, { ...zoned, reason: 'deadline', editableUntil: toZonedIso(until, event.timeZone) });
  }

  /**
   * Changes a draft, or a submitted proposal until the deadline for changes. A submitted proposal is
   * checked again against every rule of submission: it never becomes invalid.
   */
  async update(event: Event, me: ParticipantPrincipal, proposalId: string, input: UpdateProposalInput): Promise<ProposalView> {
    return this.dataSource.transaction(async (manager) => {
      const submitter = await this.requireSubmitter(event.id, me, manager);
      const call = await this.core.requireCall(event.id, manager);
      const s = await this.own(manager, event.id, submitter.id, proposalId, true);
      this.assertEditable(event, call, s);
      for (const key of ['typeKey', 'themeKey', 'title', 'abstract', 'keywords', 'references', 'language', 'format', 'authors', 'answers', 'conflictPersonIds'] as const)
        if (input[key] !== undefined) (s as unknown as Record<string, unknown>)[key] = input[key];
      const issues = proposalIssues(call, s, await this.committeeIds(event.id, manager), { complete: s.status === 'submitted', answersGiven: Object.keys(input.answers ?? {}) });
      if (issues.length) throw new ValidationFailed(issues);
      const saved = await manager.getRepository(Submission).save(s);
      return (await this.views.proposalViews(event, call, [saved], manager))[0];
    });
  }

  /**
   * Submits a draft while the call is open, after every rule of submission; mails its
   * acknowledgement (with until when it can still be changed, in the submitter's language and the
   * event's zone). Submitting again what is submitted answers it as it is.
   */
  async submit(event: Event, me: ParticipantPrincipal, proposalId: string): Promise<ProposalView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const submitter = await this.requireSubmitter(event.id, me, manager);
      const call = await this.core.requireCall(event.id, manager);
      const s = await this.own(manager, event.id, submitter.id, proposalId, true);
      if (s.status === 'submitted') return (await this.views.proposalViews(event, call, [s], manager))[0];
      if (s.status === 'withdrawn') throw new Conflict(ErrorCode.ProposalNotEditable, { timeZone: event.timeZone, reason: 'withdrawn' });
      this.assertOpen(event, call);
      const issues = proposalIssues(call, s, await this.committeeIds(event.id, manager), { complete: true });
      if (issues.length) throw new ValidationFailed(issues);
      s.status = 'submitted';
      s.submittedAt = this.clock.now();
      const saved = await manager.getRepository(Submission).save(s);
      const link = (await this.links.workingUrls(manager, { submitterIds: [submitter.id] })).get(submitter.id) ?? '';
      const deadline = describeWhen(editableUntil(call), event, submitter.language);
      await this.outbox.enqueue(manager, { to: submitter.email, eventId: event.id, ...this.mail('call_proposal_received', event, submitter, link, { proposalTitle: s.title, deadline }) });
      return (await this.views.proposalViews(event, call, [saved], manager))[0];
    });
    this.outbox.kick();
    return view;
  }

  /** Withdraws a proposal (a draft or a submitted one) until the deadline for changes; withdrawing again answers it as it is. */
  async withdraw(event: Event, me: ParticipantPrincipal, proposalId: string): Promise<ProposalView> {
    return this.dataSource.transaction(async (manager) => {
      const submitter = await this.requireSubmitter(event.id, me, manager);
      const call = await this.core.requireCall(event.id, manager);
      const s = await this.own(manager, event.id, submitter.id, proposalId, true);
      if (s.status !== 'withdrawn') {
        this.assertEditable(event, call, s);
        s.status = 'withdrawn';
        s.withdrawnAt = this.clock.now();
        await manager.getRepository(Submission).save(s);
      }
      return (await this.views.proposalViews(event, call, [s], manager))[0];
    });
  }

  // --- the organisers' list --------------------------------------------------------------------

  /**
   * The proposals of the call for its organisers, filtered and paged by a cursor. Drafts are never
   * listed: nobody sees another's drafts, the organisers included (the statistics only count them).
   * The state and the score are derived (proposalState, proposalScore over the submitted reviews),
   * so the filters on them and the order are applied to the call's proposals in memory, after the
   * database narrowed them by theme, type and text: a call holds hundreds of proposals, not millions.
   */
  async list(event: Event, query: ProposalListQuery): Promise<{ items: ProposalAdminView[]; nextCursor: string | null; total: number }> {
    const call = await this.core.requireCall(event.id);
    const qb = this.dataSource
      .getRepository(Submission)
      .createQueryBuilder('s')
      .where('s.event_id = :eventId', { eventId: event.id })
      .andWhere(`s.status <> 'draft'`);
    if (query.theme) qb.andWhere('s.theme_key = :theme', { theme: query.theme });
    if (query.type) qb.andWhere('s.type_key = :type', { type: query.type });
    if (query.q) {
      const q = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
      qb.andWhere(
        `(s.title ILIKE :q OR s.abstract ILIKE :q OR EXISTS (SELECT 1 FROM jsonb_array_elements(s.authors) AS author WHERE author->>'name' ILIKE :q)
          OR EXISTS (SELECT 1 FROM submitter sub WHERE sub.id = s.submitter_id AND sub.name ILIKE :q))`,
        { q },
      );
    }
    const rows = await qb.getMany();
    let views = await this.views.adminViews(event, call, rows);
    if (query.state) views = views.filter((v) => v.state === query.state);
    if (query.minScore !== undefined) views = views.filter((v) => v.score.mean !== null && v.score.mean >= query.minScore!);
    const order = query.order ?? 'submitted';
    const keyOf = (v: ProposalAdminView): SortKey =>
      order === 'score' ? [-(v.score.mean ?? -1), v.id] : order === 'title' ? [v.title.toLocaleLowerCase('fr'), v.id] : [v.submittedAt ?? '', v.id];
    views.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
    const total = views.length;
    if (query.cursor) {
      const after = decodeCursor(query.cursor, order);
      views = views.filter((v) => compareKeys(keyOf(v), after) > 0);
    }
    const limit = query.limit ?? 50;
    const page = views.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: views.length > limit && last ? encodeCursor(order, keyOf(last)) : null, total };
  }
}

function encodeCursor(order: string, key: SortKey): string {
  return Buffer.from(JSON.stringify({ o: order, k: key })).toString('base64url');
}

/** The position after which the next page starts; 422 cursor_invalid for a cursor of another order or a forged one. */
function decodeCursor(cursor: string, order: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; k?: unknown };
    const k = parsed.k;
    if (parsed.o === order && Array.isArray(k) && k.length === 2 && (typeof k[0] === 'number' || typeof k[0] === 'string') && typeof k[1] === 'string') return [k[0], k[1]];
  } catch {
    // falls through
  }
  throw ValidationFailed.rule('cursor', 'cursor_invalid');
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FieldIssueCode, type CallSettingsInput, type CallSettingsView, type CallView, type FieldIssue } from '@amphi/contracts';
import { NotFound, ValidationFailed, ruleIssue } from '../../common/domain-errors';
import type { Event } from '../../events/event.entity';
import { CallCoreService } from '../call-core.service';
import { CallForProposals, Submission } from '../call.entities';
import { ProposalViewsService } from './proposal-views';

/** The settings as given, as columns (fields left out keep their value). */
function settingsColumns(input: CallSettingsInput): Partial<CallForProposals> {
  const columns: Partial<CallForProposals> = {};
  const date = (v: string | null | undefined) => (v ? new Date(v) : null);
  if (input.published !== undefined) columns.published = input.published;
  if (input.opensAt !== undefined) columns.opensAt = new Date(input.opensAt);
  if (input.closesAt !== undefined) columns.closesAt = new Date(input.closesAt);
  if (input.editableUntil !== undefined) columns.editableUntil = date(input.editableUntil);
  if (input.argument !== undefined) columns.argument = input.argument;
  if (input.instructions !== undefined) columns.instructions = input.instructions;
  if (input.themes !== undefined) columns.themes = input.themes;
  if (input.types !== undefined) columns.types = input.types;
  if (input.fields !== undefined) columns.fields = input.fields;
  if (input.questions !== undefined) columns.questions = input.questions;
  if (input.maxProposalsPerSubmitter !== undefined) columns.maxProposalsPerSubmitter = input.maxProposalsPerSubmitter;
  if (input.reviewersPerProposal !== undefined) columns.reviewersPerProposal = input.reviewersPerProposal;
  if (input.reviewDeadline !== undefined) columns.reviewDeadline = date(input.reviewDeadline);
  if (input.anonymousReview !== undefined) columns.anonymousReview = input.anonymousReview;
  if (input.criteria !== undefined) columns.criteria = input.criteria;
  return columns;
}

/** The call's settings (organisers) and the call as published (everyone). */
@Injectable()
export class CallSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly core: CallCoreService,
    private readonly views: ProposalViewsService,
  ) {}

  async get(event: Event): Promise<CallSettingsView> {
    return this.views.settingsView(event, await this.core.requireCall(event.id));
  }

  /** The published call of a published event; 404 `call` when it has none or it is not published. */
  async publicView(event: Event): Promise<CallView> {
    const call = await this.core.findCall(event.id);
    if (!call?.published) throw new NotFound('call');
    return this.views.callView(event, call);
  }

  /**
   * Creates the call (opening, closing and at least one type are required then) or changes the given
   * fields, under a lock on the event's call so that two organisers saving at once cannot write a
   * call whose dates contradict each other.
   */
  async put(event: Event, input: CallSettingsInput): Promise<CallSettingsView> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('call:' || $1, 0))`, [event.id]);
      const repo = manager.getRepository(CallForProposals);
      const existing = await repo.findOneBy({ eventId: event.id });
      const issues: FieldIssue[] = [];
      if (!existing)
        for (const field of ['opensAt', 'closesAt', 'types'] as const) if (input[field] === undefined) issues.push({ path: [field], code: FieldIssueCode.Required });
      if (issues.length) throw new ValidationFailed(issues);
      const merged = { ...(existing ?? {}), ...settingsColumns(input) } as CallForProposals;
      if (merged.closesAt <= merged.opensAt) issues.push(ruleIssue('closesAt', 'closes_after_opens'));
      if (merged.editableUntil && merged.editableUntil < merged.closesAt) issues.push(ruleIssue('editableUntil', 'editable_after_closes'));
      for (const [i, q] of (input.questions ?? []).entries())
        if (q.kind === 'choice' && !q.options?.length) issues.push({ path: ['questions', i, 'options'], code: FieldIssueCode.Required });
      if (existing) issues.push(...(await this.themesAndTypesInUse(manager, event.id, merged)));
      if (issues.length) throw new ValidationFailed(issues);
      if (existing) await repo.update({ eventId: event.id }, settingsColumns(input));
      else await repo.insert({ ...merged, eventId: event.id });
      return this.views.settingsView(event, (await repo.findOneBy({ eventId: event.id }))!, manager);
    });
  }

  /**
   * A theme or a type that proposals (any, withdrawn ones included) still name cannot be removed:
   * 422 unknown_theme / unknown_type naming it. Refusing is the safe choice: keeping the proposals
   * with a key the call no longer has would leave submitted proposals that fail their own rules
   * (and a length limit nobody can read); the organisers rename the title instead, or move the
   * proposals first.
   */
  private async themesAndTypesInUse(manager: EntityManager, eventId: string, call: CallForProposals): Promise<FieldIssue[]> {
    const used: Array<{ theme_key: string | null; type_key: string }> = await manager
      .getRepository(Submission)
      .createQueryBuilder('s')
      .select(['s.theme_key AS theme_key', 's.type_key AS type_key'])
      .where('s.event_id = :eventId', { eventId })
      .distinct(true)
      .getRawMany();
    const themes = new Set(call.themes.map((t) => t.key));
    const types = new Set(call.types.map((t) => t.key));
    const issues: FieldIssue[] = [];
    for (const key of new Set(used.flatMap((u) => (u.theme_key && !themes.has(u.theme_key) ? [u.theme_key] : []))))
      issues.push(ruleIssue('themes', 'unknown_theme', { key }));
    for (const key of new Set(used.flatMap((u) => (!types.has(u.type_key) ? [u.type_key] : [])))) issues.push(ruleIssue('types', 'unknown_type', { key }));
    return issues;
  }
}

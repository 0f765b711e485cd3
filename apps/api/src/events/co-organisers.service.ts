import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, MoreThan, Repository, type EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import {
  ErrorCode,
  FieldIssueCode,
  pickText,
  type AcceptOrganiserInvitationInput,
  type AcceptOrganiserInvitationResult,
  type InviteCoOrganiserInput,
  type InviteCoOrganiserResult,
  type Language,
  type OrganiserInvitationPreview,
  type OrganiserInvitationView,
} from '@amphi/contracts';
import { Event } from './event.entity';
import { EventOrganiser } from './event-organiser.entity';
import { OrganiserInvitation } from './organiser-invitation.entity';
import { AccountsService, toOrganiserView } from '../accounts/accounts.service';
import type { OrganiserPrincipal } from '../accounts/access-token.service';
import { hashPassword } from '../accounts/password';
import { OutboxService } from '../mail/outbox.service';
import { renderMail } from '../mail/mail-templates';
import { describeEventDates } from '../registrations/registrations.service';
import { toZonedIso } from '../programme/zoned-time';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Conflict, DomainError, NotFound, ValidationFailed } from '../common/domain-errors';
import { isUuid, pgCode, PG_UNIQUE_VIOLATION } from '../common/ids';

/** How long an invitation to co-organise can be accepted. */
const INVITATION_DAYS = 7;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const invalidInvitation = () => new DomainError(410, ErrorCode.OrganiserInvitationInvalid);

/**
 * Co-organisers invited by e-mail (issue 13, item 4). An address with an organiser account is added to
 * the event at once and told by mail; another gets a mail with a link to create its account, which then
 * organises the event. The link carries a 256-bit random token in its fragment (never sent in a URL to
 * the server); only the token's hash is stored; it works once (accepting deletes the row under a row
 * lock) and for INVITATION_DAYS; inviting the address again replaces it. Callers have checked that the
 * organiser may invite (the owner) or read (any organiser of the event).
 */
@Injectable()
export class CoOrganisersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(OrganiserInvitation) private readonly invitations: Repository<OrganiserInvitation>,
    private readonly accounts: AccountsService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async invite(event: Event, inviter: OrganiserPrincipal, input: InviteCoOrganiserInput): Promise<InviteCoOrganiserResult> {
    const email = input.email;
    const language: Language = input.language ?? event.mainLanguage;
    const inviterName = (await this.accounts.get(inviter.organiserId)).name;
    const existing = await this.accounts.findByEmail(email);
    const common = { name: existing?.name ?? '', eventTitle: pickText(event.title, language, event.mainLanguage) ?? event.slug, eventDates: describeEventDates(event, language), inviterName };
    if (existing) {
      await this.dataSource.transaction(async (manager) => {
        const links = manager.getRepository(EventOrganiser);
        if (await links.existsBy({ eventId: event.id, organiserId: existing.id })) throw new Conflict(ErrorCode.OrganiserAlreadyInEvent, { email });
        try {
          await links.insert({ eventId: event.id, organiserId: existing.id, role: 'co-organiser' });
        } catch (error) {
          // The same address added twice at once: the primary key lets one through.
          if (pgCode(error) === PG_UNIQUE_VIOLATION) throw new Conflict(ErrorCode.OrganiserAlreadyInEvent, { email });
          throw error;
        }
        await manager.getRepository(OrganiserInvitation).delete({ eventId: event.id, email });
        const mail = renderMail('co_organiser_added', language, { ...common, link: `${this.config.publicUrl}/organiser/events/${event.id}` });
        await this.outbox.enqueue(manager, { to: email, eventId: event.id, ...mail });
      });
      this.outbox.kick();
      return { outcome: 'added', email };
    }

    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);
    await this.dataSource.transaction(async (manager) => {
      // One invitation per event and address: inviting again sends a new link, and the old one stops.
      await manager.query(
        `INSERT INTO organiser_invitation (event_id, email, token_hash, language, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id, email) DO UPDATE
           SET token_hash = EXCLUDED.token_hash, language = EXCLUDED.language, invited_by = EXCLUDED.invited_by, expires_at = EXCLUDED.expires_at, created_at = now()`,
        [event.id, email, hashToken(token), language, inviter.organiserId, expiresAt],
      );
      const mail = renderMail('co_organiser_invitation', language, {
        ...common,
        link: `${this.config.publicUrl}/organiser/join#${token}`,
        expiresAt: DateTime.fromJSDate(expiresAt, { zone: event.timeZone })
          .setLocale(language === 'fr' ? 'fr-FR' : 'en-GB')
          .toLocaleString(DateTime.DATETIME_FULL),
      });
      await this.outbox.enqueue(manager, { to: email, eventId: event.id, ...mail });
    });
    this.outbox.kick();
    return { outcome: 'invited', email };
  }

  /** The invitations of the event not accepted yet and still valid, oldest first (an event has a handful). */
  async listPending(event: Event): Promise<OrganiserInvitationView[]> {
    const rows = await this.invitations.find({ where: { eventId: event.id, expiresAt: MoreThan(new Date()) }, order: { createdAt: 'ASC' }, take: 200 });
    return rows.map((r) => ({ id: r.id, email: r.email, language: r.language, invitedAt: toZonedIso(r.createdAt, event.timeZone), expiresAt: toZonedIso(r.expiresAt, event.timeZone) }));
  }

  /** Withdraws an invitation: its link stops working. */
  async withdraw(event: Event, invitationId: string): Promise<void> {
    const result = isUuid(invitationId) ? await this.invitations.delete({ id: invitationId, eventId: event.id }) : { affected: 0 };
    if (!result.affected) throw new NotFound('organiser_invitation');
  }

  /** What the invitation page shows before its form: 410 ORGANISER_INVITATION_INVALID if the link no longer works. */
  async preview(token: string): Promise<OrganiserInvitationPreview> {
    const invitation = await this.invitations.findOne({ where: { tokenHash: hashToken(token), expiresAt: MoreThan(new Date()) }, relations: { event: true } });
    if (!invitation?.event) throw invalidInvitation();
    const event = invitation.event;
    return {
      email: invitation.email,
      eventTitle: event.title,
      mainLanguage: event.mainLanguage,
      accountExists: Boolean(await this.accounts.findByEmail(invitation.email)),
      expiresAt: toZonedIso(invitation.expiresAt, event.timeZone),
    };
  }

  /**
   * Accepts an invitation: creates the account (name and password needed then) unless the address has
   * one by now, gives it the event, and deletes the invitation, in one transaction under the
   * invitation's row lock, so that two uses of the link make one account at most.
   */
  async accept(input: AcceptOrganiserInvitationInput): Promise<AcceptOrganiserInvitationResult> {
    const tokenHash = hashToken(input.token);
    // Checked before paying for scrypt (a dead link costs one indexed read); checked again under the lock.
    const found = await this.invitations.findOneBy({ tokenHash, expiresAt: MoreThan(new Date()) });
    if (!found) throw invalidInvitation();
    const existing = await this.accounts.findByEmail(found.email);
    if (!existing) {
      const missing = (['name', 'password'] as const).filter((field) => !input[field]);
      if (missing.length) throw new ValidationFailed(missing.map((field) => ({ path: [field], code: FieldIssueCode.Required })));
    }
    const passwordHash = existing ? null : await hashPassword(input.password!);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const invitation = await manager.getRepository(OrganiserInvitation).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
        if (!invitation || invitation.expiresAt.getTime() <= Date.now()) throw invalidInvitation();
        const organiser = existing ?? (await this.accounts.createWithin(manager, { email: invitation.email, name: input.name!, passwordHash: passwordHash! }));
        await this.addLink(manager, invitation.eventId, organiser.id);
        await manager.getRepository(OrganiserInvitation).delete({ id: invitation.id });
        return { eventId: invitation.eventId, organiser: toOrganiserView(organiser), accountCreated: !existing };
      });
    } catch (error) {
      // The address got an account at the same moment (another invitation accepted): nothing was written.
      if (pgCode(error) === PG_UNIQUE_VIOLATION) throw new Conflict(ErrorCode.OrganiserExists, { email: found.email });
      throw error;
    }
  }

  private async addLink(manager: EntityManager, eventId: string, organiserId: string): Promise<void> {
    await manager.createQueryBuilder().insert().into(EventOrganiser).values({ eventId, organiserId, role: 'co-organiser' }).orIgnore().execute();
  }
}

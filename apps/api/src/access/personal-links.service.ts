import { ErrorCode } from '@amphi/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { In, IsNull, Not, Repository, type EntityManager } from 'typeorm';

export interface LinkOwner {
  eventId: string;
  registrationId?: string;
  personId?: string;
  /** A submitter to the call for communications (their earlier links are replaced, like an attendee's). */
  submitterId?: string;
  /** A registration created in this transaction: it has no earlier link to revoke. */
  isNew?: boolean;
}
import { PersonalLink } from './personal-link.entity';
import { Unauthenticated } from '../common/domain-errors';
import { revokedError } from './link-revocation';
import { APP_CONFIG, type AppConfig } from '../config/config';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues, checks and revokes personal links. An attendee's e-mail carries a fresh link (the previous ones stop working); an invited person's link can be mailed again as it is. */
@Injectable()
export class PersonalLinksService {
  constructor(
    @InjectRepository(PersonalLink) private readonly links: Repository<PersonalLink>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new link for a registration or a person, revoking their earlier links; answers its URL. Runs in the caller's transaction. */
  async issue(manager: EntityManager, owner: LinkOwner): Promise<{ url: string; token: string }> {
    return (await this.issueMany(manager, [owner]))[0];
  }

  /** New links for several owners in two statements (a batch of registrations). */
  async issueMany(manager: EntityManager, owners: LinkOwner[]): Promise<Array<{ url: string; token: string }>> {
    if (owners.length === 0) return [];
    const repo = manager.getRepository(PersonalLink);
    const registrationIds = owners.flatMap((o) => (o.registrationId && !o.isNew ? [o.registrationId] : []));
    const personIds = owners.flatMap((o) => (o.personId ? [o.personId] : []));
    const submitterIds = owners.flatMap((o) => (o.submitterId && !o.isNew ? [o.submitterId] : []));
    const replaced = { revokedAt: new Date(), revokedReason: 'replaced' as const };
    if (registrationIds.length) await repo.update({ registrationId: In(registrationIds), revokedAt: IsNull() }, replaced);
    if (personIds.length) await repo.update({ personId: In(personIds), revokedAt: IsNull() }, replaced);
    if (submitterIds.length) await repo.update({ submitterId: In(submitterIds), revokedAt: IsNull() }, replaced);
    const ids = owners.map(() => randomUUID());
    // A link is derived from its id and the server's secret, so that "Send again", a reminder or a
    // notice can mail the same link instead of retiring one in use; only its hash is stored all the same.
    const tokens = owners.map((_o, i) => this.derivedToken(ids[i]) ?? randomBytes(32).toString('base64url')); // 256 bits each
    await repo.insert(
      owners.map((o, i) => ({ id: ids[i], tokenHash: hashToken(tokens[i]), eventId: o.eventId, registrationId: o.registrationId ?? null, personId: o.personId ?? null, submitterId: o.submitterId ?? null })),
    );
    // In the fragment, the token never reaches a server log; the page exchanges it through POST /api/access.
    return tokens.map((token) => ({ token, url: `${this.config.publicUrl}/me#${token}` }));
  }

  /** HMAC-SHA256 of the link's id under the server's secret (256 bits); null without a secret. */
  private derivedToken(linkId: string): string | null {
    const secret = this.config.auth.secret;
    return secret ? createHmac('sha256', secret).update(`personal-link:${linkId}`).digest('base64url') : null;
  }

  /** The working link of a person of the programme, if any (read in the caller's transaction). */
  async workingForPerson(manager: EntityManager, personId: string): Promise<PersonalLink | null> {
    return manager.getRepository(PersonalLink).findOneBy({ personId, revokedAt: IsNull() });
  }

  /** The working links of the people of an event (at most one each). */
  async workingForPeople(manager: EntityManager, eventId: string): Promise<PersonalLink[]> {
    return manager.getRepository(PersonalLink).find({ where: { eventId, personId: Not(IsNull()), revokedAt: IsNull() } });
  }

  /**
   * The URL of a working person's link, to mail it again; null when it cannot be made again (a link
   * made before links were derived, or the secret changed since): only replacing it is possible then.
   */
  urlAgain(link: PersonalLink): string | null {
    const token = this.derivedToken(link.id);
    return token && hashToken(token) === link.tokenHash ? `${this.config.publicUrl}/me#${token}` : null;
  }

  /**
   * The working links of some registrations and people, as URLs to mail again (a reminder, a notice,
   * a message): nothing is replaced. One without a working link, or whose link cannot be made again,
   * is absent from the map (the mail then goes without it).
   */
  async workingUrls(manager: EntityManager, owners: { registrationIds?: string[]; personIds?: string[]; submitterIds?: string[] }): Promise<Map<string, string>> {
    const registrationIds = owners.registrationIds ?? [];
    const personIds = owners.personIds ?? [];
    const submitterIds = owners.submitterIds ?? [];
    const urls = new Map<string, string>();
    if (registrationIds.length + personIds.length + submitterIds.length === 0) return urls;
    const links = await manager.getRepository(PersonalLink).find({
      where: [
        ...(registrationIds.length ? [{ registrationId: In(registrationIds), revokedAt: IsNull() }] : []),
        ...(personIds.length ? [{ personId: In(personIds), revokedAt: IsNull() }] : []),
        ...(submitterIds.length ? [{ submitterId: In(submitterIds), revokedAt: IsNull() }] : []),
      ],
      order: { createdAt: 'ASC' },
    });
    for (const link of links) {
      const url = this.urlAgain(link);
      const owner = link.registrationId ?? link.personId ?? link.submitterId;
      if (url && owner) urls.set(owner, url); // the newest working link wins
    }
    return urls;
  }

  async revokeAll(manager: EntityManager, owner: { registrationId?: string; personId?: string; submitterId?: string }, reason: NonNullable<PersonalLink['revokedReason']>): Promise<void> {
    const where = owner.registrationId ? { registrationId: owner.registrationId } : owner.personId ? { personId: owner.personId } : { submitterId: owner.submitterId };
    await manager.getRepository(PersonalLink).update({ ...where, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** The active link for a token; 401 saying why for a forged or revoked one. */
  async redeem(token: string): Promise<PersonalLink> {
    const link = await this.links.findOneBy({ tokenHash: hashToken(token) });
    if (!link) throw new Unauthenticated(ErrorCode.LinkUnknown);
    if (link.revokedAt) throw revokedError(link.revokedReason);
    // One statement: the first use is kept (the organiser sees when an invitation was opened).
    await this.links
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()', openedAt: () => 'COALESCE("opened_at", now())' })
      .where('id = :id', { id: link.id })
      .execute();
    return link;
  }

  /** Checked on every request made with an access token from a link, so that revoking a link cuts access at once. */
  async requireActive(linkId: string): Promise<PersonalLink> {
    const link = await this.links.findOneBy({ id: linkId });
    if (!link) throw new Unauthenticated(ErrorCode.LinkGone);
    if (link.revokedAt) throw revokedError(link.revokedReason);
    return link;
  }

  async deleteForEvent(manager: EntityManager, eventId: string): Promise<void> {
    await manager.getRepository(PersonalLink).delete({ eventId });
  }
}

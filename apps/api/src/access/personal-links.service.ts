import { ErrorCode } from '@amphi/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { In, IsNull, Repository, type EntityManager } from 'typeorm';

export interface LinkOwner {
  eventId: string;
  registrationId?: string;
  personId?: string;
  /** A registration created in this transaction: it has no earlier link to revoke. */
  isNew?: boolean;
}
import { PersonalLink } from './personal-link.entity';
import { Unauthenticated } from '../common/domain-errors';
import { revokedError } from './link-revocation';
import { APP_CONFIG, type AppConfig } from '../config/config';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues, checks and revokes personal links. Each e-mail carries a fresh link; the previous ones stop working. */
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
    const replaced = { revokedAt: new Date(), revokedReason: 'replaced' as const };
    if (registrationIds.length) await repo.update({ registrationId: In(registrationIds), revokedAt: IsNull() }, replaced);
    if (personIds.length) await repo.update({ personId: In(personIds), revokedAt: IsNull() }, replaced);
    const tokens = owners.map(() => randomBytes(32).toString('base64url')); // 256 bits each
    await repo.insert(
      owners.map((o, i) => ({ tokenHash: hashToken(tokens[i]), eventId: o.eventId, registrationId: o.registrationId ?? null, personId: o.personId ?? null })),
    );
    // In the fragment, the token never reaches a server log; the page exchanges it through POST /api/access.
    return tokens.map((token) => ({ token, url: `${this.config.publicUrl}/me#${token}` }));
  }

  async revokeAll(manager: EntityManager, owner: { registrationId?: string; personId?: string }, reason: NonNullable<PersonalLink['revokedReason']>): Promise<void> {
    const where = owner.registrationId ? { registrationId: owner.registrationId } : { personId: owner.personId };
    await manager.getRepository(PersonalLink).update({ ...where, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** The active link for a token; 401 saying why for a forged or revoked one. */
  async redeem(token: string): Promise<PersonalLink> {
    const link = await this.links.findOneBy({ tokenHash: hashToken(token) });
    if (!link) throw new Unauthenticated(ErrorCode.LinkUnknown);
    if (link.revokedAt) throw revokedError(link.revokedReason);
    await this.links.update({ id: link.id }, { lastUsedAt: new Date() });
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

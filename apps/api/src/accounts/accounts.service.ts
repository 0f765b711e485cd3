import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { FieldIssueCode, ErrorCode, type LoginResult, type OrganiserView } from '@amphi/contracts';
import { Organiser } from './organiser.entity';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password';
import { AccessTokenService } from './access-token.service';
import { LoginAttempts } from './login-attempts';
import { Conflict, NotFound, Unauthenticated, ValidationFailed } from '../common/domain-errors';

export const toOrganiserView = (o: Organiser): OrganiserView => ({ id: o.id, email: o.email, name: o.name });

/** Organiser accounts: creation, login, lookup. The only code that touches the organiser table. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(Organiser) private readonly organisers: Repository<Organiser>,
    private readonly tokens: AccessTokenService,
    private readonly attempts: LoginAttempts,
  ) {}

  async create(input: { email: string; name: string; password: string }): Promise<Organiser> {
    const email = input.email.trim().toLowerCase();
    if (input.password.length < 10) throw new ValidationFailed([{ path: ['password'], code: FieldIssueCode.TooShort, params: { minimum: 10 } }]);
    if (await this.organisers.existsBy({ email })) throw new Conflict(ErrorCode.OrganiserExists, { email });
    return this.organisers.save(this.organisers.create({ email, name: input.name.trim() || email, passwordHash: await hashPassword(input.password) }));
  }

  /**
   * Creates an account inside the caller's transaction (accepting an invitation to co-organise: the account
   * and its access to the event exist together or not at all). The password is hashed by the caller, before
   * the transaction, so that no lock is held during scrypt. 409 ORGANISER_EXISTS if the address is taken.
   */
  async createWithin(manager: EntityManager, input: { email: string; name: string; passwordHash: string }): Promise<Organiser> {
    const email = input.email.trim().toLowerCase();
    const repo = manager.getRepository(Organiser);
    if (await repo.existsBy({ email })) throw new Conflict(ErrorCode.OrganiserExists, { email });
    return repo.save(repo.create({ email, name: input.name.trim() || email, passwordHash: input.passwordHash }));
  }

  /** Creates the account unless one exists for this e-mail; used at first start and by the CLI. */
  async ensure(input: { email: string; name: string; password: string }): Promise<{ organiser: Organiser; created: boolean }> {
    const existing = await this.findByEmail(input.email);
    if (existing) return { organiser: existing, created: false };
    return { organiser: await this.create(input), created: true };
  }

  async setPassword(email: string, password: string): Promise<void> {
    const organiser = await this.findByEmail(email);
    if (!organiser) throw new NotFound('organiser');
    organiser.passwordHash = await hashPassword(password);
    await this.organisers.save(organiser);
  }

  findByEmail(email: string): Promise<Organiser | null> {
    return this.organisers.findOneBy({ email: email.trim().toLowerCase() });
  }

  async get(id: string): Promise<Organiser> {
    const organiser = await this.organisers.findOneBy({ id });
    if (!organiser) throw new Unauthenticated(ErrorCode.AccountGone);
    return organiser;
  }

  count(): Promise<number> {
    return this.organisers.count();
  }

  /** Checks the password; only failures count towards the login limit (LoginAttempts), whose 429 says how long to wait. `ip`: the client's address. */
  async login(email: string, password: string, ip = 'unknown'): Promise<LoginResult> {
    await this.attempts.check(ip, email);
    const organiser = await this.findByEmail(email);
    // Verify against a dummy hash when the account is unknown: same time, same answer.
    const ok = await verifyPassword(password, organiser?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!organiser || !ok) {
      await this.attempts.failed(ip, email);
      throw new Unauthenticated(ErrorCode.LoginFailed);
    }
    await this.attempts.succeeded(email);
    return this.bearerFor(organiser);
  }

  /** A bearer token for the API (also handed to a live room opened with the sign-in cookie, kept in that page's memory only). */
  /** A bearer for the signed-in browser (the live room's); it ends with that sign-in (`signInId`). */
  async accessToken(organiserId: string, signInId?: string): Promise<LoginResult> {
    return this.bearerFor(await this.get(organiserId), signInId);
  }

  private bearerFor(organiser: Organiser, signInId?: string): LoginResult {
    const { token, expiresAt } = this.tokens.issue({ kind: 'organiser', organiserId: organiser.id, ...(signInId ? { signInId } : {}) });
    return { accessToken: token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), organiser: toOrganiserView(organiser) };
  }
}

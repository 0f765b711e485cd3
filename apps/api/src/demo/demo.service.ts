import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { LocalizedText } from '@amphi/contracts';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { PeopleService } from '../people/people.service';
import { SessionsService } from '../programme/sessions.service';
import { AccountsService } from '../accounts/accounts.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DEMO_EVENTS, type DemoEvent } from './demo-events';
import { CallSettingsService } from '../call/submissions/call-settings.service';
import { Submission, Submitter } from '../call/call.entities';

/** The slug of the demo event that is always happening now. */
export const LIVE_DEMO_SLUG = 'amphi-live-demo';

/**
 * What happens on first start, and the demo data. Demo events go through the same services
 * and programme rules as anything an organiser types, so they cannot hold an impossible programme.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Amphi');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly events: EventsService,
    private readonly people: PeopleService,
    private readonly sessions: SessionsService,
    private readonly callSettings: CallSettingsService,
  ) {}

  /** The first organiser from the environment, then the demo events on an empty database. */
  async onFirstStart(): Promise<void> {
    if (this.config.firstOrganiser) {
      const { created } = await this.accounts.ensure(this.config.firstOrganiser);
      if (created) this.logger.log(`Created organiser ${this.config.firstOrganiser.email} from ORGANISER_EMAIL.`);
    }
    if (!this.config.demoData) return;
    if ((await this.dataSource.getRepository(Event).count()) === 0) {
      const slugs = await this.load();
      this.logger.log(`Loaded demo events: ${slugs.join(', ')}`);
    }
    await this.refreshLiveDemo();
  }

  /**
   * A demo event happening now, made anew at each start (so its session is always running): a
   * newcomer can register, open their link from the development mailbox, join the live room and
   * ask questions. The demo organiser is also a person of the event (their account's name and
   * e-mail) and the chair of its live session: signed in, they open its live page as its chair
   * (the session-access policy matches the account to the chair by e-mail), go live and are on stage.
   * Whatever was done in it before is replaced.
   */
  async refreshLiveDemo(): Promise<void> {
    const slug = LIVE_DEMO_SLUG;
    const existing = await this.dataSource.getRepository(Event).findOneBy({ slug });
    if (existing) await this.events.delete(existing);
    const owner = await this.demoOwner();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const wall = (minutes: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + minutes * 60_000).toISOString().slice(0, 16);
    const event = await this.events.create(
      { kind: 'organiser', organiserId: owner.id },
      {
        slug,
        title: { en: 'Amphi live demo: peer support today', fr: 'Démonstration en direct d’Amphi : la pair-aidance aujourd’hui' },
        subtitle: { en: 'A session running now, to try the live room and its questions', fr: 'Une session en cours, pour essayer la salle en direct et ses questions' },
        mainLanguage: 'fr',
        timeZone: 'UTC',
        startDate: day(-1),
        endDate: day(1),
        format: 'online',
      },
    );
    const chair = await this.people.create(event.id, { name: owner.name, email: owner.email, affiliation: 'Amphi' });
    const speaker = await this.people.create(event.id, { name: 'Lise Demailly', affiliation: 'Université de Lille' });
    await this.sessions.create(event, {
      type: 'plenary',
      title: { en: 'Live plenary: what lived experience brings', fr: 'Plénière en direct : ce qu’apporte l’expérience vécue' },
      startsAt: wall(-5),
      endsAt: wall(120),
      stage: 'main',
      chairs: [chair.id],
      panelists: [],
      talks: [{ title: { en: 'Experiential knowledge at work', fr: 'Le savoir expérientiel au travail' }, speakers: [speaker.id], plannedMinutes: 45 }],
      recorded: false,
    });
    await this.events.update(event, { registration: { open: true } });
    await this.events.setStatus(event, 'published');
    this.logger.log(`Live demo: ${owner.email} chairs “${slug}”; signed in at ${this.config.publicUrl}/organiser, they go live from its live page.`);
  }

  /** (Re)loads the demo events: existing events with the same slugs are replaced. */
  async load(): Promise<string[]> {
    const owner = (await this.demoOwner()).id;
    const loaded: string[] = [];
    for (const demo of DEMO_EVENTS) {
      const existing = await this.dataSource.getRepository(Event).findOneBy({ slug: demo.event.slug });
      if (existing) await this.events.delete(existing);
      await this.loadOne(demo, owner);
      loaded.push(demo.event.slug);
    }
    return loaded;
  }

  private async loadOne(demo: DemoEvent, organiserId: string): Promise<void> {
    const who = { kind: 'organiser' as const, organiserId };
    const event = await this.events.create(who, demo.event);
    const ids = new Map<string, string>();
    for (const p of demo.people) ids.set(p.key, (await this.people.create(event.id, { name: p.name, affiliation: p.affiliation, title: p.title })).id);
    const id = (key: string) => {
      const found = ids.get(key);
      if (!found) throw new Error(`Demo data names an unknown person: ${key}`);
      return found;
    };
    if (demo.committees) {
      const members = (list?: Array<{ person: string; role?: LocalizedText }>) => list?.map((m) => ({ personId: id(m.person), ...(m.role ? { role: m.role } : {}) }));
      await this.events.update(event, { committees: { organising: members(demo.committees.organising), scientific: members(demo.committees.scientific) } });
    }
    for (const s of demo.sessions) {
      await this.sessions.create(event, {
        type: s.type,
        title: s.title,
        description: s.description,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        stage: 'main',
        chairs: s.chairs.map(id),
        panelists: (s.panelists ?? []).map(id),
        talks: (s.talks ?? []).map((t) => ({ ...t, speakers: t.speakers.map(id) })),
        recorded: s.recorded ?? false,
      });
    }
    if (demo.call) await this.loadCall(event, demo.call);
    await this.events.setStatus(event, 'published');
  }

  /** The call through the organisers' own checks; its proposals as their submitters left them, submitted before the close. */
  private async loadCall(event: Event, call: NonNullable<DemoEvent['call']>): Promise<void> {
    const settings = await this.callSettings.put(event, call.settings);
    const submittedAt = new Date(Date.parse(settings.closesAt) - 10 * 86_400_000);
    await this.dataSource.transaction(async (manager) => {
      for (const p of call.proposals) {
        const submitter = await manager.getRepository(Submitter).save({ eventId: event.id, ...p.submitter });
        await manager.getRepository(Submission).save({
          eventId: event.id,
          submitterId: submitter.id,
          status: 'submitted' as const,
          typeKey: p.typeKey,
          themeKey: p.themeKey,
          title: p.title,
          abstract: p.abstract,
          keywords: p.keywords,
          authors: p.authors,
          submittedAt,
        });
      }
    });
  }

  /** The first organiser if there is one; otherwise a demo account whose password is shown once. */
  private async demoOwner(): Promise<{ id: string; email: string; name: string }> {
    const who = (o: { id: string; email: string; name: string }) => ({ id: o.id, email: o.email, name: o.name });
    if (this.config.firstOrganiser) return who((await this.accounts.ensure(this.config.firstOrganiser)).organiser);
    const email = 'demo@amphi.local';
    const existing = await this.accounts.findByEmail(email);
    if (existing) return who(existing);
    const password = randomBytes(12).toString('base64url');
    const organiser = await this.accounts.create({ email, name: 'Demo organiser', password });
    this.logger.warn(`Demo organiser created: ${email} / ${password}  (change it with: npm run organiser -- set-password ${email})`);
    return who(organiser);
  }
}

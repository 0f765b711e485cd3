import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { DataSource } from 'typeorm';
import type { LocalizedText, SessionView } from '@amphi/contracts';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { PeopleService } from '../people/people.service';
import { SessionsService } from '../programme/sessions.service';
import { AccountsService } from '../accounts/accounts.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DEMO_EVENTS, type DemoEvent } from './demo-events';
import { CallSettingsService } from '../call/submissions/call-settings.service';
import { Submission, Submitter } from '../call/call.entities';
import { RecordingsService, speakersOf } from '../recordings/recordings.service';
import { Recording, RecordingTranscript } from '../recordings/recording.entities';
import { podcastKey } from '../recordings/media/podcast-audio.job';
import { STORAGE, type Storage } from '../storage/storage';
import { demoRecordingStart, readDemoRecording } from './demo-recording';

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
    private readonly recordings: RecordingsService,
    @Inject(STORAGE) private readonly storage: Storage,
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
    if (existing) await this.deleteEvent(existing);
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
      if (existing) await this.deleteEvent(existing);
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
    const recorded: Array<{ session: SessionView; assets: string }> = [];
    for (const s of demo.sessions) {
      const session = await this.sessions.create(event, {
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
      if (s.recording) recorded.push({ session, assets: s.recording });
    }
    if (demo.call) await this.loadCall(event, demo.call);
    await this.events.setStatus(event, 'published');
    for (const r of recorded) await this.loadRecording(event, r.session, r.assets, organiserId);
  }

  /**
   * A published recording of a demo session, from the committed assets (scripts/make-demo-recording.sh):
   * what an upload followed by the podcast and transcript jobs would have left, without running them
   * (no ffmpeg, no transcriber, nothing queued). The MP3 is stored as the original ('audio') and as
   * the podcast file; the recording starts where the assets say, so that the programme's talks are
   * chapters inside it; its transcript is the corrected one; every speaker consents; it is published.
   * Missing or damaged assets leave the event without its recording (said in the log), not unloaded.
   */
  private async loadRecording(event: Event, session: SessionView, name: string, organiserId: string): Promise<void> {
    let assets;
    try {
      assets = readDemoRecording(name);
    } catch (error) {
      this.logger.warn(`Demo recording “${name}” not loaded: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const startedAt = demoRecordingStart(session, assets.anchor);
    const recording = await this.recordings.create(event, session, 'upload', 'complete', {
      startedAt,
      endedAt: new Date(startedAt.getTime() + Math.round(assets.probe.durationSeconds * 1000)),
      probe: assets.probe,
      durationSeconds: Math.max(1, Math.round(assets.probe.durationSeconds)),
      loudnessLufs: assets.loudnessLufs,
    });
    if (recording.language !== assets.language) this.logger.warn(`Demo recording “${name}” is in ${assets.language}, its session in ${recording.language}.`);
    const files = [
      { kind: 'audio' as const, key: `recordings/${event.id}/${recording.id}/upload` },
      { kind: 'podcast' as const, key: podcastKey(event.id, recording.id) },
    ];
    for (const file of files) {
      const stored = await this.storage.put(file.key, createReadStream(assets.mp3));
      await this.recordings.attachFile(recording.id, { kind: file.kind, storageKey: stored.key, contentType: assets.contentType, size: stored.size, sha256: stored.sha256 });
    }
    await this.dataSource.getRepository(RecordingTranscript).insert({
      recordingId: recording.id,
      language: assets.transcript.language,
      engine: assets.transcript.engine,
      segments: assets.transcript.segments,
      // Corrected by the organiser: the words as said (the transcript job never overwrites it).
      editedAt: new Date(),
      editedBy: organiserId,
    });
    for (const speaker of speakersOf(session)) await this.recordings.decide(event, speaker.id, recording.id, 'granted');
    await this.recordings.publish(event, recording.id);
  }

  /** An event and everything of it, its recordings' files in storage included (deleting the event alone would leave them there). */
  private async deleteEvent(event: Event): Promise<void> {
    const recordings = await this.dataSource.getRepository(Recording).find({ where: { eventId: event.id }, select: { id: true } });
    for (const r of recordings) await this.recordings.remove(event, r.id);
    await this.events.delete(event);
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

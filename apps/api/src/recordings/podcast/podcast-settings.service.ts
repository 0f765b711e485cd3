import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ErrorCode, pickText, type PodcastSettingsInput, type PodcastSettingsView, type PodcastView, type SessionView } from '@amphi/contracts';
import { PodcastSettings } from '../recording.entities';
import { EventOrganiser } from '../../events/event-organiser.entity';
import type { Event } from '../../events/event.entity';
import { STORAGE, type Storage } from '../../storage/storage';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError, ValidationFailed } from '../../common/domain-errors';
import { RecordingsService } from '../recordings.service';
import { SessionsService } from '../../programme/sessions.service';
import { artworkDrawingKey, drawArtwork, GENERATED_ARTWORK_PIXELS, inspectArtwork, type ArtworkText } from './artwork';
import { feedUrlOf, podcastDescription, podcastFeed } from './podcast-feed';

/** An artwork is an image of a few megabytes at most (3000 × 3000 JPEG); more is refused before it is read whole. */
export const ARTWORK_MAX_BYTES = 10 * 1024 * 1024;

/** The artwork the feed shows now: the uploaded one, else the one drawn from the title. */
export interface CurrentArtwork {
  key: string;
  contentType: 'image/png' | 'image/jpeg';
  extension: 'png' | 'jpg';
  width: number;
  height: number;
  generated: boolean;
  /** Changes with the image: its ETag, and the `v` of its URL (so that apps fetch a new one). */
  tag: string;
  /** For a generated one: what to draw if it is not stored yet. */
  text?: ArtworkText;
}

/**
 * An event's podcast: its settings (owner, author, categories, explicit flag, with defaults taken
 * from the event), its artwork (uploaded, or generated once and kept in storage), and its feed.
 */
@Injectable()
export class PodcastSettingsService {
  /** Drawings under way, so that two first requests draw once. */
  private readonly drawing = new Map<string, Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly recordings: RecordingsService,
    private readonly sessions: SessionsService,
  ) {}

  private get rows() {
    return this.dataSource.getRepository(PodcastSettings);
  }

  // --- settings ---------------------------------------------------------------------------

  async view(event: Event): Promise<PodcastSettingsView> {
    const row = await this.rows.findOneBy({ eventId: event.id });
    const defaults = await this.defaultsOf(event);
    const artwork = this.currentArtwork(event, row);
    return {
      ownerName: row?.ownerName ?? defaults.ownerName,
      ownerEmail: row?.ownerEmail ?? defaults.ownerEmail,
      author: row?.author ?? defaults.author,
      categories: row?.categories ?? ['Science', 'Education'],
      explicit: row?.explicit ?? false,
      // The organisers' route: it shows the artwork before the event is published (GET needs no CSRF proof, an <img> can load it).
      artwork: { url: `/api/events/${event.id}/podcast/artwork?v=${artwork.tag}`, width: artwork.width, height: artwork.height, contentType: artwork.contentType, generated: artwork.generated },
      defaults: { ownerName: !row?.ownerName, ownerEmail: !row?.ownerEmail, author: !row?.author },
    };
  }

  /** Sets what is given; null puts a field back to its default; an absent field is left as it is. */
  async update(event: Event, input: PodcastSettingsInput): Promise<PodcastSettingsView> {
    const patch: Partial<PodcastSettings> = {};
    if (input.ownerName !== undefined) patch.ownerName = input.ownerName;
    if (input.ownerEmail !== undefined) patch.ownerEmail = input.ownerEmail;
    if (input.author !== undefined) patch.author = input.author;
    if (input.categories !== undefined) patch.categories = [...new Set(input.categories)];
    if (input.explicit !== undefined) patch.explicit = input.explicit;
    await this.ensureRow(event);
    if (Object.keys(patch).length) await this.rows.update({ eventId: event.id }, patch);
    return this.view(event);
  }

  /** The row, made with every default if there is none (two requests at once make one). */
  private async ensureRow(event: Event): Promise<void> {
    await this.rows.createQueryBuilder().insert().into(PodcastSettings).values({ eventId: event.id }).orIgnore().execute();
  }

  /** Owner: the event's contact, else the organiser who owns the event; author: the event's title. */
  private async defaultsOf(event: Event): Promise<{ ownerName: string; ownerEmail: string; author: string }> {
    const lang = event.mainLanguage;
    const title = pickText(event.title, lang, lang) ?? event.slug;
    let ownerName = event.contact?.name?.trim() || undefined;
    let ownerEmail = event.contact?.email?.trim() || undefined;
    if (!ownerName || !ownerEmail) {
      const owner = await this.dataSource.getRepository(EventOrganiser).findOne({ where: { eventId: event.id }, relations: { organiser: true }, order: { role: 'DESC', createdAt: 'ASC' } });
      ownerName ??= owner?.organiser?.name;
      ownerEmail ??= owner?.organiser?.email;
    }
    return { ownerName: ownerName ?? title, ownerEmail: ownerEmail ?? '', author: title };
  }

  // --- artwork ----------------------------------------------------------------------------

  /**
   * An organiser's artwork, as the request's raw body: read within ARTWORK_MAX_BYTES, its type read
   * from its bytes, its size in pixels from the file; stored at podcasts/{eventId}/artwork-<sha8>.<ext>.
   */
  async uploadArtwork(event: Event, body: Readable, declaredLength: number | undefined): Promise<PodcastSettingsView> {
    const tooLarge = () => new DomainError(413, ErrorCode.PayloadTooLarge, { maxMegabytes: ARTWORK_MAX_BYTES / 1024 / 1024 });
    if (declaredLength !== undefined && declaredLength > ARTWORK_MAX_BYTES) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    if (!body.readableEnded) {
      for await (const chunk of body) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
        total += bytes.length;
        if (total > ARTWORK_MAX_BYTES) {
          body.destroy();
          throw tooLarge();
        }
        chunks.push(bytes);
      }
    }
    const bytes = Buffer.concat(chunks);
    if (!bytes.length) throw ValidationFailed.rule('file', 'file_empty');
    const image = await inspectArtwork(bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const key = `podcasts/${event.id}/artwork-${sha.slice(0, 8)}.${image.extension}`;
    await this.storage.put(key, bytes);
    await this.ensureRow(event);
    const previous = await this.rows.findOneBy({ eventId: event.id });
    await this.rows.update({ eventId: event.id }, { artworkKey: key, artworkContentType: image.contentType, artworkWidth: image.width, artworkHeight: image.height });
    if (previous?.artworkKey && previous.artworkKey !== key) await this.storage.delete(previous.artworkKey).catch(() => undefined);
    return this.view(event);
  }

  /** Back to the generated artwork; the uploaded file is removed. */
  async removeArtwork(event: Event): Promise<PodcastSettingsView> {
    const row = await this.rows.findOneBy({ eventId: event.id });
    if (row?.artworkKey) {
      await this.rows.update({ eventId: event.id }, { artworkKey: null, artworkContentType: null, artworkWidth: null, artworkHeight: null });
      await this.storage.delete(row.artworkKey).catch(() => undefined);
    }
    return this.view(event);
  }

  /** What is drawn on the generated artwork: the title in the main language, the subtitle, the dates. */
  private artworkText(event: Event): ArtworkText {
    const lang = event.mainLanguage;
    const day = (d: string) => new Date(`${d}T12:00:00Z`);
    const format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    return {
      title: pickText(event.title, lang, lang) ?? event.slug,
      subtitle: pickText(event.subtitle, lang, lang)?.trim() || null,
      dates: event.startDate === event.endDate ? format.format(day(event.startDate)) : format.formatRange(day(event.startDate), day(event.endDate)),
      language: lang,
    };
  }

  currentArtwork(event: Event, row: PodcastSettings | null): CurrentArtwork {
    if (row?.artworkKey && row.artworkContentType && row.artworkWidth && row.artworkHeight) {
      const png = row.artworkContentType === 'image/png';
      return { key: row.artworkKey, contentType: png ? 'image/png' : 'image/jpeg', extension: png ? 'png' : 'jpg', width: row.artworkWidth, height: row.artworkHeight, generated: false, tag: row.artworkKey.replace(/^.*artwork-([0-9a-f]+)\..*$/, '$1') };
    }
    const text = this.artworkText(event);
    const hash = createHash('sha256').update(artworkDrawingKey(text)).digest('hex').slice(0, 16);
    return { key: `podcasts/${event.id}/generated-${hash}.png`, contentType: 'image/png', extension: 'png', width: GENERATED_ARTWORK_PIXELS, height: GENERATED_ARTWORK_PIXELS, generated: true, tag: hash, text };
  }

  /** The artwork to serve, drawn and stored first if it is a generated one not drawn yet. */
  async artworkFile(event: Event): Promise<CurrentArtwork & { size: number }> {
    const artwork = this.currentArtwork(event, await this.rows.findOneBy({ eventId: event.id }));
    let size = await this.storage.size(artwork.key);
    if (size === null && artwork.text) {
      const text = artwork.text;
      let pending = this.drawing.get(artwork.key);
      if (!pending) {
        pending = drawArtwork(text).then((png) => this.storage.put(artwork.key, png)).then(() => undefined);
        this.drawing.set(artwork.key, pending);
        void pending.finally(() => this.drawing.delete(artwork.key)).catch(() => undefined);
      }
      await pending;
      size = await this.storage.size(artwork.key);
    }
    if (size === null) throw new Error(`The podcast artwork ${artwork.key} is missing from storage`);
    return { ...artwork, size };
  }

  readArtwork(key: string): Promise<Readable> {
    return this.storage.read(key);
  }

  /** The public artwork URL (absolute for the feed, which apps read from anywhere), ending in the image's extension. */
  private artworkUrl(event: Event, artwork: CurrentArtwork, base = ''): string {
    return `${base}/api/public/events/${event.slug}/podcast/artwork.${artwork.extension}?v=${artwork.tag}`;
  }

  // --- the public podcast -------------------------------------------------------------------

  async publicView(event: Event): Promise<PodcastView> {
    const lang = event.mainLanguage;
    const settings = await this.view(event);
    const artwork = this.currentArtwork(event, await this.rows.findOneBy({ eventId: event.id }));
    return {
      title: pickText(event.title, lang, lang) ?? event.slug,
      description: podcastDescription(event),
      language: lang,
      feedUrl: feedUrlOf(event, this.config.publicUrl),
      artworkUrl: this.artworkUrl(event, artwork),
      author: settings.author,
      episodes: (await this.recordings.published(event)).filter((r) => r.files.length > 0).length,
    };
  }

  async feed(event: Event): Promise<string> {
    const settings = await this.view(event);
    const artwork = this.currentArtwork(event, await this.rows.findOneBy({ eventId: event.id }));
    const recordings = await this.recordings.published(event);
    const sessions = new Map<string, SessionView>(recordings.length ? (await this.sessions.list(event)).map((s) => [s.id, s]) : []);
    const publicUrl = this.config.publicUrl;
    return podcastFeed(event, recordings, sessions, { ...settings, artworkUrl: this.artworkUrl(event, artwork, publicUrl) }, publicUrl);
  }
}

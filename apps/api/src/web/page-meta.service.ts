import { Inject, Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EventsService } from '../events/events.service';
import { SessionsService } from '../programme/sessions.service';
import { PeopleService, toPersonPublicView } from '../people/people.service';
import { RecordingsService } from '../recordings/recordings.service';
import { NotFound } from '../common/domain-errors';
import { matchPublicPage, pageMeta, previewLanguage, withPageMeta, type PageData, type PublicPage } from './page-meta';

/** A page with nothing to preview (unknown, or not published): remembered too, so that a crowd on it costs one read. */
const NOTHING = Symbol('nothing to preview');

/**
 * The public pages' link previews, read through the same services as the public API
 * (requirePublishedBySlug, toView, sessions.get...), so a draft shows nothing here either.
 * A crowd opening a shared link at once costs one read: the data of each page is kept for a short
 * while (a change shows within PREVIEW_TTL_MS) and concurrent misses share one fetch (lru-cache's
 * fetch coalesces them); each request then only renders its language's tags.
 */
@Injectable()
export class PageMetaService {
  static readonly PREVIEW_TTL_MS = 30_000;
  private readonly logger = new Logger('PageMeta');
  private readonly cache = new LRUCache<string, PageData | typeof NOTHING, { page: PublicPage }>({
    max: 2000,
    ttl: PageMetaService.PREVIEW_TTL_MS,
    fetchMethod: (_key, _stale, { context }) => this.read(context.page),
  });

  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly people: PeopleService,
    private readonly recordings: RecordingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `template` with the page's tags when `path` is a published public page, else `template` unchanged. */
  async render(template: string, path: string, query: { lang?: unknown }, acceptLanguage: string | undefined): Promise<string> {
    const page = matchPublicPage(path);
    if (!page) return template;
    let data: PageData | typeof NOTHING | undefined;
    try {
      data = await this.cache.fetch(JSON.stringify(page), { context: { page } });
    } catch (error) {
      // A preview is a nicety: the page itself must still open.
      this.logger.warn(`No preview for ${path}: ${(error as Error).message}`);
      return template;
    }
    if (!data || data === NOTHING) return template;
    const lang = previewLanguage(query.lang, acceptLanguage, data.event.mainLanguage);
    return withPageMeta(template, pageMeta(data, lang, this.config.publicUrl));
  }

  private async read(page: PublicPage): Promise<PageData | typeof NOTHING> {
    try {
      const event = await this.events.requirePublishedBySlug(page.slug);
      switch (page.kind) {
        case 'event': {
          const [view, sessions] = await Promise.all([this.events.toView(event), this.sessions.list(event)]);
          return { kind: 'event', event: view, sessions };
        }
        case 'session': {
          const [view, session] = await Promise.all([this.events.toView(event), this.sessions.get(event, page.id)]);
          return { kind: 'session', event: view, session };
        }
        case 'person': {
          const [view, person] = await Promise.all([this.events.toView(event), this.people.get(event.id, page.id)]);
          return { kind: 'person', event: view, person: toPersonPublicView(person) };
        }
        case 'recording': {
          const [view, recording] = await Promise.all([this.events.toView(event), this.recordings.requirePublished(event, page.id)]);
          return { kind: 'recording', event: view, recording: { id: recording.id, title: recording.title, description: recording.description } };
        }
      }
    } catch (error) {
      if (error instanceof NotFound) return NOTHING;
      throw error;
    }
  }
}

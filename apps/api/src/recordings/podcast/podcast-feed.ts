import { createHash } from 'node:crypto';
import { Podcast, type ItemOptions } from 'podcast';
import { pickText, type ChapterKind, type Language, type PodcastCategory, type RecordingFileView, type RecordingView, type SessionView } from '@amphi/contracts';
import type { Event } from '../../events/event.entity';

/** What the feed says beyond the event and its recordings (the podcast settings, defaults resolved). */
export interface FeedSettings {
  ownerName: string;
  ownerEmail: string;
  author: string;
  categories: PodcastCategory[];
  explicit: boolean;
  /** Absolute URL of the artwork, ending in .png or .jpg. */
  artworkUrl: string;
}

/** The Podcasting 2.0 namespace's UUID for podcast:guid (https://podcastindex.org/namespace/1.0#guid). */
const PODCAST_GUID_NAMESPACE = 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6';

/** A UUID version 5 (RFC 9562: SHA-1 of the namespace's bytes then the name's). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** podcast:guid: UUIDv5 of the feed's URL without its scheme nor trailing slashes, as the namespace says. */
export function podcastGuid(feedUrl: string): string {
  return uuidV5(feedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, ''), PODCAST_GUID_NAMESPACE);
}

/** Apple's categories as it wants them: a subcategory nested in its parent, each parent once. */
export function itunesCategories(categories: PodcastCategory[]): Array<{ text: string; subcats?: Array<{ text: string }> }> {
  const parents = new Map<string, string[]>();
  for (const category of categories) {
    const [parent, child] = category.split('/');
    const children = parents.get(parent) ?? [];
    if (child && !children.includes(child)) children.push(child);
    parents.set(parent, children);
  }
  return [...parents].map(([text, children]) => (children.length ? { text, subcats: children.map((c) => ({ text: c })) } : { text }));
}

/** Apple reads 4000 bytes of a description at most. */
const DESCRIPTION_MAX = 4000;
const clip = (text: string) => (text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text);

/** The file an episode's enclosure points to: the podcast MP3 once made, else the original audio, else the video. */
export function enclosureFile(recording: RecordingView): RecordingFileView | undefined {
  return recording.files.find((f) => f.kind === 'podcast') ?? recording.files.find((f) => f.kind === 'audio') ?? recording.files.find((f) => f.kind === 'video');
}

/** The podcast's description: the event's, else its subtitle, else its title. */
export function podcastDescription(event: Event): string {
  const lang = event.mainLanguage;
  return pickText(event.description, lang, lang)?.trim() || pickText(event.subtitle, lang, lang)?.trim() || (pickText(event.title, lang, lang) ?? event.slug);
}

export function feedUrlOf(event: Event, publicUrl: string): string {
  return `${publicUrl}/api/public/events/${event.slug}/podcast.xml`;
}

/**
 * The event's podcast: RSS 2.0 with the iTunes namespace (what Apple Podcasts and most apps read)
 * and the Podcasting 2.0 namespace (guid, locked, chapters, transcripts, people), built by the
 * `podcast` library, which escapes every text. Each published recording is an episode.
 * `sessions` gives each recording's people: speakers and panelists as guests, chairs as hosts.
 */
export function podcastFeed(event: Event, recordings: RecordingView[], sessions: Map<string, SessionView>, settings: FeedSettings, publicUrl: string): string {
  const lang = event.mainLanguage;
  const title = pickText(event.title, lang, lang) ?? event.slug;
  const siteUrl = `${publicUrl}/events/${event.slug}`;
  const feedUrl = feedUrlOf(event, publicUrl);
  const description = clip(podcastDescription(event));
  const feed = new Podcast({
    title,
    description,
    feedUrl,
    siteUrl,
    imageUrl: settings.artworkUrl,
    language: lang,
    generator: 'Amphi',
    itunesAuthor: settings.author,
    itunesSummary: description,
    itunesOwner: { name: settings.ownerName, email: settings.ownerEmail },
    itunesExplicit: settings.explicit,
    itunesType: 'episodic',
    itunesCategory: itunesCategories(settings.categories),
    itunesImage: settings.artworkUrl,
    namespaces: { iTunes: true, podcast: true, simpleChapters: false },
    customNamespaces: {},
    customElements: [
      // The <image> of RSS 2.0, which the library leaves out (its url, title and link must match the channel's).
      { image: [{ url: settings.artworkUrl }, { title }, { link: siteUrl }] },
      { 'podcast:guid': podcastGuid(feedUrl) },
      { 'podcast:locked': [{ _attr: { owner: settings.ownerEmail } }, 'no'] },
    ],
  });
  for (const recording of recordings) {
    const file = enclosureFile(recording);
    if (!file) continue;
    const episodeTitle = pickText(recording.title, recording.language, lang) ?? title;
    const episodeDescription = clip(pickText(recording.description, recording.language, lang)?.trim() || `${episodeTitle} — ${title}`);
    const episodeUrl = `${publicUrl}/api/public/events/${event.slug}/recordings/${recording.id}`;
    const custom: NonNullable<ItemOptions['customElements']> = [{ 'itunes:episodeType': 'full' }];
    // Apple takes seconds as well as hh:mm:ss; seconds are exact and what the Podcasting 2.0 tools prefer.
    if (recording.durationSeconds) custom.push({ 'itunes:duration': recording.durationSeconds });
    if (recording.chapters.length) custom.push({ 'podcast:chapters': { _attr: { url: `${episodeUrl}/chapters.json`, type: 'application/json+chapters' } } });
    // WebVTT captions only: the JSON Amphi serves is its own format, not the Podcasting 2.0 JSON transcript.
    if (recording.transcript && recording.published)
      custom.push({ 'podcast:transcript': { _attr: { url: `${publicUrl}${recording.transcript.vtt}`, type: 'text/vtt', language: recording.transcript.language, rel: 'captions' } } });
    const session = sessions.get(recording.sessionId);
    if (session) {
      const seen = new Set<string>();
      const person = (p: { id: string; name: string }, role: 'host' | 'guest') => {
        if (seen.has(p.id)) return;
        seen.add(p.id);
        custom.push({ 'podcast:person': [{ _attr: { role, group: 'cast', href: `${publicUrl}/events/${event.slug}/people/${p.id}` } }, p.name] });
      };
      for (const chair of session.chairs) person(chair, 'host');
      for (const talk of [...session.talks].sort((a, b) => a.position - b.position)) for (const speaker of talk.speakers) person(speaker, 'guest');
      for (const panelist of session.panelists) person(panelist, 'guest');
    }
    feed.addItem({
      title: episodeTitle,
      description: episodeDescription,
      url: `${siteUrl}/recordings/${recording.id}`,
      guid: recording.id,
      date: recording.publishedAt ?? recording.createdAt,
      enclosure: { url: `${publicUrl}${file.url}`, size: file.size, type: file.contentType },
      itunesExplicit: settings.explicit,
      itunesSummary: episodeDescription,
      customElements: custom,
    });
  }
  // XML 1.0 has no place for control characters (a title pasted from elsewhere may hold one): they go.
  return feed.buildXml({ indent: '  ' }).replace(NOT_XML, '');
}

/** Characters XML 1.0 does not allow, even escaped: C0 controls but tab and line ends, U+FFFE/U+FFFF, lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** How a chapter's kind is written before its title in a podcast app, which shows the title alone. */
const CHAPTER_PREFIX: Record<Language, Record<ChapterKind, string>> = {
  fr: { talk: '', question: 'Question\u00a0: ' },
  en: { talk: '', question: 'Question: ' },
};

/**
 * Podcasting 2.0 JSON chapters (https://github.com/Podcastindex-org/podcast-namespace/blob/main/chapters/jsonChapters.md).
 * One language per file, as podcast apps expect: the recording's (what is heard, and the episode's
 * title in the feed), each title falling back to the event's main language.
 */
export function jsonChapters(recording: RecordingView, mainLanguage: Language) {
  const lang = recording.language;
  return {
    version: '1.2.0',
    chapters: recording.chapters.map((c) => ({ startTime: c.startSeconds, title: `${CHAPTER_PREFIX[lang][c.kind]}${pickText(c.title, lang, mainLanguage) ?? ''}` })),
  };
}

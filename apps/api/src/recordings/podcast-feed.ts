import { Podcast } from 'podcast';
import { pickText, type ChapterKind, type Language, type RecordingView } from '@amphi/contracts';
import type { Event } from '../events/event.entity';

/**
 * The event's podcast: RSS 2.0 with the iTunes namespace (what podcast apps read) and the
 * Podcasting 2.0 namespace for chapters, built by the `podcast` library. Each published
 * recording is an episode; its enclosure is the audio file when there is one (else the video).
 */
export function podcastFeed(event: Event, recordings: RecordingView[], publicUrl: string): string {
  const lang = event.mainLanguage;
  const title = pickText(event.title, lang, lang) ?? event.slug;
  const siteUrl = `${publicUrl}/events/${event.slug}`;
  const feed = new Podcast({
    title,
    description: pickText(event.subtitle, lang, lang) ?? title,
    feedUrl: `${publicUrl}/api/public/events/${event.slug}/podcast.xml`,
    siteUrl,
    language: lang,
    generator: 'Amphi',
    itunesAuthor: title,
    itunesSummary: pickText(event.subtitle, lang, lang) ?? title,
    itunesExplicit: false,
    itunesType: 'episodic',
    itunesCategory: [{ text: 'Science' }, { text: 'Education' }],
    namespaces: { iTunes: true, podcast: true },
    customNamespaces: {},
    customElements: [],
  });
  for (const recording of recordings) {
    const file = recording.files.find((f) => f.kind === 'audio') ?? recording.files[0];
    if (!file) continue;
    const episodeTitle = pickText(recording.title, recording.language, lang) ?? title;
    const description = pickText(recording.description, recording.language, lang) ?? episodeTitle;
    const episodeUrl = `${publicUrl}/api/public/events/${event.slug}/recordings/${recording.id}`;
    feed.addItem({
      title: episodeTitle,
      description,
      url: `${siteUrl}/recordings/${recording.id}`,
      guid: recording.id,
      date: recording.publishedAt ?? recording.createdAt,
      enclosure: { url: `${publicUrl}${file.url}`, size: file.size, type: file.contentType },
      itunesDuration: recording.durationSeconds ?? undefined,
      itunesExplicit: false,
      itunesSummary: description,
      customElements: recording.chapters.length ? [{ 'podcast:chapters': { _attr: { url: `${episodeUrl}/chapters.json`, type: 'application/json+chapters' } } }] : [],
    });
  }
  return feed.buildXml({ indent: '  ' });
}

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

import escapeHtml from 'escape-html';
import { DateTime } from 'luxon';
import type { Event as SchemaEvent, Place, VirtualLocation, WithContext } from 'schema-dts';
import { pickText, type EventView, type Language, type LocalizedText, type SessionView } from '@amphi/contracts';

/**
 * Link previews (issue 13): what a shared link, a chat app or a search engine reads in the HTML the
 * server sends, before any script runs. Pure: the page's data in, the <head> tags out. The service
 * beside it (page-meta.service.ts) reads the data through the public views.
 */

/** A public page of the web app that has a preview (the routes of apps/web/src/main.tsx). */
export type PublicPage =
  | { kind: 'event'; slug: string }
  | { kind: 'session'; slug: string; id: string }
  | { kind: 'person'; slug: string; id: string }
  | { kind: 'recording'; slug: string; id: string };

const PAGE_PATTERNS: Array<[RegExp, PublicPage['kind']]> = [
  [/^\/events\/([^/]+)\/?$/, 'event'],
  [/^\/events\/([^/]+)\/sessions\/([^/]+)\/?$/, 'session'],
  [/^\/events\/([^/]+)\/people\/([^/]+)\/?$/, 'person'],
  [/^\/events\/([^/]+)\/recordings\/([^/]+)\/?$/, 'recording'],
];

/** The page a path names, or null for every other path (the organiser's pages, /me, the live room...). */
export function matchPublicPage(path: string): PublicPage | null {
  for (const [pattern, kind] of PAGE_PATTERNS) {
    const m = pattern.exec(path);
    if (!m) continue;
    let slug: string, id: string | undefined;
    try {
      slug = decodeURIComponent(m[1]);
      id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    } catch {
      return null; // a malformed %-escape names no page
    }
    return kind === 'event' ? { kind, slug } : { kind, slug, id: id! };
  }
  return null;
}

/**
 * The language of the preview: `?lang=fr|en` when given, else French or English when the request's
 * Accept-Language names one (with a q above 0), else the event's main language (a crawler usually
 * sends no Accept-Language, and the event's own language is then the best guess).
 */
export function previewLanguage(langParam: unknown, acceptLanguage: string | undefined, mainLanguage: Language): Language {
  const param = Array.isArray(langParam) ? langParam[0] : langParam;
  if (param === 'fr' || param === 'en') return param;
  let best: { lang: Language; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').slice(0, 1000).split(',')) {
    const [tag, ...rest] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (primary !== 'fr' && primary !== 'en') continue;
    const qParam = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang: primary, q };
  }
  return best?.lang ?? mainLanguage;
}

/** What the server read for a page, through the public views (only published things get here). */
export type PageData =
  | { kind: 'event'; event: EventView; sessions: SessionView[] }
  | { kind: 'session'; event: EventView; session: SessionView }
  | { kind: 'person'; event: EventView; person: { id: string; name: string; affiliation: string | null; title: LocalizedText | null; bio: LocalizedText | null } }
  | { kind: 'recording'; event: EventView; recording: { id: string; title: LocalizedText; description: LocalizedText | null } };

export interface PageMeta {
  lang: Language;
  title: string;
  description: string;
  url: string;
  type: 'website' | 'profile' | 'video.other';
  image: string | null;
  jsonLd: object | null;
}

const SITE_NAME = 'Amphi';
const OG_LOCALE: Record<Language, string> = { fr: 'fr_FR', en: 'en_GB' };
const FORMAT_TEXT: Record<EventView['format'], Record<Language, string>> = {
  online: { fr: 'en ligne', en: 'online' },
  hybrid: { fr: 'en ligne et sur place', en: 'online and on site' },
  in_person: { fr: 'sur place', en: 'on site' },
};
const TEXTS = {
  recordingOf: { fr: (event: string) => `Enregistrement — ${event}`, en: (event: string) => `Recording — ${event}` },
  personAt: { fr: (event: string) => `Intervenant·e de ${event}`, en: (event: string) => `Speaker at ${event}` },
} as const;

/** A description fit for a preview: one line, at most about 300 characters, cut at a word. */
function shorten(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length).replace(/[\s,.;:—-]+$/, '')}…`;
}

/** "11–12 March 2027", "11 mars 2027, 14:00" ... in the event's zone and the page's language. */
function eventDates(event: EventView, lang: Language): string {
  const start = DateTime.fromISO(event.startDate, { zone: event.timeZone }).setLocale(lang);
  const end = DateTime.fromISO(event.endDate, { zone: event.timeZone }).setLocale(lang);
  return event.startDate === event.endDate ? start.toLocaleString(DateTime.DATE_FULL) : `${start.toLocaleString(DateTime.DATE_FULL)} – ${end.toLocaleString(DateTime.DATE_FULL)}`;
}
function sessionTime(session: SessionView, lang: Language): string {
  return DateTime.fromISO(session.startsAt, { setZone: true }).setLocale(lang).toLocaleString(DateTime.DATETIME_FULL);
}

/** The image of a preview: the event's poster when it is an image (a PDF poster shows in no preview). */
function posterUrl(event: EventView, publicUrl: string): string | null {
  const poster = event.downloads.find((d) => d.kind === 'poster' && d.contentType.startsWith('image/'));
  return poster ? `${publicUrl}${poster.url}` : null;
}

const pageUrl = (publicUrl: string, ...parts: string[]) => `${publicUrl}/events/${parts.map(encodeURIComponent).join('/')}`;

export function pageMeta(data: PageData, lang: Language, publicUrl: string): PageMeta {
  const { event } = data;
  const main = event.mainLanguage;
  const text = (t: LocalizedText | null | undefined) => pickText(t, lang, main);
  const eventTitle = text(event.title) ?? event.slug;
  const eventLine = `${eventTitle} — ${eventDates(event, lang)}, ${FORMAT_TEXT[event.format][lang]}`;
  const image = posterUrl(event, publicUrl);
  switch (data.kind) {
    case 'event': {
      const url = pageUrl(publicUrl, event.slug);
      const about = text(event.subtitle) ?? text(event.description);
      return {
        lang,
        title: eventTitle,
        description: shorten(about ? `${eventDates(event, lang)}, ${FORMAT_TEXT[event.format][lang]}. ${about}` : eventLine),
        url,
        type: 'website',
        image,
        jsonLd: eventJsonLd(data.event, data.sessions, lang, url, image, publicUrl),
      };
    }
    case 'session': {
      const { session } = data;
      return {
        lang,
        title: `${text(session.title) ?? ''} · ${eventTitle}`,
        description: shorten(`${sessionTime(session, lang)}. ${text(session.description) ?? eventLine}`),
        url: pageUrl(publicUrl, event.slug, 'sessions', session.id),
        type: 'website',
        image,
        jsonLd: null,
      };
    }
    case 'person': {
      const { person } = data;
      const who = [text(person.title), person.affiliation].filter(Boolean).join(', ');
      return {
        lang,
        title: `${person.name} · ${eventTitle}`,
        description: shorten([who, text(person.bio) ?? TEXTS.personAt[lang](eventTitle)].filter(Boolean).join('. ')),
        url: pageUrl(publicUrl, event.slug, 'people', person.id),
        type: 'profile',
        image,
        jsonLd: null,
      };
    }
    case 'recording': {
      const { recording } = data;
      return {
        lang,
        title: `${text(recording.title) ?? ''} · ${eventTitle}`,
        description: shorten(text(recording.description) ?? TEXTS.recordingOf[lang](eventLine)),
        url: pageUrl(publicUrl, event.slug, 'recordings', recording.id),
        type: 'video.other',
        image,
        jsonLd: null,
      };
    }
  }
}

const ATTENDANCE_MODE = {
  online: 'https://schema.org/OnlineEventAttendanceMode',
  in_person: 'https://schema.org/OfflineEventAttendanceMode',
  hybrid: 'https://schema.org/MixedEventAttendanceMode',
} as const;

/** schema.org Event for search engines (https://developers.google.com/search/docs/appearance/structured-data/event). */
export function eventJsonLd(event: EventView, sessions: SessionView[], lang: Language, url: string, image: string | null, publicUrl: string): WithContext<SchemaEvent> {
  const text = (t: LocalizedText | null | undefined) => pickText(t, lang, event.mainLanguage);
  const online: VirtualLocation = { '@type': 'VirtualLocation', url };
  const venue = event.venue;
  const place: Place | null = venue
    ? {
        '@type': 'Place',
        name: venue.name,
        ...(venue.url ? { url: venue.url } : {}),
        address: {
          '@type': 'PostalAddress',
          ...(venue.address ? { streetAddress: venue.address } : {}),
          ...(venue.city ? { addressLocality: venue.city } : {}),
          ...(venue.country ? { addressCountry: venue.country } : {}),
        },
      }
    : null;
  const location = event.format === 'online' ? online : event.format === 'in_person' ? (place ?? online) : place ? [online, place] : online;
  const description = text(event.description) ?? text(event.subtitle);
  const contact = event.contact;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: text(event.title) ?? event.slug,
    ...(description ? { description } : {}),
    url,
    startDate: event.startsAt,
    endDate: event.endsAt,
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: ATTENDANCE_MODE[event.format],
    location,
    inLanguage: event.mainLanguage,
    ...(image ? { image: [image] } : {}),
    ...(contact?.name || contact?.url ? { organizer: { '@type': 'Organization', name: contact.name ?? SITE_NAME, ...(contact.url ? { url: contact.url } : {}) } } : {}),
    ...(sessions.length
      ? {
          subEvent: sessions.map((s) => ({
            '@type': 'Event' as const,
            name: text(s.title) ?? '',
            startDate: s.startsAt,
            endDate: s.endsAt,
            inLanguage: s.language,
            url: pageUrl(publicUrl, event.slug, 'sessions', s.id),
          })),
        }
      : {}),
  };
}

/**
 * JSON inside <script type="application/ld+json">: `<` (so no `</script>` or `<!--` ends or bends the
 * element), `>` and `&` become \u escapes, which JSON parsers read back unchanged; U+2028/2029 too.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The tags that go in <head>, every value escaped. */
export function headTags(meta: PageMeta): string {
  const attr = escapeHtml;
  const other: Language = meta.lang === 'fr' ? 'en' : 'fr';
  const tags = [
    `<title>${escapeHtml(`${meta.title} · ${SITE_NAME}`)}</title>`,
    `<meta name="description" content="${attr(meta.description)}" />`,
    `<link rel="canonical" href="${attr(meta.url)}" />`,
    `<meta property="og:site_name" content="${SITE_NAME}" />`,
    `<meta property="og:type" content="${meta.type}" />`,
    `<meta property="og:title" content="${attr(meta.title)}" />`,
    `<meta property="og:description" content="${attr(meta.description)}" />`,
    `<meta property="og:url" content="${attr(meta.url)}" />`,
    `<meta property="og:locale" content="${OG_LOCALE[meta.lang]}" />`,
    `<meta property="og:locale:alternate" content="${OG_LOCALE[other]}" />`,
    ...(meta.image ? [`<meta property="og:image" content="${attr(meta.image)}" />`] : []),
    `<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}" />`,
    `<meta name="twitter:title" content="${attr(meta.title)}" />`,
    `<meta name="twitter:description" content="${attr(meta.description)}" />`,
    ...(meta.jsonLd ? [`<script type="application/ld+json">${scriptSafeJson(meta.jsonLd)}</script>`] : []),
  ];
  return tags.join('\n    ');
}

/**
 * The page (index.html, or the placeholder before the web app is built) with its generic title and
 * description replaced by the page's, its <html lang> set, and the tags added at the end of <head>.
 */
export function withPageMeta(template: string, meta: PageMeta): string {
  return template
    .replace(/<html\b[^>]*>/i, `<html lang="${meta.lang}">`)
    .replace(/<title>[\s\S]*?<\/title>\s*/i, '')
    .replace(/<meta\s+name="description"[^>]*>\s*/i, '')
    .replace(/<\/head>/i, () => `  ${headTags(meta)}\n  </head>`);
}

import { queryOptions } from '@tanstack/react-query';
import type { PodcastView, TranscriptSegment, TranscriptView } from '@amphi/contracts';
import { call, eventPath } from './api';

/** The public reads of issue 15: the podcast's subscribe page, a recording's transcript (its JSON link). */
export const podcastApi = {
  podcast: (slug: string, signal?: AbortSignal) => call<PodcastView>(`${eventPath(slug)}/podcast`, { signal }),
  /** A transcript's JSON, from the link the recording's view gives (public or organiser's). */
  transcript: async (url: string, signal?: AbortSignal): Promise<Pick<TranscriptView, 'segments'> & Partial<TranscriptView>> => {
    const read = await call<TranscriptView | { segments: TranscriptSegment[] }>(url, { signal });
    return { ...read, segments: Array.isArray(read?.segments) ? read.segments : [] };
  },
};

export const podcastQueries = {
  podcast: (slug: string) => queryOptions({ queryKey: ['public', 'event', slug, 'podcast'] as const, queryFn: ({ signal }) => podcastApi.podcast(slug, signal) }),
  /** Keyed by its address: a corrected transcript is read again when the page is opened again (staleTime). */
  transcript: (url: string) => queryOptions({ queryKey: ['transcript', url] as const, queryFn: ({ signal }) => podcastApi.transcript(url, signal), staleTime: 0 }),
};

/** Where the subscribe page links: the page itself, not the XML. */
export const subscribePage = (slug: string) => `/events/${encodeURIComponent(slug)}/podcast`;

/** The feed's address without its scheme ("https://a.org/f.xml" → "a.org/f.xml"), as several apps' links take it. */
const withoutScheme = (feed: string) => feed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');

/**
 * "Open in" links of common podcast apps, as each documents or is known to accept them: a custom
 * scheme the app registers on the device (Apple Podcasts, Overcast, Pocket Casts, Castro, Podcast
 * Addict), or AntennaPod's web deep link, which opens the app or a page saying how to get it.
 */
export function podcastAppLinks(feedUrl: string): Array<{ app: string; href: string }> {
  const bare = withoutScheme(feedUrl);
  const encoded = encodeURIComponent(feedUrl);
  return [
    { app: 'Apple Podcasts', href: `podcasts://${bare}` },
    { app: 'Overcast', href: `overcast://x-callback-url/add?url=${encoded}` },
    { app: 'Pocket Casts', href: `pktc://subscribe/${bare}` },
    { app: 'AntennaPod', href: `https://antennapod.org/deeplink/subscribe?url=${encoded}` },
    { app: 'Podcast Addict', href: `podcastaddict://${bare}` },
    { app: 'Castro', href: `castro://subscribe/${bare}` },
  ];
}

/** Lower case, accents and punctuation away: "Élève, " and "eleve" match (French searched without its accents). */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’'‘`]/g, "'");
}

/** The words of a search, folded. */
export function searchWords(query: string): string[] {
  return foldText(query)
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

/**
 * The parts of `text` to highlight for `words` (folded), as [start, end) ranges of the original text:
 * NFD folding removes combining marks, so positions are mapped back character by character.
 */
export function matchRanges(text: string, words: string[]): Array<[number, number]> {
  if (!words.length) return [];
  // The folded text, and for each of its characters the index of the original character it came from.
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = foldText(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(text.length);
  const ranges: Array<[number, number]> = [];
  for (const word of words) {
    let from = 0;
    for (let at = folded.indexOf(word, from); at !== -1; at = folded.indexOf(word, from)) {
      const endFolded = at + word.length;
      const end = endFolded < origin.length - 1 ? origin[endFolded]! : text.length;
      ranges.push([origin[at]!, end]);
      from = endFolded;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** The segment being spoken at `time` (the last that started), or -1. */
export function segmentAt(segments: ReadonlyArray<{ start: number; end: number }>, time: number): number {
  let found = -1;
  for (let i = 0; i < segments.length; i++) {
    if (segments[i]!.start <= time + 0.05) found = i;
    else break;
  }
  return found;
}

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { TranscriptLinks, TranscriptSegment } from '@amphi/contracts';
import { foldText, matchRanges, podcastQueries, searchWords, segmentAt } from '../podcast-api';
import { ErrorMessage } from './Status';
import '../podcast-texts';
import '../podcast.css';

/** Seconds as the transcript shows them: "1:05" (cut, not rounded: a line said at 4.8 s is at 0:04). */
export const transcriptTime = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
};

/** Moves `player` to `seconds` and plays (a browser may refuse to play without a gesture it trusts). */
export function playFrom(player: HTMLMediaElement | null, seconds: number): void {
  if (!player) return;
  player.currentTime = seconds;
  void player.play().catch(() => undefined);
}

/** The index of the line `player` is at, kept up to date as it plays or is moved. */
export function useCurrentSegment(player: HTMLMediaElement | null, segments: ReadonlyArray<{ start: number; end: number }>): number {
  const [current, setCurrent] = useState(-1);
  useEffect(() => {
    if (!player) return;
    const update = () => setCurrent(segmentAt(segments, player.currentTime));
    update();
    const events = ['timeupdate', 'seeked', 'loadedmetadata'] as const;
    for (const e of events) player.addEventListener(e, update);
    return () => {
      for (const e of events) player.removeEventListener(e, update);
    };
  }, [player, segments]);
  return current;
}

/** `text` with the parts matching `words` in <mark>. */
function Highlighted({ text, words }: { text: string; words: string[] }): ReactNode {
  const ranges = matchRanges(text, words);
  if (!ranges.length) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([from, to], i) => {
    if (from > at) parts.push(text.slice(at, from));
    parts.push(<mark key={i}>{text.slice(from, to)}</mark>);
    at = to;
  });
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/**
 * A recording's transcript beside its player: each line with its time, a button that plays from it
 * (click or Enter); the line being spoken is marked as the player goes; a search keeps the lines
 * holding every word typed (without regard to accents or case) and marks the words.
 */
export function TranscriptPanel({ links, player, headingLevel = 2 }: { links: TranscriptLinks; player: HTMLMediaElement | null; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('podcast');
  const read = useQuery(podcastQueries.transcript(links.json));
  const segments: TranscriptSegment[] = useMemo(() => read.data?.segments ?? [], [read.data]);
  const folded = useMemo(() => segments.map((s) => foldText(s.text)), [segments]);
  const [query, setQuery] = useState('');
  const words = useMemo(() => searchWords(query), [query]);
  const shown = useMemo(() => segments.map((s, i) => ({ s, i })).filter(({ i }) => words.every((w) => folded[i]!.includes(w))), [segments, folded, words]);
  const current = useCurrentSegment(player, segments);
  const list = useRef<HTMLOListElement>(null);
  // The line being spoken stays in sight inside the list (the list scrolls, not the page).
  useEffect(() => {
    const box = list.current;
    const line = box?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    if (!box || !line) return;
    const top = line.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + line.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }, [current]);
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="transcript-panel" aria-labelledby="transcript-heading">
      <Heading id="transcript-heading">{t('transcript.heading')}</Heading>
      <p className="hint">
        {links.edited ? t('transcript.edited') : t('transcript.automatic')}{' '}
        <a href={links.vtt} download>
          {t('transcript.vtt')}
        </a>{' '}
        ·{' '}
        <a href={links.text} download>
          {t('transcript.text')}
        </a>
      </p>
      {read.isError && <ErrorMessage error={read.error} onRetry={() => void read.refetch()} />}
      {read.isPending && (
        <p className="muted" role="status">
          {t('transcript.loading')}
        </p>
      )}
      {read.data && (
        <>
          <div className="field">
            <label htmlFor="transcript-search">{t('transcript.search')}</label>
            <p className="hint" id="transcript-search-hint">
              {t('transcript.searchHint')}
            </p>
            <input id="transcript-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby="transcript-search-hint transcript-found" autoComplete="off" />
          </div>
          <p id="transcript-found" role="status" className="hint">
            {words.length > 0 ? (shown.length ? t('transcript.found', { count: shown.length }) : t('transcript.noMatch')) : ''}
          </p>
          <ol className="transcript-lines" ref={list}>
            {shown.map(({ s, i }) => (
              <li key={i} data-index={i}>
                <button type="button" className="transcript-line" aria-current={i === current ? 'true' : undefined} data-start={s.start} onClick={() => playFrom(player, s.start)}>
                  <span className="transcript-time">
                    <span className="visually-hidden">{t('transcript.playFrom', { time: '' })}</span>
                    {transcriptTime(s.start)}
                  </span>
                  <span className="transcript-text" lang={links.language}>
                    <Highlighted text={s.text} words={words} />
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

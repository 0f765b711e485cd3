import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { firstFailure, publicQueries } from '../query';
import { podcastAppLinks, podcastQueries } from '../podcast-api';
import { EventCrumb } from '../components/EventCrumb';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import '../podcast-texts';
import '../podcast.css';

/**
 * `/events/:slug/podcast`: the podcast's subscribe page (what "Subscribe to the podcast" opens, instead
 * of the feed's XML): its artwork, title and description, the feed's address to copy, "open in" links
 * for common podcast apps, and the RSS feed itself for any other.
 */
export function PodcastPage() {
  const { t } = useTranslation('podcast');
  const { slug = '' } = useParams();
  const eventRead = useQuery(publicQueries.event(slug));
  const podcastRead = useQuery(podcastQueries.podcast(slug));
  useDocumentTitle(podcastRead.data?.title);
  const failed = firstFailure(eventRead, podcastRead);
  if (failed) return <ErrorMessage error={failed.error} onRetry={failed.retry} />;
  if (!eventRead.data || !podcastRead.data) return <Loading />;
  const podcast = podcastRead.data;
  const feedUrl = new URL(podcast.feedUrl, window.location.href).toString();
  return (
    <>
      <EventCrumb event={eventRead.data} current={t('subscribe.crumb')} />
      <article className="podcast" aria-labelledby="podcast-title">
        <header className="podcast-header">
          <img className="podcast-artwork" src={podcast.artworkUrl} alt="" width={200} height={200} />
          <div>
            <h1 id="podcast-title" lang={podcast.language}>
              {podcast.title}
            </h1>
            <p className="meta">
              <span lang={podcast.language}>{t('subscribe.byAuthor', { author: podcast.author })}</span> · <span data-episodes={podcast.episodes}>{t('subscribe.episodes', { count: podcast.episodes })}</span>
            </p>
          </div>
        </header>
        {podcast.description && (
          <p className="prose" lang={podcast.language}>
            {podcast.description}
          </p>
        )}
        {podcast.episodes === 0 && <p className="notice">{t('subscribe.noEpisode')}</p>}
        <p>{t('subscribe.howTo')}</p>
        <FeedAddress feedUrl={feedUrl} />
        <section aria-labelledby="open-in">
          <h2 id="open-in">{t('subscribe.openIn')}</h2>
          <p className="hint" id="open-in-hint">
            {t('subscribe.openInHint')}
          </p>
          <ul className="podcast-apps" aria-describedby="open-in-hint">
            {podcastAppLinks(feedUrl).map((l) => (
              <li key={l.app}>
                <a className="button" href={l.href} rel="nofollow">
                  {l.app}
                </a>
              </li>
            ))}
          </ul>
          <p>
            <a href={feedUrl} type="application/rss+xml">
              {t('subscribe.otherApps')}
            </a>
          </p>
        </section>
      </article>
    </>
  );
}

/** The feed's address in a read-only field, and a button copying it (or, when the browser refuses, selecting it), which says what it did. */
function FeedAddress({ feedUrl }: { feedUrl: string }) {
  const { t } = useTranslation('podcast');
  const field = useRef<HTMLInputElement>(null);
  const [said, setSaid] = useState<'copied' | 'selected' | null>(null);
  const select = () => {
    field.current?.focus();
    field.current?.select();
  };
  const copy = async () => {
    setSaid(null);
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(feedUrl);
      setSaid('copied');
    } catch {
      // Not allowed here (an insecure origin, a refused permission): the address is selected to copy by hand.
      select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      setSaid(copied ? 'copied' : 'selected');
    }
  };
  return (
    <div className="field podcast-feed">
      <label htmlFor="feed-url">{t('subscribe.feed')}</label>
      <div className="podcast-feed-row">
        <input id="feed-url" type="url" readOnly value={feedUrl} onFocus={(e) => e.currentTarget.select()} aria-describedby="feed-url-status" />
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          {t('subscribe.copy')}
        </button>
      </div>
      <p id="feed-url-status" role="status" className={said === 'copied' ? 'podcast-copied' : 'hint'}>
        {said === 'copied' ? t('subscribe.copied') : said === 'selected' ? t('subscribe.copyFallback') : ''}
      </p>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { BookOfAbstracts } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../format';
import { Localized, pick, pickText } from '../../components/Localized';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { abstractsLinks, callQueries } from './client';
import './texts';
import './call.css';

type Entry = BookOfAbstracts['sessions'][number]['abstracts'][number];

/** `/events/:slug/abstracts`: the book of abstracts, by session then theme, printable, with its PDF, CSV and JSON. */
export function AbstractsPage() {
  const { slug = '' } = useParams();
  const book = useQuery(callQueries.abstracts(slug));
  // The themes' and types' names (the book keeps their keys).
  const callRead = useQuery(callQueries.call(slug));
  if (book.isError) return <ErrorMessage error={book.error} onRetry={() => void book.refetch()} />;
  if (!book.data || (callRead.isPending && !callRead.isError)) return <Loading />;
  return <Book book={book.data} themes={callRead.data?.themes ?? []} timeZone={callRead.data?.timeZone ?? 'UTC'} />;
}

function Book({ book, themes, timeZone }: { book: BookOfAbstracts; themes: Array<{ key: string; title: Parameters<typeof pickText>[0] }>; timeZone: string }) {
  const { t } = useTranslation('call');
  const lang = useLanguage();
  const main = book.event.mainLanguage;
  const eventTitle = pick(book.event.title, lang, main)?.text ?? book.event.slug;
  useDocumentTitle(t('abstracts.pageTitle', { title: eventTitle }));
  const themeTitle = (key: string | null) => (key ? (pickText(themes.find((th) => th.key === key)?.title, lang, main) ?? key) : t('abstracts.noTheme'));
  const links = abstractsLinks(book.event.slug);
  const count = book.sessions.reduce((n, s) => n + s.abstracts.length, 0);
  return (
    <article aria-labelledby="abstracts-title" className="book">
      <nav aria-label={t('abstracts.breadcrumb')} className="breadcrumb no-print">
        <ol>
          <li>
            <Link to={`/events/${book.event.slug}`}>
              <Localized text={book.event.title} fallback={main} />
            </Link>
          </li>
          <li aria-current="page">{t('abstracts.title')}</li>
        </ol>
      </nav>
      <h1 id="abstracts-title">{t('abstracts.title')}</h1>
      <p className="lead">
        <Localized text={book.event.title} fallback={main} />
      </p>
      <p>{t('abstracts.count', { count })}</p>
      <p className="button-row no-print">
        <a className="button" href={links.pdf} download>
          {t('abstracts.pdf')}
        </a>
        <a className="button" href={links.csv} download>
          {t('abstracts.csv')}
        </a>
        <a className="button" href={links.json} download>
          {t('abstracts.json')}
        </a>
      </p>
      {count === 0 && <p>{t('abstracts.none')}</p>}
      {book.sessions
        .filter((s) => s.abstracts.length > 0)
        .map((session, si) => {
          const id = `session-${si}`;
          const title =
            session.sessionId !== null
              ? (pickText(session.title, lang, main) ?? '')
              : session.themeKey
                ? t('abstracts.notPlacedTheme', { theme: (session.title && pickText(session.title, lang, main)) ?? themeTitle(session.themeKey) })
                : t('abstracts.notPlaced');
          const byTheme = groupByTheme(session.abstracts);
          return (
            <section key={session.sessionId ?? `none-${si}`} aria-labelledby={id} className="book-session">
              <h2 id={id}>{title}</h2>
              {session.startsAt && (
                <p className="muted">
                  <time dateTime={session.startsAt}>{formatDateTime(session.startsAt, timeZone, lang)}</time>
                </p>
              )}
              {session.sessionId === null
                ? // Not placed yet: the group is a theme already (its heading says which).
                  session.abstracts.map((a) => <Abstract key={a.proposalId} entry={a} level={3} />)
                : byTheme.map(([themeKey, entries], ti) => (
                    <section key={themeKey ?? 'none'} aria-labelledby={`${id}-theme-${ti}`}>
                      <h3 id={`${id}-theme-${ti}`}>{t('abstracts.theme', { theme: themeTitle(themeKey) })}</h3>
                      {entries.map((a) => (
                        <Abstract key={a.proposalId} entry={a} level={4} />
                      ))}
                    </section>
                  ))}
            </section>
          );
        })}
    </article>
  );
}

function groupByTheme(entries: Entry[]): Array<[string | null, Entry[]]> {
  const groups = new Map<string | null, Entry[]>();
  for (const e of entries) groups.set(e.themeKey, [...(groups.get(e.themeKey) ?? []), e]);
  return [...groups.entries()];
}

/** One abstract: its title, authors (presenters marked) with numbered affiliations, the text, keywords. */
function Abstract({ entry, level }: { entry: Entry; level: 3 | 4 }) {
  const Heading = level === 3 ? 'h3' : 'h4';
  const { t } = useTranslation('call');
  const affiliations = [...new Set(entry.authors.map((a) => a.affiliation).filter((a): a is string => !!a))];
  return (
    <article className="abstract" aria-labelledby={`abstract-${entry.proposalId}`}>
      <Heading id={`abstract-${entry.proposalId}`}>{entry.title}</Heading>
      <p className="authors">
        {entry.authors.map((a, i) => {
          const n = a.affiliation ? affiliations.indexOf(a.affiliation) + 1 : 0;
          return (
            <span key={i}>
              {i > 0 && ', '}
              {a.presenting ? <strong>{a.name}</strong> : a.name}
              {n > 0 && affiliations.length > 1 && <sup>{n}</sup>}
              {a.presenting && <span className="visually-hidden"> ({t('abstracts.presenting')})</span>}
            </span>
          );
        })}
      </p>
      {affiliations.length > 0 && (
        <ul className="affiliations plain-list">
          {affiliations.map((aff, i) => (
            <li key={aff}>
              {affiliations.length > 1 && <sup>{i + 1}</sup>} {aff}
            </li>
          ))}
        </ul>
      )}
      {entry.authors.some((a) => a.presenting) && <p className="muted">{t('abstracts.presentersNote')}</p>}
      <div className="prose pre-line">{entry.abstract}</div>
      {entry.keywords.length > 0 && (
        <p className="keywords">
          <strong>{t('abstracts.keywords')}</strong> {entry.keywords.join(', ')}
        </p>
      )}
    </article>
  );
}

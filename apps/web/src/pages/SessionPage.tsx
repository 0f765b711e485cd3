import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { EventWithProgrammeView, SessionView } from '@amphi/contracts';
import { api, links, recentEvent } from '../api';
import { useLanguage } from '../i18n';
import { formatDay, formatTimeRange } from '../format';
import { Localized, pick } from '../components/Localized';
import { PeopleList, SessionTypeLabel } from '../components/Event';
import { EventCrumb } from '../components/EventCrumb';
import { RecordingList } from '../components/Recordings';
import { TimeZoneToggle, useShownZone } from '../components/TimeZone';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import { useResource } from '../components/useResource';

/** `/events/:slug/sessions/:sessionId`: one session, its chairs, talks and speakers, panel, calendar, recordings. */
export function SessionPage() {
  const { slug = '', sessionId = '' } = useParams();
  const loaded = useResource(`session:${slug}:${sessionId}`, async (signal) => {
    const [event, session] = await Promise.all([recentEvent(slug), api.session(slug, sessionId, signal)]);
    return { event, session };
  });
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined || !loaded.data) return <ErrorMessage error={loaded.error} onRetry={loaded.reload} />;
  return <SessionContent event={loaded.data.event} session={loaded.data.session} />;
}

function SessionContent({ event, session }: { event: EventWithProgrammeView; session: SessionView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const fallback = session.language ?? event.mainLanguage;
  const title = pick(session.title, lang, fallback)?.text;
  useDocumentTitle(title);
  const { zone } = useShownZone(event.timeZone);
  const recordings = useResource(`recordings:${event.slug}`, (signal) => api.recordings(event.slug, {}, signal));
  const ofSession = recordings.data?.filter((r) => r.sessionId === session.id) ?? [];
  const talks = [...session.talks].sort((a, b) => a.position - b.position);

  return (
    <article aria-labelledby="session-title">
      <EventCrumb event={event} current={title} />
      <header>
        <Localized as="h1" id="session-title" text={session.title} fallback={fallback} />
        <p className="meta">
          <SessionTypeLabel type={session.type} /> · {t(`languages.${session.language}`)}
          {session.stage !== 'main' && <span> · {t('programme.stage', { stage: session.stage })}</span>}
          {session.recorded && <span> · {t('programme.recorded')}</span>}
        </p>
        <p className="when">
          <time dateTime={session.startsAt}>
            {formatDay(session.startsAt, zone, lang)}, {formatTimeRange(session.startsAt, session.endsAt, zone, lang)}
          </time>
        </p>
        <TimeZoneToggle eventZone={event.timeZone} />
        {session.type !== 'break' && (
          <p>
            <Link to={`/events/${encodeURIComponent(event.slug)}/sessions/${encodeURIComponent(session.id)}/live`} aria-describedby="join-live-hint">
              {t('session.joinLive')}
            </Link>{' '}
            <span id="join-live-hint" className="muted">
              {t('session.joinLiveHint')}
            </span>
          </p>
        )}
        {session.type !== 'break' && (
          <p>
            <a href={links.sessionIcs(event.slug, session.id, lang)} download>
              {t('programme.sessionIcs')}
            </a>
          </p>
        )}
      </header>

      <Localized as="div" className="prose" text={session.description} fallback={fallback} />

      {session.chairs.length > 0 && (
        <section aria-labelledby="chairs">
          <h2 id="chairs">{t('session.chairs', { count: session.chairs.length })}</h2>
          <PeopleList people={session.chairs} slug={event.slug} />
        </section>
      )}

      {talks.length > 0 && (
        <section aria-labelledby="talks">
          <h2 id="talks">{t('session.talks', { count: talks.length })}</h2>
          <ol className="talks">
            {talks.map((talk) => (
              <li key={talk.id} className="talk">
                <Localized as="h3" text={talk.title} fallback={fallback} />
                <p className="meta">{t('session.minutes', { count: talk.plannedMinutes })}</p>
                <PeopleList people={talk.speakers} slug={event.slug} />
                <Localized as="p" className="prose" text={talk.abstract} fallback={fallback} />
              </li>
            ))}
          </ol>
        </section>
      )}

      {session.panelists.length > 0 && (
        <section aria-labelledby="panel">
          <h2 id="panel">{t('session.panel')}</h2>
          <PeopleList people={session.panelists} slug={event.slug} />
        </section>
      )}

      {ofSession.length > 0 && (
        <section aria-labelledby="session-recordings">
          <h2 id="session-recordings">{t('event.recordings')}</h2>
          <RecordingList recordings={ofSession} slug={event.slug} mainLanguage={event.mainLanguage} timeZone={event.timeZone} />
        </section>
      )}
    </article>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { EventWithProgrammeView, LiveStateView, RecordingView, SessionView } from '@amphi/contracts';
import { useQuery } from '@tanstack/react-query';
import { call, links } from '../api';
import { firstFailure, publicQueries, queryKeys } from '../query';
import { storedAccessToken } from '../personal-access';
import { useLanguage } from '../i18n';
import { formatDay, formatTimeRange } from '../format';
import { Localized, pick } from '../components/Localized';
import { PeopleList, SessionTypeLabel } from '../components/Event';
import { EventCrumb } from '../components/EventCrumb';
import { RecordingList } from '../components/Recordings';
import { MaterialList } from '../components/Materials';
import { TimeZoneToggle, useShownZone } from '../components/TimeZone';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';

/** `/events/:slug/sessions/:sessionId`: one session, its chairs, talks and speakers, panel, calendar, recordings. */
export function SessionPage() {
  const { slug = '', sessionId = '' } = useParams();
  const event = useQuery(publicQueries.event(slug));
  const session = useQuery(publicQueries.session(slug, sessionId));
  const failed = firstFailure(event, session);
  if (failed) return <ErrorMessage error={failed.error} onRetry={failed.retry} />;
  if (!event.data || !session.data) return <Loading />;
  return <SessionContent event={event.data} session={session.data} />;
}

function SessionContent({ event, session }: { event: EventWithProgrammeView; session: SessionView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const fallback = session.language ?? event.mainLanguage;
  const title = pick(session.title, lang, fallback)?.text;
  useDocumentTitle(title);
  const { zone } = useShownZone(event.timeZone);
  const recordings = useQuery(publicQueries.recordings(event.slug));
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
        {session.type !== 'break' && <LiveOrRecording event={event} session={session} recordings={recordings.isPending ? null : ofSession} />}
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
                {(talk.materials?.length ?? 0) > 0 && <MaterialList materials={talk.materials!} fallback={fallback} />}
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

/**
 * Whether a session is over: its live room says so (ended by a chair, or past closesAt) when this tab
 * holds an access token that may read it; otherwise, for a visitor, once its planned end has passed.
 */
function useSessionOver(session: SessionView): { over: boolean; live: LiveStateView | null } {
  const token = storedAccessToken();
  // Without a token (a visitor) or when it may not read it, the planned end decides.
  const liveRead = useQuery({
    queryKey: queryKeys.liveState(session.id),
    queryFn: ({ signal }) => call<LiveStateView>(`/api/sessions/${encodeURIComponent(session.id)}/live`, { token: token ?? undefined, signal }),
    enabled: !!token,
    retry: false,
  });
  const live = liveRead.data ?? null;
  const [now, setNow] = useState(() => Date.now());
  // Follows the clock past the end (a page left open).
  const end = live ? Date.parse(live.closesAt) : Date.parse(session.endsAt);
  useEffect(() => {
    if (!(end > now)) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(end - now + 1000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [end, now]);
  const over = live ? live.state === 'ended' || now > end : now > end;
  return { over, live };
}

/** Before and during the session, the door to its live room; after it, its published recording (or that there is none yet). */
function LiveOrRecording({ event, session, recordings }: { event: EventWithProgrammeView; session: SessionView; recordings: RecordingView[] | null }) {
  const { t } = useTranslation();
  const { over, live } = useSessionOver(session);
  if (over) {
    if (!recordings) return null;
    if (recordings.length === 0)
      return (
        <p className="session-over" data-over="true">
          {session.recorded ? t('session.endedNoRecording') : t('session.ended')}
        </p>
      );
    return (
      <p className="session-over" data-over="true">
        {t('session.ended')}{' '}
        {recordings.length === 1 ? (
          <Link to={`/events/${encodeURIComponent(event.slug)}/recordings/${encodeURIComponent(recordings[0].id)}`}>{t('session.watchRecording')}</Link>
        ) : (
          <a href="#session-recordings">{t('session.watchRecordings')}</a>
        )}
      </p>
    );
  }
  return (
    <p>
      {live?.state === 'live' && <strong className="live-now">{t('session.liveNow')} · </strong>}
      <Link to={`/events/${encodeURIComponent(event.slug)}/sessions/${encodeURIComponent(session.id)}/live`} aria-describedby="join-live-hint">
        {t('session.joinLive')}
      </Link>{' '}
      <span id="join-live-hint" className="muted">
        {t('session.joinLiveHint')}
      </span>
    </p>
  );
}

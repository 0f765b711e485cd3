import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { EventWithProgrammeView, PersonWithSessionsView } from '@amphi/contracts';
import { api, recentEvent } from '../api';
import { Localized } from '../components/Localized';
import { EventCrumb } from '../components/EventCrumb';
import { Timetable } from '../components/Programme';
import { RecordingList } from '../components/Recordings';
import { TimeZoneToggle } from '../components/TimeZone';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import { useResource } from '../components/useResource';

/** `/events/:slug/people/:personId`: a chair, speaker or panelist, their sessions and their recordings. */
export function PersonPage() {
  const { slug = '', personId = '' } = useParams();
  const loaded = useResource(`person:${slug}:${personId}`, async (signal) => {
    const [event, person, recordings] = await Promise.all([recentEvent(slug), api.person(slug, personId, signal), api.recordings(slug, { personId }, signal)]);
    return { event, person, recordings };
  });
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined || !loaded.data) return <ErrorMessage error={loaded.error} onRetry={loaded.reload} />;
  return <PersonContent {...loaded.data} />;
}

function PersonContent({ event, person, recordings }: { event: EventWithProgrammeView; person: PersonWithSessionsView; recordings: Awaited<ReturnType<typeof api.recordings>> }) {
  const { t } = useTranslation();
  useDocumentTitle(person.name);
  const roles = Object.fromEntries(person.sessions.map((s) => [s.id, s.roles]));
  return (
    <article aria-labelledby="person-name">
      <EventCrumb event={event} current={person.name} />
      <header>
        <h1 id="person-name">{person.name}</h1>
        {(person.title || person.affiliation) && (
          <p className="lead">
            <Localized text={person.title} fallback={event.mainLanguage} />
            {person.title && person.affiliation ? ', ' : ''}
            {person.affiliation}
          </p>
        )}
      </header>
      <Localized as="div" className="prose" text={person.bio} fallback={event.mainLanguage} />
      <section aria-labelledby="person-sessions">
        <h2 id="person-sessions">{t('person.sessions')}</h2>
        {person.sessions.length === 0 ? (
          <p>{t('person.noSessions')}</p>
        ) : (
          <>
            <TimeZoneToggle eventZone={event.timeZone} />
            <Timetable sessions={person.sessions} slug={event.slug} mainLanguage={event.mainLanguage} eventZone={event.timeZone} rolesBySession={roles} />
          </>
        )}
      </section>
      {recordings.length > 0 && (
        <section aria-labelledby="person-recordings">
          <h2 id="person-recordings">{t('event.recordings')}</h2>
          <RecordingList recordings={recordings} slug={event.slug} mainLanguage={event.mainLanguage} timeZone={event.timeZone} />
        </section>
      )}
    </article>
  );
}

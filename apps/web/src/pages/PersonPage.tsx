import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { EventWithProgrammeView, PersonWithSessionsView } from '@amphi/contracts';
import { useQuery } from '@tanstack/react-query';
import type { RecordingView } from '@amphi/contracts';
import { firstFailure, publicQueries } from '../query';
import { Localized } from '../components/Localized';
import { EventCrumb } from '../components/EventCrumb';
import { Timetable } from '../components/Programme';
import { RecordingList } from '../components/Recordings';
import { TalkMaterials } from '../components/Materials';
import { TimeZoneToggle } from '../components/TimeZone';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';

/** `/events/:slug/people/:personId`: a chair, speaker or panelist, their sessions and their recordings. */
export function PersonPage() {
  const { slug = '', personId = '' } = useParams();
  const event = useQuery(publicQueries.event(slug));
  const person = useQuery(publicQueries.person(slug, personId));
  const recordings = useQuery(publicQueries.recordings(slug, personId));
  const failed = firstFailure(event, person, recordings);
  if (failed) return <ErrorMessage error={failed.error} onRetry={failed.retry} />;
  if (!event.data || !person.data || !recordings.data) return <Loading />;
  return <PersonContent event={event.data} person={person.data} recordings={recordings.data} />;
}

function PersonContent({ event, person, recordings }: { event: EventWithProgrammeView; person: PersonWithSessionsView; recordings: RecordingView[] }) {
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
      <TalkMaterials sessions={person.sessions} fallback={event.mainLanguage} onlyOf={person.id} showSession />
      {recordings.length > 0 && (
        <section aria-labelledby="person-recordings">
          <h2 id="person-recordings">{t('event.recordings')}</h2>
          <RecordingList recordings={recordings} slug={event.slug} mainLanguage={event.mainLanguage} timeZone={event.timeZone} />
        </section>
      )}
    </article>
  );
}

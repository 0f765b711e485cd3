import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Committee, EventView, EventWithProgrammeView, Language } from '@amphi/contracts';
import { useQuery } from '@tanstack/react-query';
import { links } from '../api';
import { subscribePage } from '../podcast-api';
import { publicQueries } from '../query';
import { useLanguage } from '../i18n';
import { formatDateRange, formatDateTime } from '../format';
import { Localized, pick, pickList } from '../components/Localized';
import { FormatBadge, PersonDetails } from '../components/Event';
import { Timetable } from '../components/Programme';
import { RecordingList } from '../components/Recordings';
import { MaterialList } from '../components/Materials';
import { TimeZoneToggle } from '../components/TimeZone';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import { registrationState } from '../registration-state';
import { CallBox } from './call/CallBox';

const COMMITTEES_SHOWN: Committee[] = ['scientific', 'organising'];

/** `/events/:slug`: an event, its files, programme, recordings and podcast. */
export function EventPage() {
  const { slug = '' } = useParams();
  const event = useQuery(publicQueries.event(slug));
  if (event.isError) return <ErrorMessage error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  return <EventContent event={event.data} />;
}

function EventContent({ event }: { event: EventWithProgrammeView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const main = event.mainLanguage;
  useDocumentTitle(pick(event.title, lang, main)?.text);
  const recordings = useQuery(publicQueries.recordings(event.slug));
  const registration = registrationState(event.registration);
  const committees = COMMITTEES_SHOWN.filter((c) => event.committees[c]?.length);

  return (
    <article className="event" aria-labelledby="event-title">
      <header className="event-header">
        <Localized as="h1" id="event-title" text={event.title} fallback={main} />
        <Localized as="p" className="lead" text={event.subtitle} fallback={main} />
        <p className="meta">
          <time dateTime={event.startDate}>{formatDateRange(event.startDate, event.endDate, lang)}</time> <FormatBadge format={event.format} />
          {event.venue && (
            <span>
              {' '}
              · {[event.venue.name, event.venue.city, event.venue.country].filter(Boolean).join(', ')}
            </span>
          )}
        </p>
        {registration.state === 'open' && (
          <p>
            <Link className="button button-primary" to={`/events/${event.slug}/register`}>
              {t('event.register')}
            </Link>
          </p>
        )}
        {registration.state === 'not_yet_open' && <p className="notice">{t('event.registrationOpens', { when: formatDateTime(registration.opensAt, event.timeZone, lang) })}</p>}
        {registration.state === 'closed' && <p className="notice">{t('event.registrationClosed')}</p>}
      </header>

      <CallBox slug={event.slug} published={!!event.callPublished} />

      {event.description && (
        <section aria-labelledby="about">
          <h2 id="about">{t('event.about')}</h2>
          <Localized as="div" className="prose" text={event.description} fallback={main} />
          <Keywords keywords={event.keywords} fallback={main} />
        </section>
      )}

      {event.downloads.length > 0 && (
        <section aria-labelledby="downloads">
          <h2 id="downloads">{t('event.downloads')}</h2>
          <MaterialList materials={event.downloads} fallback={main} />
        </section>
      )}

      <section aria-labelledby="programme">
        <h2 id="programme">{t('event.programme')}</h2>
        <TimeZoneToggle eventZone={event.timeZone} />
        <p>
          <a href={links.programmeIcs(event.slug, lang)} download>
            {t('event.programmeIcs')}
          </a>
        </p>
        <Timetable sessions={event.sessions} slug={event.slug} mainLanguage={main} eventZone={event.timeZone} />
      </section>

      <section aria-labelledby="recordings">
        <h2 id="recordings">{t('event.recordings')}</h2>
        <p>
          <Link to={subscribePage(event.slug)}>{t('event.podcast')}</Link>
        </p>
        {recordings.isPending && <Loading />}
        {recordings.isError && <ErrorMessage error={recordings.error} onRetry={() => void recordings.refetch()} />}
        {recordings.data && recordings.data.length === 0 && <p className="muted">{t('event.noRecordings')}</p>}
        {recordings.data && recordings.data.length > 0 && <RecordingList recordings={recordings.data} slug={event.slug} mainLanguage={main} timeZone={event.timeZone} />}
      </section>

      {committees.length > 0 && (
        <section aria-labelledby="committees">
          <h2 id="committees">{t('event.committees')}</h2>
          {committees.map((c) => (
            <section key={c} aria-labelledby={`committee-${c}`}>
              <h3 id={`committee-${c}`}>{t(`committee.${c}`)}</h3>
              <ul className="people-list">
                {event.committees[c].map((m) => (
                  <li key={m.person.id}>
                    <Link to={`/events/${event.slug}/people/${m.person.id}`}>{m.person.name}</Link>
                    <PersonDetails person={m.person} fallback={main} />
                    {m.role && (
                      <>
                        {' — '}
                        <Localized text={m.role} fallback={main} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      )}

      {event.contact && (event.contact.email || event.contact.url || event.contact.name) && (
        <section aria-labelledby="contact">
          <h2 id="contact">{t('event.contact')}</h2>
          <p>
            {event.contact.name}
            {event.contact.email && (
              <>
                {event.contact.name && ' · '}
                <a href={`mailto:${event.contact.email}`}>{event.contact.email}</a>
              </>
            )}
            {event.contact.url && (
              <>
                {' · '}
                <a href={event.contact.url}>{event.contact.url}</a>
              </>
            )}
          </p>
        </section>
      )}
    </article>
  );
}

/** "Mots-clés : …" in the visitor's language, else the event's main language (marked with its lang). */
function Keywords({ keywords, fallback }: { keywords: EventView['keywords']; fallback: Language }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const shown = pickList(keywords, lang, fallback);
  if (!shown) return null;
  return (
    <p className="muted keywords">
      {t('event.keywordsLabel')} <span lang={shown.lang !== lang ? shown.lang : undefined}>{shown.items.join(', ')}</span>
    </p>
  );
}


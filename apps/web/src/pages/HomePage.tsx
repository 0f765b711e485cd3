import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { publicQueries } from '../query';
import { useLanguage } from '../i18n';
import { formatDateRange } from '../format';
import { Localized } from '../components/Localized';
import { FormatBadge } from '../components/Event';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';

/** `/`: the published events. */
export function HomePage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  useDocumentTitle(t('home.title'));
  const events = useQuery(publicQueries.events());
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      {events.isPending && <Loading />}
      {events.isError && <ErrorMessage error={events.error} onRetry={() => void events.refetch()} />}
      {events.data && events.data.length === 0 && <p>{t('home.none')}</p>}
      {events.data && events.data.length > 0 && (
        <ul className="cards" aria-label={t('home.title')}>
          {events.data.map((event) => (
            <li key={event.id} className="card">
              <h2 className="card-title">
                <Link to={`/events/${event.slug}`}>
                  <Localized text={event.title} fallback={event.mainLanguage} />
                </Link>
              </h2>
              <Localized as="p" text={event.subtitle} fallback={event.mainLanguage} />
              <p className="meta">
                <time dateTime={event.startDate}>{formatDateRange(event.startDate, event.endDate, lang)}</time> <FormatBadge format={event.format} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

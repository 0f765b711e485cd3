import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EventWithProgrammeView } from '@amphi/contracts';
import { Localized } from './Localized';

/** "Events › Study day 2027": where this page sits. */
export function EventCrumb({ event, current }: { event: EventWithProgrammeView; current?: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link to="/">{t('layout.events')}</Link>
        </li>
        <li>
          <Link to={`/events/${event.slug}`}>
            <Localized text={event.title} fallback={event.mainLanguage} />
          </Link>
        </li>
        {current && <li aria-current="page">{current}</li>}
      </ol>
    </nav>
  );
}

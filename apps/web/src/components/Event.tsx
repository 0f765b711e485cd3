import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EventFormat, Language, PersonPublicView, SessionType } from '@amphi/contracts';

export function FormatBadge({ format }: { format: EventFormat }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${format}`}>{t(`format.${format}`)}</span>;
}

export function SessionTypeLabel({ type }: { type: SessionType | string }) {
  const { t } = useTranslation();
  return <span className={`badge badge-type badge-${type}`}>{t(`sessionType.${type}`, { defaultValue: type })}</span>;
}

/** Names, each a link to the person's page, with their affiliation. */
export function PeopleList({ people, slug, lang }: { people: PersonPublicView[]; slug: string; lang?: Language }) {
  if (people.length === 0) return null;
  return (
    <ul className="people-list" lang={lang}>
      {people.map((p) => (
        <li key={p.id}>
          <Link to={`/events/${slug}/people/${p.id}`}>{p.name}</Link>
          {p.affiliation && <span className="muted"> ({p.affiliation})</span>}
        </li>
      ))}
    </ul>
  );
}

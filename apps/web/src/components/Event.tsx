import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EventFormat, Language, PersonPublicView, SessionType } from '@amphi/contracts';
import { Localized } from './Localized';

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

/** " (sociologue, Université Rennes 2)": a person's title in the visitor's language (or the main one) and affiliation. */
export function PersonDetails({ person, fallback }: { person: PersonPublicView; fallback: Language }) {
  if (!person.title && !person.affiliation) return null;
  return (
    <span className="muted">
      {' ('}
      <Localized text={person.title} fallback={fallback} />
      {person.title && person.affiliation ? ', ' : ''}
      {person.affiliation}
      {')'}
    </span>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Language, PersonPublicView, SessionView } from '@amphi/contracts';
import { links } from '../api';
import { useLanguage } from '../i18n';
import { formatDay, formatTimeRange, groupByDay } from '../format';
import { Localized, pick } from './Localized';
import { SessionTypeLabel } from './Event';
import { useShownZone } from './TimeZone';

const uniquePeople = (people: PersonPublicView[]) => [...new Map(people.map((p) => [p.id, p])).values()];

function Names({ label, people, slug }: { label: string; people: PersonPublicView[]; slug: string }) {
  if (people.length === 0) return null;
  return (
    <p className="people-line">
      <span className="muted">{label} </span>
      {people.map((p, i) => (
        <span key={p.id}>
          {i > 0 && ', '}
          <Link to={`/events/${slug}/people/${p.id}`}>{p.name}</Link>
        </span>
      ))}
    </p>
  );
}

/** One session in the timetable: time, type, title (link to its page), who, and its .ics. */
export function SessionSlot({
  session,
  slug,
  mainLanguage,
  eventZone,
  showStage,
  roles,
  titleLevel = 4,
}: {
  session: SessionView;
  slug: string;
  mainLanguage: Language;
  eventZone: string;
  showStage: boolean;
  roles?: string[];
  titleLevel?: 3 | 4;
}) {
  const TitleTag = `h${titleLevel}` as const;
  const { t } = useTranslation();
  const lang = useLanguage();
  const { zone } = useShownZone(eventZone);
  const title = pick(session.title, lang, session.language ?? mainLanguage)?.text ?? '';
  const speakers = uniquePeople(session.talks.flatMap((talk) => talk.speakers));
  return (
    <li className={`slot slot-${session.type}`}>
      <p className="slot-time">
        <time dateTime={session.startsAt}>{formatTimeRange(session.startsAt, session.endsAt, zone, lang)}</time>
      </p>
      <div className="slot-body">
        <TitleTag className="slot-title">
          <Link to={`/events/${slug}/sessions/${session.id}`}>
            <Localized text={session.title} fallback={session.language ?? mainLanguage} />
          </Link>
        </TitleTag>
        <p className="meta">
          <SessionTypeLabel type={session.type} />
          {showStage && <span> · {t('programme.stage', { stage: session.stage })}</span>}
          {session.language !== mainLanguage && <span> · {t(`languages.${session.language}`)}</span>}
          {session.recorded && <span> · {t('programme.recorded')}</span>}
          {roles && roles.length > 0 && <span> · {roles.map((r) => t(`roles.${r}`)).join(', ')}</span>}
        </p>
        <Names label={t('programme.chairs', { count: session.chairs.length })} people={session.chairs} slug={slug} />
        <Names label={t('programme.speakers', { count: speakers.length })} people={speakers} slug={slug} />
        <Names label={t('programme.panelists', { count: session.panelists.length })} people={session.panelists} slug={slug} />
        {session.type !== 'break' && (
          <p className="slot-links">
            {/* The visible words first, then the session's title for screen readers (a link's name contains what it shows). */}
            <a href={links.sessionIcs(slug, session.id, lang)} download>
              {t('programme.sessionIcs')}
              <span className="visually-hidden"> — {title}</span>
            </a>
          </p>
        )}
      </div>
    </li>
  );
}

/** A programme grouped by day, in the event's time zone or the viewer's (the day is the shown zone's). */
export function Timetable({
  sessions,
  slug,
  mainLanguage,
  eventZone,
  headingLevel = 3,
  rolesBySession,
}: {
  sessions: SessionView[];
  slug: string;
  mainLanguage: Language;
  eventZone: string;
  headingLevel?: 2 | 3;
  rolesBySession?: Record<string, string[]>;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { zone } = useShownZone(eventZone);
  const showStage = new Set(sessions.map((s) => s.stage)).size > 1;
  const DayHeading = `h${headingLevel}` as const;
  if (sessions.length === 0) return <p>{t('programme.empty')}</p>;
  return (
    <div className="timetable">
      {groupByDay(sessions, zone).map((day) => (
        <section key={day.key} className="day" aria-labelledby={`day-${day.key}`}>
          <DayHeading id={`day-${day.key}`} className="day-title">
            {formatDay(day.items[0].startsAt, zone, lang)}
          </DayHeading>
          <ol className="slots">
            {day.items.map((s) => (
              <SessionSlot key={s.id} session={s} slug={slug} mainLanguage={mainLanguage} eventZone={eventZone} showStage={showStage} roles={rolesBySession?.[s.id]} titleLevel={headingLevel === 2 ? 3 : 4} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useParams } from 'react-router';
import type { OrganiserEventView } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { pick } from '../../components/Localized';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../../query';
import { ApiError } from '../../api';
import { ErrorMessage, Loading } from '../../components/Status';
import { organiserApi } from './client';
import { signedOutElsewhere, useOrganiser } from '../../organiser-session';

/** `/organiser/*` but the login: asks for the login first (the sign-in cookie lasts across tabs), then shows who is signed in. */
export function OrganiserLayout() {
  const { t } = useTranslation('organiser');
  const location = useLocation();
  const organiser = useOrganiser();
  if (organiser === undefined) return <Loading />;
  if (!organiser) return <Navigate to={`/organiser/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <>
      {/* Signing out is in the site's header (Layout), on every page. */}
      <p className="muted">{t('signedInAs', { name: organiser.name || organiser.email })}</p>
      <Outlet />
    </>
  );
}

/** The event an organiser page is about. A 401 sends back to the login. */
export function useOrganiserEvent(): { eventId: string; event: UseQueryResult<OrganiserEventView> } {
  const { eventId = '' } = useParams();
  const event = useQuery({ queryKey: queryKeys.organiser.event(eventId), queryFn: ({ signal }) => organiserApi.event(eventId, signal) });
  return { eventId, event };
}

/** A failed load: a sign-in that ended (signed out in another tab, expired) sends back to the login, anything else is said. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const location = useLocation();
  if (error instanceof ApiError && error.status === 401) {
    signedOutElsewhere();
    return <Navigate to={`/organiser/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  }
  return <ErrorMessage error={error} onRetry={onRetry} />;
}

/** The event's title, and the links between its organiser pages. */
export function EventNav({ event }: { event: OrganiserEventView }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const base = `/organiser/events/${event.id}`;
  const title = pick(event.title, lang, event.mainLanguage)?.text ?? event.slug;
  return (
    <>
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <Link to="/organiser/events">{t('events.title')}</Link> › <span>{title}</span>
      </nav>
      <nav aria-label={t('eventNav')}>
        <ul className="inline-links">
          <li>
            <NavLink to={base} end>
              {t('nav.event')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/call`}>{t('nav.call')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/programme`}>{t('nav.programme')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/materials`}>{t('nav.materials')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/people`}>{t('nav.people')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/committees`}>{t('nav.committees')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/organisers`}>{t('nav.organisers')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/registrations`}>{t('nav.registrations')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/recordings`}>{t('nav.recordings')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/podcast`}>{t('nav.podcast')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/messages`}>{t('nav.messages')}</NavLink>
          </li>
          {event.status === 'published' && (
            <li>
              <Link to={`/events/${event.slug}`}>{t('nav.public')}</Link>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import type { OrganiserEventView } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { pick } from '../../components/Localized';
import { useResource, type Resource } from '../../components/useResource';
import { ApiError } from '../../api';
import { ErrorMessage } from '../../components/Status';
import { keepLogin, organiserApi, storedLogin } from './client';

/** `/organiser/*` but the login: asks for the login first, then shows who is signed in. */
export function OrganiserLayout() {
  const { t } = useTranslation('organiser');
  const location = useLocation();
  const navigate = useNavigate();
  const login = storedLogin();
  if (!login) return <Navigate to={`/organiser/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <>
      <p className="header-row muted">
        <span>{t('signedInAs', { name: login.organiser.name || login.organiser.email })}</span>{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            keepLogin(null);
            void navigate('/organiser/login');
          }}
        >
          {t('logout')}
        </button>
      </p>
      <Outlet />
    </>
  );
}

/** The event an organiser page is about. A 401 sends back to the login. */
export function useOrganiserEvent(): { eventId: string; event: Resource<OrganiserEventView> } {
  const { eventId = '' } = useParams();
  const event = useResource(`event:${eventId}`, (signal) => organiserApi.event(eventId, signal));
  return { eventId, event };
}

/** A failed load: an expired bearer sends back to the login, anything else is said. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const location = useLocation();
  if (error instanceof ApiError && error.status === 401) {
    keepLogin(null);
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
            <NavLink to={`${base}/programme`}>{t('nav.programme')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/people`}>{t('nav.people')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/registrations`}>{t('nav.registrations')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/recordings`}>{t('nav.recordings')}</NavLink>
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

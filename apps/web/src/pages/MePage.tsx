import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { AccessGrant, PersonalSpaceView } from '@amphi/contracts';
import { api, ApiError } from '../api';
import { formsApi } from '../api-forms';
import { useLanguage } from '../i18n';
import { formatDateRange, formatDay, formatTimeRange, groupByDay } from '../format';
import { Localized, pick } from '../components/Localized';
import { TimeZoneToggle, useShownZone } from '../components/TimeZone';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';

/** The access token a personal link was exchanged for, kept for this tab only (it lives an hour at most). */
const ACCESS_KEY = 'amphi.access';

function storedGrant(): AccessGrant | null {
  try {
    const grant = JSON.parse(sessionStorage.getItem(ACCESS_KEY) ?? 'null') as AccessGrant | null;
    return grant && Date.parse(grant.expiresAt) > Date.now() + 30_000 ? grant : null;
  } catch {
    return null;
  }
}

type State = { kind: 'loading' } | { kind: 'no-link' } | { kind: 'failed'; error: unknown } | { kind: 'ready'; accessToken: string; space: PersonalSpaceView } | { kind: 'cancelled' };

/**
 * `/me#<token>`: the personal space behind a personal link. The token is in the fragment, so it never
 * reaches a server log; it is exchanged once (POST /api/access) for a short-lived access token, and
 * taken out of the address at once. The organiser's, chair's and speaker's pages come later (issue 7).
 */
export function MePage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = location.hash.length > 20 ? decodeURIComponent(location.hash.slice(1)) : null;
    if (token) navigate('/me', { replace: true }); // the token leaves the address bar and the history
    void (async () => {
      try {
        let grant = token ? null : storedGrant();
        if (token) {
          grant = await formsApi.exchangeLink(token);
          try {
            sessionStorage.setItem(ACCESS_KEY, JSON.stringify(grant));
          } catch {
            // not kept: a reload asks for the link again
          }
        }
        if (!grant) return setState({ kind: 'no-link' });
        setState({ kind: 'ready', accessToken: grant.accessToken, space: await api.me(grant.accessToken) });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) sessionStorage.removeItem(ACCESS_KEY);
        setState({ kind: 'failed', error });
      }
    })();
  }, [location.hash, navigate]);

  useDocumentTitle(t('me.title'));
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'no-link')
    return (
      <>
        <h1>{t('me.title')}</h1>
        <p>{t('me.noLink')}</p>
      </>
    );
  if (state.kind === 'failed')
    return (
      <>
        <h1>{t('me.title')}</h1>
        <ErrorMessage error={state.error} />
      </>
    );
  if (state.kind === 'cancelled')
    return (
      <>
        <h1 tabIndex={-1}>{t('me.cancelledTitle')}</h1>
        <p role="status">{t('me.cancelled')}</p>
      </>
    );
  return (
    <PersonalSpace
      space={state.space}
      accessToken={state.accessToken}
      onCancelled={() => {
        sessionStorage.removeItem(ACCESS_KEY);
        setState({ kind: 'cancelled' });
      }}
    />
  );
}

function PersonalSpace({ space, accessToken, onCancelled }: { space: PersonalSpaceView; accessToken: string; onCancelled: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const event = space.event;
  const { zone } = useShownZone(event.timeZone);
  const [confirming, setConfirming] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const reg = space.registration;
  const mine = space.sessions.filter((s) => s.role && s.role !== 'attendee');

  const cancel = async () => {
    setBusy(true);
    try {
      await api.cancelRegistration(accessToken);
      onCancelled();
    } catch (error) {
      setCancelError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article aria-labelledby="me-title">
      <p className="muted">{t('me.title')}</p>
      <h1 id="me-title">
        <Localized text={event.title} fallback={event.mainLanguage} />
      </h1>
      <p className="meta">
        <time dateTime={event.startDate}>{formatDateRange(event.startDate, event.endDate, lang)}</time> · <Link to={`/events/${event.slug}`}>{t('me.eventPage')}</Link>
      </p>
      {reg && (
        <section aria-labelledby="me-registration">
          <h2 id="me-registration">{t('me.registration')}</h2>
          <p>
            {t(`me.status.${reg.status}`, { name: reg.name, position: reg.waitlistPosition ?? '?' })}
          </p>
          {reg.status !== 'cancelled' && !confirming && (
            <p>
              <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
                {t('me.cancel')}
              </button>
            </p>
          )}
          {confirming && (
            <div className="notice" role="group" aria-labelledby="me-confirm">
              <p id="me-confirm">{t('me.confirmCancel')}</p>
              <p className="button-row">
                <button type="button" className="button button-danger" onClick={cancel} disabled={busy} autoFocus>
                  {t('me.confirmYes')}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  {t('me.confirmNo')}
                </button>
              </p>
            </div>
          )}
          {cancelError !== undefined && <ErrorMessage error={cancelError} />}
        </section>
      )}
      {space.person && (
        <section aria-labelledby="me-invitation">
          <h2 id="me-invitation">{t('me.invitation')}</h2>
          <p>{t('me.invitationFor', { name: space.person.name })}</p>
        </section>
      )}
      <section aria-labelledby="me-programme">
        <h2 id="me-programme">{mine.length ? t('me.mySessions') : t('event.programme')}</h2>
        <TimeZoneToggle eventZone={event.timeZone} />
        {groupByDay(mine.length ? mine : space.sessions, zone).map((day) => (
          <section key={day.key} aria-labelledby={`me-day-${day.key}`}>
            <h3 id={`me-day-${day.key}`}>{formatDay(day.items[0].startsAt, zone, lang)}</h3>
            <ul className="plain-list">
              {day.items.map((s) => (
                <li key={s.id}>
                  <time dateTime={s.startsAt}>{formatTimeRange(s.startsAt, s.endsAt, zone, lang)}</time> —{' '}
                  <Link to={`/events/${event.slug}/sessions/${s.id}`}>{pick(s.title, lang, event.mainLanguage)?.text}</Link>
                  {s.role && s.role !== 'attendee' && <strong> ({t(`roles.${s.role}`)})</strong>}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
      <p className="muted">{t('me.keepPrivate')}</p>
    </article>
  );
}

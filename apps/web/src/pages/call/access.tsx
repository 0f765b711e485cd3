import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { AccessGrant } from '@amphi/contracts';
import { ApiError, call } from '../../api';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import './texts';

/** The key under which the personal space keeps the access token its link was exchanged for (MePage's own). */
const ACCESS_KEY = 'amphi.access';

function storedGrant(): AccessGrant | null {
  try {
    const grant = JSON.parse(sessionStorage.getItem(ACCESS_KEY) ?? 'null') as AccessGrant | null;
    return grant && Date.parse(grant.expiresAt) > Date.now() + 30_000 ? grant : null;
  } catch {
    return null;
  }
}

/** The access token went stale (revoked, expired): a reload asks for the link again. */
export function forgetAccessOn(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) sessionStorage.removeItem(ACCESS_KEY);
}

type AccessState = { kind: 'loading' } | { kind: 'no-link' } | { kind: 'failed'; error: unknown } | { kind: 'ready'; token: string };

/**
 * The access token of this tab's personal link, as the personal space (/me) keeps it; a link opened
 * straight on one of these pages (`/me/proposals#<token>`) is exchanged the same way, and the token
 * leaves the address bar at once.
 */
function usePersonalAccess(): AccessState {
  const location = useLocation();
  const navigate = useNavigate();
  const [state, setState] = useState<AccessState>({ kind: 'loading' });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = location.hash.length > 20 ? decodeURIComponent(location.hash.slice(1)) : null;
    if (token) navigate(location.pathname + location.search, { replace: true });
    void (async () => {
      try {
        let grant = token ? null : storedGrant();
        if (token) {
          grant = await call<AccessGrant>('/api/access', { method: 'POST', body: { token } });
          try {
            sessionStorage.setItem(ACCESS_KEY, JSON.stringify(grant));
          } catch {
            // not kept: a reload asks for the link again
          }
        }
        setState(grant ? { kind: 'ready', token: grant.accessToken } : { kind: 'no-link' });
      } catch (error) {
        forgetAccessOn(error);
        setState({ kind: 'failed', error });
      }
    })();
  }, [location.hash, location.pathname, location.search, navigate]);
  return state;
}

/** A page behind the personal link: what to say without one, then the page with its access token. */
export function PersonalGate({ title, children }: { title: string; children: (token: string) => ReactNode }) {
  const { t } = useTranslation('call');
  const access = usePersonalAccess();
  useDocumentTitle(title);
  if (access.kind === 'loading') return <Loading />;
  if (access.kind === 'ready') return <>{children(access.token)}</>;
  return (
    <>
      <h1>{title}</h1>
      {access.kind === 'failed' ? <ErrorMessage error={access.error} /> : <p>{t('personal.noLink')}</p>}
      <p>
        <Link to="/me">{t('personal.mySpace')}</Link>
      </p>
    </>
  );
}

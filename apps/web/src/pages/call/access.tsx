import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { exchangeLink, forgetAccessOn, storedGrant } from '../../personal-access';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import './texts';

export { forgetAccessOn } from '../../personal-access';

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
        const grant = token ? await exchangeLink(token) : storedGrant();
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

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import type { Language } from '@amphi/contracts';
import { setLanguage, useLanguage } from '../i18n';
import { signOut, useOrganiser } from '../organiser-session';

const LANGUAGE_NAMES: Record<Language, string> = { fr: 'Français', en: 'English' };

/** Two buttons, each in its own language; the current one is pressed. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('layout.language')}>
      {(Object.keys(LANGUAGE_NAMES) as Language[]).map((lng) => (
        <button key={lng} type="button" lang={lng} aria-pressed={current === lng} onClick={() => setLanguage(lng)}>
          {LANGUAGE_NAMES[lng]}
        </button>
      ))}
    </div>
  );
}

/** Where organisers sign in, and once signed in (the cookie lasts across tabs), their events and signing out. */
function OrganiserLinks() {
  const { t } = useTranslation();
  const organiser = useOrganiser();
  const navigate = useNavigate();
  if (organiser === undefined) return null;
  if (!organiser)
    return (
      <li>
        <Link to="/organiser/login">{t('layout.organiserSignIn')}</Link>
      </li>
    );
  return (
    <>
      <li>
        <Link to="/organiser/events">{t('layout.myEvents')}</Link>
      </li>
      <li>
        <button type="button" className="link-button" onClick={() => void signOut().finally(() => navigate('/'))}>
          {t('layout.signOut')}
        </button>
      </li>
    </>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a navigation inside the app, put the focus at the start of the new page, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header">
        <div className="wrap header-row">
          <Link to="/" className="brand">
            Amphi
          </Link>
          <nav aria-label={t('layout.nav')}>
            <ul className="nav-list">
              <li>
                <Link to="/">{t('layout.events')}</Link>
              </li>
              <OrganiserLinks />
            </ul>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="wrap">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>
            {t('layout.footer')} · <a href="/api/docs">{t('layout.apiDocs')}</a>
          </p>
        </div>
      </footer>
      <ScrollRestoration />
    </>
  );
}

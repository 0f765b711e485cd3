import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { NotFound } from './Status';

/** A page that could not load (its code after a new version was deployed, most often): say so, offer a reload. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return (
    <div className="wrap">
      <h1>{t('errors.pageTitle')}</h1>
      <p role="alert">{t('errors.page')}</p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </button>{' '}
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REGISTRATION_STATUSES } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../format';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../query';
import { download, exportLinks, organiserApi } from './client';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';

export function RegistrationsPage() {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  useDocumentTitle(t('nav.registrations'));
  const { eventId, event } = useOrganiserEvent();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [query, setQuery] = useState({ q: '', status: '' });
  const list = useQuery({
    queryKey: queryKeys.organiser.registrations(eventId, query.q, query.status),
    queryFn: ({ signal }) => organiserApi.registrations(eventId, query, signal),
    // A new search keeps the last list on screen until its answer arrives.
    placeholderData: keepPreviousData,
  });
  const [exportError, setExportError] = useState<unknown>(undefined);
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  const exportCsv = async () => {
    setExportError(undefined);
    try {
      await download(exportLinks.registrationsCsv(eventId), `registrations-${event.data!.slug}.csv`);
    } catch (error) {
      setExportError(error);
    }
  };
  const counts = list.data?.counts;
  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('registrations.heading')}</h1>
      {counts && (
        <p role="status">
          {t('registrations.counts', { confirmed: counts.confirmed, waitlisted: counts.waitlisted, cancelled: counts.cancelled })}
          {counts.capacity !== null && ` ${t('registrations.capacity', { capacity: counts.capacity, left: counts.seatsLeft ?? 0 })}`}
        </p>
      )}
      <form
        className="form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q, status });
        }}
      >
        <div className="field">
          <label htmlFor="reg-q">{t('registrations.search')}</label>
          <input id="reg-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="reg-status">{t('registrations.status')}</label>
          <select id="reg-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('registrations.all')}</option>
            {REGISTRATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`registrationStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <p className="button-row">
          <button type="submit" className="button button-primary">
            {t('registrations.apply')}
          </button>
          <button type="button" className="button" onClick={exportCsv}>
            {t('registrations.exportCsv')}
          </button>
        </p>
      </form>
      {exportError !== undefined && <ErrorMessage error={exportError} />}
      {list.isFetching && !list.data && <Loading />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.registrations.length === 0 && <p>{t('registrations.none')}</p>}
      {list.data && list.data.registrations.length > 0 && (
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('registrations.heading')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.email')}</th>
                <th scope="col">{t('people.affiliation')}</th>
                <th scope="col">{t('registrations.status')}</th>
                <th scope="col">{t('registrations.registeredAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.registrations.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{r.email}</td>
                  <td>{r.affiliation ?? ''}</td>
                  <td>
                    {t(`registrationStatus.${r.status}`)}
                    {r.waitlistPosition !== null && ` (${r.waitlistPosition})`}
                  </td>
                  <td>{formatDateTime(r.registeredAt, event.data!.timeZone, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

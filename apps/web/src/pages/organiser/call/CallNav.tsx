import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { CallSettingsView, OrganiserEventView } from '@amphi/contracts';
import { ApiError } from '../../../api';
import { Loading, useDocumentTitle } from '../../../components/Status';
import { EventNav, LoadError, useOrganiserEvent } from '../OrganiserLayout';
import { callApi, callKeys } from './client';
import { NS } from './texts';

const PAGES = [
  { key: 'settings', path: '' },
  { key: 'proposals', path: '/proposals' },
  { key: 'review', path: '/review' },
  { key: 'decisions', path: '/decisions' },
  { key: 'statistics', path: '/statistics' },
] as const;

/** The links between the call's pages (settings, proposals, review, decisions, statistics), under the event's. */
export function CallNav({ eventId }: { eventId: string }) {
  const { t } = useTranslation(NS);
  const base = `/organiser/events/${eventId}/call`;
  return (
    <nav aria-label={t('nav.label')} className="call-nav">
      <ul className="inline-links">
        {PAGES.map((p) => (
          <li key={p.key}>
            <NavLink to={`${base}${p.path}`} end={p.key === 'settings' || p.key === 'proposals'}>
              {t(`nav.${p.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The call's settings, or null when the event has none yet (404 call). */
export function useCallSettings(eventId: string) {
  return useQuery({
    queryKey: callKeys.settings(eventId),
    queryFn: async ({ signal }) => {
      try {
        return await callApi.settings(eventId, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/**
 * What every call page shows first: the event's links, the call's links, the page's heading; then the
 * page itself once the event and the call's settings are read. `needsCall`: without a call yet, the
 * page says so and links to the settings.
 */
export function CallFrame({
  titleKey,
  needsCall = true,
  children,
}: {
  titleKey: string;
  needsCall?: boolean;
  children: (context: { event: OrganiserEventView; call: CallSettingsView | null; eventId: string }) => ReactNode;
}) {
  const { t } = useTranslation(NS);
  const title = t(titleKey);
  useDocumentTitle(title);
  const { eventId, event } = useOrganiserEvent();
  const settings = useCallSettings(eventId);
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  return (
    <>
      <EventNav event={event.data} />
      <CallNav eventId={eventId} />
      <h1>{title}</h1>
      {settings.isError && <LoadError error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.isPending && <Loading />}
      {settings.isSuccess && !settings.data && needsCall && (
        <p className="notice">
          {t('noCall')}{' '}
          <NavLink to={`/organiser/events/${eventId}/call`} end>
            {t('noCallLink')}
          </NavLink>
        </p>
      )}
      {settings.isSuccess && (settings.data || !needsCall) && children({ event: event.data, call: settings.data, eventId })}
    </>
  );
}

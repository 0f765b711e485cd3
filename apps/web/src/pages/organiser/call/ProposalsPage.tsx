import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { PROPOSAL_STATES, type CallSettingsView, type ProposalAdminView, type ProposalListQuery } from '@amphi/contracts';
import { Loading } from '../../../components/Status';
import { queryClient } from '../../../query';
import { LoadError } from '../OrganiserLayout';
import { CallFrame } from './CallNav';
import { callApi, callKeys } from './client';
import { useCallLabels } from './labels';

const PAGE_SIZE = 50;
type Filters = { theme: string; type: string; state: string; minScore: string; q: string; order: '' | 'submitted' | 'score' | 'title' };
const NO_FILTERS: Filters = { theme: '', type: '', state: '', minScore: '', q: '', order: '' };

/** `/organiser/events/:eventId/call/proposals`: every proposal, filtered and ordered, a page at a time. */
export function ProposalsPage() {
  return <CallFrame titleKey="proposals.heading">{({ call, eventId }) => <ProposalList eventId={eventId} call={call!} />}</CallFrame>;
}

function ProposalList({ eventId, call }: { eventId: string; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t } = L;
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const query: ProposalListQuery = {
    ...(filters.theme ? { theme: filters.theme } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.state ? { state: filters.state as ProposalListQuery['state'] } : {}),
    ...(filters.minScore.trim() && Number.isFinite(Number(filters.minScore)) ? { minScore: Number(filters.minScore) } : {}),
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.order ? { order: filters.order } : {}),
  };
  const list = useInfiniteQuery({
    queryKey: callKeys.proposals(eventId, query),
    queryFn: ({ signal, pageParam }) => callApi.proposals(eventId, { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total;
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  return (
    <>
      <form
        className="form filters"
        role="search"
        aria-label={t('proposals.filters')}
        // The filters side by side as far as the width allows (one column on a phone).
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(13rem, 1fr))', columnGap: '1rem', maxWidth: 'none' }}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div className="field">
          <label htmlFor="f-theme">{t('proposals.theme')}</label>
          <select id="f-theme" value={draft.theme} onChange={set('theme')}>
            <option value="">{t('proposals.all')}</option>
            {call.themes.map((x) => (
              <option key={x.key} value={x.key}>
                {L.theme(x.key)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type">{t('proposals.type')}</label>
          <select id="f-type" value={draft.type} onChange={set('type')}>
            <option value="">{t('proposals.all')}</option>
            {call.types.map((x) => (
              <option key={x.key} value={x.key}>
                {L.type(x.key)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-state">{t('proposals.state')}</label>
          <select id="f-state" value={draft.state} onChange={set('state')}>
            <option value="">{t('proposals.all')}</option>
            {PROPOSAL_STATES.map((s) => (
              <option key={s} value={s}>
                {L.state(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-score">{t('proposals.minScore')}</label>
          <input id="f-score" type="number" min={0} max={5} step={0.5} value={draft.minScore} onChange={set('minScore')} />
        </div>
        <div className="field">
          <label htmlFor="f-q">{t('proposals.search')}</label>
          <input id="f-q" type="search" value={draft.q} onChange={set('q')} />
        </div>
        <div className="field">
          <label htmlFor="f-order">{t('proposals.order')}</label>
          <select id="f-order" value={draft.order} onChange={set('order')}>
            <option value="">{t('proposals.orders.default')}</option>
            <option value="submitted">{t('proposals.orders.submitted')}</option>
            <option value="score">{t('proposals.orders.score')}</option>
            <option value="title">{t('proposals.orders.title')}</option>
          </select>
        </div>
        <p className="button-row" style={{ gridColumn: '1 / -1' }}>
          <button type="submit" className="button button-primary">
            {t('proposals.apply')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
            }}
          >
            {t('proposals.reset')}
          </button>
        </p>
      </form>
      <p role="status" aria-live="polite">
        {total !== undefined && !list.isPlaceholderData ? t('proposals.count', { count: total, shown: items.length }) : ''}
      </p>
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Loading />}
      {list.data && items.length === 0 && <p>{t('proposals.none')}</p>}
      {items.length > 0 && (
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('proposals.table')}>
          <table className="call-table">
            <thead>
              <tr>
                <th scope="col">{t('proposals.title')}</th>
                <th scope="col">{t('proposals.type')}</th>
                <th scope="col">{t('proposals.theme')}</th>
                <th scope="col">{t('proposals.submitter')}</th>
                <th scope="col">{t('proposals.state')}</th>
                <th scope="col">{t('proposals.reviews')}</th>
                <th scope="col">{t('proposals.mean')}</th>
                <th scope="col">{t('proposals.disagreement')}</th>
                <th scope="col">{t('proposals.prepared')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <ProposalRow key={p.id} eventId={eventId} proposal={p} labels={L} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <p>
          <button type="button" className="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('proposals.more')}
          </button>
        </p>
      )}
    </>
  );
}

function ProposalRow({ eventId, proposal: p, labels: L }: { eventId: string; proposal: ProposalAdminView; labels: ReturnType<typeof useCallLabels> }) {
  const { t } = L;
  const done = p.reviewers.filter((r) => r.submitted).length;
  return (
    <tr>
      <th scope="row">
        <Link to={`/organiser/events/${eventId}/call/proposals/${p.id}`} onClick={() => queryClient.setQueryData(callKeys.proposal(eventId, p.id), p)}>
          {p.title}
        </Link>
      </th>
      <td>{L.type(p.typeKey)}</td>
      <td>{L.theme(p.themeKey)}</td>
      <td>{p.submitter.name}</td>
      <td>
        {L.state(p.state)}
        {p.unconfirmed && <Unconfirmed />}
      </td>
      <td>{t('proposals.reviewsDone', { done, assigned: p.reviewers.length })}</td>
      <td>{L.score(p.score.mean)}</td>
      <td>{L.score(p.score.disagreement)}</td>
      <td>{p.preparedDecision ? L.decision(p.preparedDecision) : ''}</td>
    </tr>
  );
}

/** The flag of an accepted proposal not confirmed in time: a word and an icon, never a colour alone. */
export function Unconfirmed() {
  const L = useCallLabels(null);
  return (
    <span className="flag flag-warning">
      {' '}
      <span aria-hidden="true">⚠</span> {L.t('proposals.unconfirmed')}
    </span>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { AssignmentResult, CallSettingsView, ReviewerProgress } from '@amphi/contracts';
import { ErrorMessage, Loading } from '../../../components/Status';
import { formatDateTime } from '../../../format';
import { queryClient } from '../../../query';
import { FormErrors, useSubmit } from '../form';
import { LoadError } from '../OrganiserLayout';
import { CallFrame } from './CallNav';
import { callApi, callKeys, findProposalTitles } from './client';
import { useCallLabels } from './labels';

/** `/organiser/events/:eventId/call/review`: the reviewers and their progress, their themes, the automatic assignment, the conflicts. */
export function ReviewPage() {
  return <CallFrame titleKey="review.heading">{({ call, eventId }) => <ReviewOverview eventId={eventId} call={call!} />}</CallFrame>;
}

function ReviewOverview({ eventId, call }: { eventId: string; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t } = L;
  const reviewers = useQuery({ queryKey: callKeys.reviewers(eventId), queryFn: ({ signal }) => callApi.reviewers(eventId, signal) });
  if (call.committee.length === 0)
    return (
      <p className="notice">
        {t('review.noCommittee')} <Link to={`/organiser/events/${eventId}/committees`}>{t('review.committeesLink')}</Link>
      </p>
    );
  return (
    <>
      <section aria-labelledby="reviewers-heading">
        <h2 id="reviewers-heading">{t('review.reviewers')}</h2>
        {reviewers.isError && <LoadError error={reviewers.error} onRetry={() => void reviewers.refetch()} />}
        {reviewers.isPending && <Loading />}
        {reviewers.data && (
          <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-labelledby="reviewers-heading">
            <table className="call-table">
              <thead>
                <tr>
                  <th scope="col">{t('review.name')}</th>
                  <th scope="col">{t('review.themes')}</th>
                  <th scope="col">{t('review.assigned')}</th>
                  <th scope="col">{t('review.submitted')}</th>
                  <th scope="col">{t('review.notified')}</th>
                </tr>
              </thead>
              <tbody>
                {reviewers.data.map((r) => (
                  <ReviewerRow key={r.personId} eventId={eventId} reviewer={r} call={call} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <AutoAssign eventId={eventId} call={call} />
      <Conflicts eventId={eventId} call={call} />
    </>
  );
}

function ReviewerRow({ eventId, reviewer: r, call }: { eventId: string; reviewer: ReviewerProgress; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t, lang } = L;
  const [editing, setEditing] = useState(false);
  const [themes, setThemes] = useState<string[]>(r.themeKeys);
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  const save = async () => {
    const stored = await run(() => callApi.setReviewerThemes(eventId, r.personId, themes));
    if (stored) {
      queryClient.setQueryData<ReviewerProgress[]>(callKeys.reviewers(eventId), (list) => list?.map((x) => (x.personId === stored.personId ? stored : x)));
      setEditing(false);
    }
  };
  const id = `themes-${r.personId}`;
  return (
    <tr>
      <th scope="row">
        {r.name}
        {r.email ? <span className="muted"> ({r.email})</span> : null}
      </th>
      <td>
        {!editing && (
          <>
            {r.themeKeys.length ? r.themeKeys.map((k) => L.theme(k)).join(', ') : t('review.allThemes')}{' '}
            {call.themes.length > 0 && (
              <button type="button" className="button button-small" onClick={() => setEditing(true)} aria-label={t('review.editThemes', { name: r.name })}>
                {t('review.change')}
              </button>
            )}
          </>
        )}
        {editing && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <fieldset id={`field-${id}`}>
              <legend>{t('review.themesOf', { name: r.name })}</legend>
              {call.themes.map((x) => (
                <div key={x.key} className="checkbox">
                  <input
                    id={`${id}-${x.key}`}
                    type="checkbox"
                    checked={themes.includes(x.key)}
                    onChange={(e) => setThemes((list) => (e.target.checked ? [...list, x.key] : list.filter((k) => k !== x.key)))}
                  />
                  <label htmlFor={`${id}-${x.key}`}>{L.theme(x.key)}</label>
                </div>
              ))}
            </fieldset>
            <FormErrors errors={errors} failure={failure} labels={{ themeKeys: t('review.themesOf', { name: r.name }) }} summaryRef={summaryRef} />
            <button type="submit" className="button button-small" disabled={busy}>
              {t('review.saveThemes')}
            </button>{' '}
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setThemes(r.themeKeys);
                setEditing(false);
              }}
            >
              {t('common.cancel')}
            </button>
          </form>
        )}
      </td>
      <td>{r.assigned}</td>
      <td>{r.submitted}</td>
      <td>{r.notifiedAt ? formatDateTime(r.notifiedAt, call.timeZone, lang) : t('review.notNotified')}</td>
    </tr>
  );
}

function AutoAssign({ eventId, call }: { eventId: string; call: CallSettingsView }) {
  const { t } = useCallLabels(call);
  const [k, setK] = useState(String(call.reviewersPerProposal));
  const [byTheme, setByTheme] = useState(false);
  const [keepExisting, setKeepExisting] = useState(true);
  const [result, setResult] = useState<AssignmentResult | null>(null);
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  const assign = async () => {
    setResult(null);
    const answer = await run(() => callApi.autoAssign(eventId, { reviewersPerProposal: Number(k), byTheme, keepExisting }));
    if (answer) {
      setResult(answer);
      void queryClient.invalidateQueries({ queryKey: callKeys.all(eventId), predicate: (q) => q.queryKey[4] !== 'settings' });
    }
  };
  const labels = { reviewersPerProposal: t('review.k'), byTheme: t('review.byTheme'), keepExisting: t('review.keepExisting') };
  return (
    <section aria-labelledby="auto-heading">
      <h2 id="auto-heading">{t('review.autoHeading')}</h2>
      <p>{t('review.autoIntro')}</p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void assign();
        }}
        noValidate
      >
        <div className={`field${errors.reviewersPerProposal ? ' field-invalid' : ''}`}>
          <label htmlFor="field-reviewersPerProposal">{labels.reviewersPerProposal}</label>
          {errors.reviewersPerProposal && (
            <p id="field-reviewersPerProposal-error" className="field-error">
              {errors.reviewersPerProposal}
            </p>
          )}
          <input
            id="field-reviewersPerProposal"
            type="number"
            min={1}
            max={10}
            value={k}
            onChange={(e) => setK(e.target.value)}
            aria-describedby={errors.reviewersPerProposal ? 'field-reviewersPerProposal-error' : undefined}
          />
        </div>
        <div className="checkbox">
          <input id="field-byTheme" type="checkbox" checked={byTheme} onChange={(e) => setByTheme(e.target.checked)} />
          <label htmlFor="field-byTheme">{labels.byTheme}</label>
        </div>
        <div className="checkbox">
          <input id="field-keepExisting" type="checkbox" checked={keepExisting} onChange={(e) => setKeepExisting(e.target.checked)} />
          <label htmlFor="field-keepExisting">{labels.keepExisting}</label>
        </div>
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <p className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('review.assign')}
          </button>
        </p>
      </form>
      <div aria-live="polite">
        {result && (
          <section className="notice" aria-labelledby="assignment-result">
            <h3 id="assignment-result">{t('review.result')}</h3>
            <p>{t('review.resultSummary', { count: result.assigned, spread: result.maxMinusMin })}</p>
            <table className="call-table">
              <caption>{t('review.loads')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('review.name')}</th>
                  <th scope="col">{t('review.load')}</th>
                </tr>
              </thead>
              <tbody>
                {result.loads.map((l) => (
                  <tr key={l.personId}>
                    <th scope="row">{l.name}</th>
                    <td>{l.load}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.shortOf.length === 0 ? (
              <p>{t('review.noneShort')}</p>
            ) : (
              <>
                <p>{t('review.short', { count: result.shortOf.length })}</p>
                <ul>
                  {result.shortOf.map((s) => (
                    <li key={s.proposalId}>
                      <Link to={`/organiser/events/${eventId}/call/proposals/${s.proposalId}`}>{s.title}</Link> — {t('review.missing', { count: s.missing })}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
      </div>
    </section>
  );
}

function Conflicts({ eventId, call }: { eventId: string; call: CallSettingsView }) {
  const { t } = useCallLabels(call);
  const conflicts = useQuery({ queryKey: callKeys.conflicts(eventId), queryFn: ({ signal }) => callApi.conflicts(eventId, signal) });
  const titles = useQuery({ queryKey: [...callKeys.all(eventId), 'titles'], queryFn: ({ signal }) => findProposalTitles(eventId, signal) });
  const name = (personId: string) => call.committee.find((m) => m.personId === personId)?.name ?? personId;
  return (
    <section aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">{t('review.conflicts')}</h2>
      {conflicts.isError && <ErrorMessage error={conflicts.error} onRetry={() => void conflicts.refetch()} />}
      {conflicts.isPending && <Loading />}
      {conflicts.data && conflicts.data.length === 0 && <p>{t('review.noConflicts')}</p>}
      {conflicts.data && conflicts.data.length > 0 && (
        <ul>
          {conflicts.data.map((c) => (
            <li key={`${c.proposalId}-${c.personId}`}>
              {t('review.conflictLine', {
                reviewer: name(c.personId),
                proposal: titles.data?.get(c.proposalId) ?? '…',
                sources: c.sources.map((s) => t(`conflictSource.${s}`)).join(', '),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { DECISIONS, pickText, prepareDecisionSchema, type CallSettingsView, type Decision, type OrganiserEventView, type PrepareDecisionInput, type ProposalAdminView } from '@amphi/contracts';
import { Loading, NotFound } from '../../../components/Status';
import { useErrorText } from '../../../components/useErrorText';
import { formatDateTime } from '../../../format';
import { FormText, useAmphiForm } from '../../../forms';
import { queryClient, queryKeys } from '../../../query';
import { FormErrors, useSubmit } from '../form';
import { LoadError } from '../OrganiserLayout';
import { CallFrame } from './CallNav';
import { callApi, callKeys, findProposal } from './client';
import { useCallLabels } from './labels';
import { Unconfirmed } from './ProposalsPage';

/** `/organiser/events/:eventId/call/proposals/:proposalId`: one proposal whole, its reviews, its reviewers, its decision, its place in the programme. */
export function ProposalPage() {
  return <CallFrame titleKey="proposal.heading">{({ call, event, eventId }) => <ProposalDetails eventId={eventId} event={event} call={call!} />}</CallFrame>;
}

function ProposalDetails({ eventId, event, call }: { eventId: string; event: OrganiserEventView; call: CallSettingsView }) {
  const { proposalId = '' } = useParams();
  const L = useCallLabels(call);
  const { t, lang } = L;
  const proposal = useQuery({ queryKey: callKeys.proposal(eventId, proposalId), queryFn: ({ signal }) => findProposal(eventId, proposalId, signal) });
  if (proposal.isError) return <LoadError error={proposal.error} onRetry={() => void proposal.refetch()} />;
  if (proposal.isPending) return <Loading />;
  const p = proposal.data;
  if (!p) return <NotFound />;
  const zone = call.timeZone;
  const committeeName = (personId: string) => call.committee.find((m) => m.personId === personId)?.name ?? personId;
  const answerText = (key: string, value: string | number | boolean) => {
    const question = call.questions.find((q) => q.key === key);
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (question?.kind === 'choice') return pickText(question.options?.find((o) => o.key === value)?.label, lang, call.mainLanguage) ?? String(value);
    return String(value);
  };
  return (
    <>
      <p>
        <Link to={`/organiser/events/${eventId}/call/proposals`}>{t('proposal.back')}</Link>
      </p>
      <article aria-labelledby="proposal-title">
        <h2 id="proposal-title">{p.title}</h2>
        <dl className="details">
          <dt>{t('proposals.state')}</dt>
          <dd>
            {L.state(p.state)}
            {p.unconfirmed && <Unconfirmed />}
          </dd>
          <dt>{t('proposals.type')}</dt>
          <dd>{L.type(p.typeKey)}</dd>
          <dt>{t('proposals.theme')}</dt>
          <dd>{L.theme(p.themeKey)}</dd>
          <dt>{t('proposals.submitter')}</dt>
          <dd>
            {p.submitter.name} ({p.submitter.email}){p.submitter.affiliation ? `, ${p.submitter.affiliation}` : ''} — {t(`common.languages.${p.submitter.language}`)}
          </dd>
          <dt>{t('proposal.submittedAt')}</dt>
          <dd>{p.submittedAt ? formatDateTime(p.submittedAt, zone, lang) : t('proposal.notSubmitted')}</dd>
          {p.keywords.length > 0 && (
            <>
              <dt>{t('proposal.keywords')}</dt>
              <dd>{p.keywords.join(', ')}</dd>
            </>
          )}
          {p.language && (
            <>
              <dt>{t('proposal.language')}</dt>
              <dd>{t(`common.languages.${p.language}`)}</dd>
            </>
          )}
          {p.format && (
            <>
              <dt>{t('proposal.format')}</dt>
              <dd>{t(`proposal.formats.${p.format}`)}</dd>
            </>
          )}
        </dl>
        <h3>{t('proposal.abstract')}</h3>
        <p className="abstract" style={{ whiteSpace: 'pre-wrap' }}>
          {p.abstract}
        </p>
        <p className="muted">{t(`proposal.length.${p.length.unit}`, { count: p.length.count, max: p.length.max })}</p>
        {p.references && (
          <>
            <h3>{t('proposal.references')}</h3>
            <p style={{ whiteSpace: 'pre-wrap' }}>{p.references}</p>
          </>
        )}
        <h3>{t('proposal.authors')}</h3>
        <ul>
          {p.authors.map((a, i) => (
            <li key={i}>
              {a.name}
              {a.affiliation ? `, ${a.affiliation}` : ''}
              {a.email ? ` <${a.email}>` : ''}
              {a.presenting ? ` — ${t('proposal.presenting')}` : ''}
            </li>
          ))}
        </ul>
        {Object.keys(p.answers).length > 0 && (
          <>
            <h3>{t('proposal.answers')}</h3>
            <dl className="details">
              {Object.entries(p.answers).map(([key, value]) => (
                <div key={key}>
                  <dt>{pickText(call.questions.find((q) => q.key === key)?.label, lang, call.mainLanguage) ?? key}</dt>
                  <dd>{answerText(key, value)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        <h3>{t('proposal.conflicts')}</h3>
        <p>{p.conflictPersonIds.length ? p.conflictPersonIds.map(committeeName).join(', ') : t('proposal.noConflicts')}</p>
      </article>
      <Reviews eventId={eventId} proposal={p} call={call} />
      <Reviewers eventId={eventId} proposal={p} call={call} />
      <DecisionForm key={p.decisionSentAt ?? 'unsent'} eventId={eventId} proposal={p} call={call} />
      {(p.state === 'accepted' || p.state === 'accepted_as_poster' || p.state === 'confirmed') && <Placement eventId={eventId} event={event} proposal={p} call={call} />}
    </>
  );
}

function Reviews({ eventId, proposal, call }: { eventId: string; proposal: ProposalAdminView; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t, lang } = L;
  const reviews = useQuery({ queryKey: callKeys.reviews(eventId, proposal.id), queryFn: ({ signal }) => callApi.reviews(eventId, proposal.id, signal) });
  const criterion = (key: string) => pickText(call.criteria.find((c) => c.key === key)?.label, lang, call.mainLanguage) ?? key;
  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">{t('proposal.reviews')}</h2>
      {reviews.isError && <LoadError error={reviews.error} onRetry={() => void reviews.refetch()} />}
      {reviews.isPending && <Loading />}
      {reviews.data && (
        <>
          <p>
            {t('proposal.scoreSummary', {
              count: reviews.data.score.reviews,
              mean: L.score(reviews.data.score.mean),
              median: L.score(reviews.data.score.median),
              disagreement: L.score(reviews.data.score.disagreement),
            })}
          </p>
          {reviews.data.reviews.length === 0 && <p>{t('proposal.noReviews')}</p>}
          {reviews.data.reviews.map((r) => (
            <section key={r.personId} className="card review" aria-label={t('proposal.reviewBy', { name: r.reviewer })}>
              <h3>{t('proposal.reviewBy', { name: r.reviewer })}</h3>
              <p>{r.submittedAt ? t('proposal.reviewSubmitted', { when: formatDateTime(r.submittedAt, call.timeZone, lang) }) : t('proposal.reviewDraft')}</p>
              <ul>
                {Object.entries(r.scores).map(([key, score]) => (
                  <li key={key}>{t('proposal.scoreLine', { criterion: criterion(key), score })}</li>
                ))}
              </ul>
              <p>
                {t('proposal.weighted', { score: L.score(r.weightedScore) })} — {t('proposal.recommendation')}: {t(`recommendation.${r.recommendation}`)}
              </p>
              {r.commentToAuthors && (
                <>
                  <h4>{t('proposal.toAuthors')}</h4>
                  <p style={{ whiteSpace: 'pre-wrap' }}>{r.commentToAuthors}</p>
                </>
              )}
              {r.commentToCommittee && (
                <>
                  <h4>{t('proposal.toCommittee')}</h4>
                  <p style={{ whiteSpace: 'pre-wrap' }}>{r.commentToCommittee}</p>
                </>
              )}
            </section>
          ))}
        </>
      )}
    </section>
  );
}

function Reviewers({ eventId, proposal, call }: { eventId: string; proposal: ProposalAdminView; call: CallSettingsView }) {
  const { t } = useCallLabels(call);
  const [chosen, setChosen] = useState<string[]>(proposal.reviewers.map((r) => r.personId));
  const [sent, setSent] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  // The API's errors are on personIds.<index in what was sent>: each goes to that person's box.
  const errorOf = (personId: string) => {
    const i = sent.indexOf(personId);
    return i >= 0 ? errors[`personIds.${i}`] : undefined;
  };
  const labels: Record<string, string> = { personIds: t('proposal.reviewers') };
  sent.forEach((id, i) => (labels[`personIds.${i}`] = call.committee.find((m) => m.personId === id)?.name ?? t('proposal.reviewers')));
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^personIds\.(\d+)$/.exec(key);
    fieldErrors[m ? `reviewer-${sent[Number(m[1])]}` : key] = message;
    if (m) labels[`reviewer-${sent[Number(m[1])]}`] = labels[key]!;
  }
  const save = async () => {
    setSaved(false);
    setSent(chosen);
    const result = await run(() => callApi.setReviewers(eventId, proposal.id, chosen));
    if (result) {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: callKeys.all(eventId) });
    }
  };
  const submitted = new Map(proposal.reviewers.map((r) => [r.personId, r.submitted]));
  return (
    <section aria-labelledby="reviewers-heading">
      <h2 id="reviewers-heading">{t('proposal.reviewers')}</h2>
      {call.committee.length === 0 ? (
        <p>
          {t('review.noCommittee')} <Link to={`/organiser/events/${eventId}/committees`}>{t('review.committeesLink')}</Link>
        </p>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset>
            <legend>{t('proposal.reviewersLegend')}</legend>
            {call.committee.map((m) => {
              const error = errorOf(m.personId);
              const id = `field-reviewer-${m.personId}`;
              return (
                <div key={m.personId} className={`field field-checkbox${error ? ' field-invalid' : ''}`}>
                  {error && (
                    <p id={`${id}-error`} className="field-error">
                      {error}
                    </p>
                  )}
                  <div className="checkbox">
                    <input
                      id={id}
                      type="checkbox"
                      checked={chosen.includes(m.personId)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                      onChange={(e) => setChosen((c) => (e.target.checked ? [...c, m.personId] : c.filter((x) => x !== m.personId)))}
                    />
                    <label htmlFor={id}>
                      {m.name}
                      {m.affiliation ? ` (${m.affiliation})` : ''}
                      {submitted.has(m.personId) ? ` — ${submitted.get(m.personId) ? t('proposal.reviewDone') : t('proposal.reviewPending')}` : ''}
                    </label>
                  </div>
                </div>
              );
            })}
          </fieldset>
          <FormErrors errors={fieldErrors} failure={failure} labels={labels} summaryRef={summaryRef} />
          <p className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {t('proposal.saveReviewers')}
            </button>
          </p>
          <p role="status">{saved ? t('proposal.reviewersSaved') : ''}</p>
        </form>
      )}
    </section>
  );
}

interface DecisionValues {
  decision: '' | Decision;
  message: string;
}

function DecisionForm({ eventId, proposal, call }: { eventId: string; proposal: ProposalAdminView; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t, lang } = L;
  const [saved, setSaved] = useState(false);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<DecisionValues, PrepareDecisionInput>({
    schema: prepareDecisionSchema,
    toInput: (v) => ({ decision: v.decision === '' ? null : v.decision, message: v.message.trim() ? v.message : null }),
    defaultValues: { decision: proposal.preparedDecision ?? '', message: proposal.preparedMessage ?? '' },
  });
  const labels = { decision: t('proposal.decision'), message: t('proposal.message') };
  const submit = onSubmit(
    (input) => {
      setSaved(false);
      return callApi.prepareDecision(eventId, proposal.id, input);
    },
    (stored) => {
      queryClient.setQueryData(callKeys.proposal(eventId, proposal.id), stored);
      void queryClient.invalidateQueries({ queryKey: callKeys.all(eventId), predicate: (q) => q.queryKey[4] !== 'proposal' });
      setSaved(true);
    },
  );
  const error = errors.decision;
  return (
    <section aria-labelledby="decision-heading">
      <h2 id="decision-heading">{t('proposal.decision')}</h2>
      {proposal.decisionSentAt && (
        <p className="notice">
          {t('proposal.decisionSent', { decision: proposal.decision ? L.state(proposal.decision) : '', when: formatDateTime(proposal.decisionSentAt, call.timeZone, lang) })}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className={`field${error ? ' field-invalid' : ''}`} id="field-decision" tabIndex={-1} aria-describedby={error ? 'field-decision-error' : 'decision-hint'}>
          <legend>{labels.decision}</legend>
          <p id="decision-hint" className="hint">
            {t('proposal.decisionHint')}
          </p>
          {error && (
            <p id="field-decision-error" className="field-error">
              {error}
            </p>
          )}
          {(['', ...DECISIONS] as const).map((d) => (
            <div key={d || 'none'} className="checkbox">
              <input id={`decision-${d || 'none'}`} type="radio" value={d} {...form.register('decision')} />
              <label htmlFor={`decision-${d || 'none'}`}>{L.decision(d || null)}</label>
            </div>
          ))}
        </fieldset>
        <FormText form={form} name="message" label={labels.message} hint={t('proposal.messageHint')} multiline errors={errors} />
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <p className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('proposal.prepare')}
          </button>
        </p>
        <p role="status">{saved ? t('proposal.prepared') : ''}</p>
      </form>
    </section>
  );
}

function Placement({ eventId, event, proposal, call }: { eventId: string; event: OrganiserEventView; proposal: ProposalAdminView; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t, lang } = L;
  const errorText = useErrorText();
  const sessions = [...event.sessions].sort((a, b) => Number(b.type === 'workshop') - Number(a.type === 'workshop') || Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const [sessionId, setSessionId] = useState(sessions.find((s) => s.type === 'workshop')?.id ?? sessions[0]?.id ?? '');
  const [minutes, setMinutes] = useState('20');
  const [placed, setPlaced] = useState<{ talkId: string; sessionId: string } | null>(null);
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  const place = async () => {
    setPlaced(null);
    const result = await run(() => callApi.place(eventId, proposal.id, { sessionId, plannedMinutes: Number(minutes) }));
    if (result) {
      setPlaced(result);
      void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.event(eventId) });
    }
  };
  const sessionTitle = (id: string) => {
    const s = event.sessions.find((x) => x.id === id);
    return s ? (pickText(s.title, lang, event.mainLanguage) ?? '') : '';
  };
  const labels = { sessionId: t('proposal.session'), plannedMinutes: t('proposal.minutes') };
  return (
    <section aria-labelledby="place-heading">
      <h2 id="place-heading">{t('proposal.place')}</h2>
      {proposal.talkId && !placed && <p>{t('proposal.alreadyPlaced')}</p>}
      {sessions.length === 0 ? (
        <p>
          {t('proposal.noSessions')} <Link to={`/organiser/events/${eventId}/programme`}>{t('proposal.programmeLink')}</Link>
        </p>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void place();
          }}
        >
          <div className={`field${errors.sessionId ? ' field-invalid' : ''}`}>
            <label htmlFor="field-sessionId">{labels.sessionId}</label>
            {errors.sessionId && (
              <p id="field-sessionId-error" className="field-error">
                {errors.sessionId}
              </p>
            )}
            <select id="field-sessionId" value={sessionId} onChange={(e) => setSessionId(e.target.value)} aria-describedby={errors.sessionId ? 'field-sessionId-error' : undefined}>
              {sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {`${pickText(s.title, lang, event.mainLanguage) ?? ''} — ${t(`sessionTypes.${s.type}`)}, ${formatDateTime(s.startsAt, event.timeZone, lang)}`}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors.plannedMinutes ? ' field-invalid' : ''}`}>
            <label htmlFor="field-plannedMinutes">{labels.plannedMinutes}</label>
            {errors.plannedMinutes && (
              <p id="field-plannedMinutes-error" className="field-error">
                {errors.plannedMinutes}
              </p>
            )}
            <input id="field-plannedMinutes" type="number" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} aria-describedby={errors.plannedMinutes ? 'field-plannedMinutes-error' : undefined} />
          </div>
          <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef}>
            {/* A programme conflict's times in the event's zone, as on the programme page. */}
            <div className="notice notice-error" role="alert">
              <p>{failure === undefined ? '' : errorText(failure, { zone: event.timeZone })}</p>
            </div>
          </FormErrors>
          <p className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || !sessionId}>
              {t('proposal.placeButton')}
            </button>
          </p>
          <p role="status">{placed ? t('proposal.placed', { session: sessionTitle(placed.sessionId) }) : ''}</p>
        </form>
      )}
    </section>
  );
}

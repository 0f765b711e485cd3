import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { RECOMMENDATIONS, reviewSchema, SCORE_MAX, SCORE_MIN, type CallView, type ReviewerProposalView, type ReviewInput, type ReviewView } from '@amphi/contracts';
import { FormSelect, FormText, useAmphiForm } from '../../forms';
import { ErrorSummary } from '../../components/Field';
import { pickText } from '../../components/Localized';
import { ErrorMessage, Loading } from '../../components/Status';
import { useErrorText } from '../../components/useErrorText';
import { api } from '../../api';
import { queryClient, queryKeys } from '../../query';
import { PersonalGate, forgetAccessOn } from './access';
import { callApi, callKeys, callQueries } from './client';
import { formatNumber, useCallLabels, When } from './common';
import './texts';

/** `/me/reviews/:proposalId`: a proposal to review (anonymised when the call says so), the review form, then the other reviews. */
export function ReviewEditPage() {
  const { t } = useTranslation('call');
  return <PersonalGate title={t('review.pageTitle')}>{(token) => <ReviewLoader token={token} />}</PersonalGate>;
}

function ReviewLoader({ token }: { token: string }) {
  const { t } = useTranslation('call');
  const { proposalId = '' } = useParams();
  const read = useQuery(callQueries.review(token, proposalId));
  // The call's themes, types and questions by name (the space says which event this link is for).
  const space = useQuery({ queryKey: queryKeys.me(token), queryFn: ({ signal }) => api.me(token, signal) });
  const slug = space.data?.event.slug ?? '';
  const callRead = useQuery({ ...callQueries.call(slug), enabled: !!slug });
  const [conflicted, setConflicted] = useState(false);
  if (conflicted)
    return (
      <section aria-labelledby="conflict-done">
        <h1 id="conflict-done">{t('review.conflictDoneTitle')}</h1>
        <p role="status">{t('review.conflictDone')}</p>
        <p>
          <Link to="/me/reviews">{t('reviews.title')}</Link>
        </p>
      </section>
    );
  if (read.isError) {
    forgetAccessOn(read.error);
    return (
      <>
        <h1>{t('review.pageTitle')}</h1>
        <ErrorMessage error={read.error} onRetry={() => void read.refetch()} />
        <p>
          <Link to="/me/reviews">{t('reviews.title')}</Link>
        </p>
      </>
    );
  }
  if (!read.data || (!!slug && callRead.isPending && !callRead.isError) || space.isPending) return <Loading />;
  return <ReviewContent view={read.data} token={token} call={callRead.data ?? null} onConflict={() => setConflicted(true)} />;
}

interface ReviewForm {
  scores: Record<string, string>;
  recommendation: string;
  commentToAuthors: string;
  commentToCommittee: string;
}

function ReviewContent({ view, token, call, onConflict }: { view: ReviewerProposalView; token: string; call: CallView | null; onConflict: () => void }) {
  const { t } = useTranslation('call');
  const labels = useCallLabels(call);
  const errorText = useErrorText();
  const [said, setSaid] = useState('');
  const submitting = useRef(false);
  const refusal = useRef<HTMLDivElement>(null);
  const mine = view.myReview;
  const submitted = !!mine?.submittedAt;
  const scores: Record<string, string> = {};
  for (const c of view.criteria) scores[c.key] = mine?.scores[c.key] ? String(mine.scores[c.key]) : '';
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<ReviewForm, ReviewInput>({
    schema: reviewSchema,
    defaultValues: { scores, recommendation: mine?.recommendation ?? '', commentToAuthors: mine?.commentToAuthors ?? '', commentToCommittee: mine?.commentToCommittee ?? '' },
    toInput: (f) => {
      const numbers: Record<string, number> = {};
      for (const [key, value] of Object.entries(f.scores ?? {})) if (value) numbers[key] = Number(value);
      return { scores: numbers, recommendation: f.recommendation || undefined, commentToAuthors: f.commentToAuthors, commentToCommittee: f.commentToCommittee, submit: submitting.current };
    },
  });
  useEffect(() => {
    if (failure !== undefined) refusal.current?.focus();
  }, [failure]);
  const save = () =>
    onSubmit(
      (input) => callApi.saveReview(token, view.id, input),
      (review: ReviewView) => {
        setSaid(review.submittedAt ? t('review.submittedNow') : t('review.savedDraft'));
        void queryClient.invalidateQueries({ queryKey: callKeys.review(token, view.id) });
        void queryClient.invalidateQueries({ queryKey: callKeys.myReviews(token), exact: true });
      },
    );
  const send = (submit: boolean) => (e: React.BaseSyntheticEvent) => {
    submitting.current = submit;
    void save()(e);
  };
  const fieldLabels: Record<string, string> = {
    scores: t('review.scores'),
    recommendation: t('review.recommendation'),
    commentToAuthors: t('review.commentToAuthors'),
    commentToCommittee: t('review.commentToCommittee'),
  };
  for (const c of view.criteria) fieldLabels[`scores.${c.key}`] = pickText(c.label, labels.lang, labels.main) ?? c.key;
  const answers = Object.entries(view.answers);
  return (
    <article aria-labelledby="review-title">
      <p className="muted">
        <Link to="/me/reviews">{t('reviews.title')}</Link>
      </p>
      <h1 id="review-title">{view.title}</h1>
      <p>
        {labels.type(view.typeKey)}
        {view.themeKey && ` · ${labels.theme(view.themeKey)}`}
      </p>
      {view.reviewDeadline && (
        <p className="notice">
          {t('reviews.deadline')} <When iso={view.reviewDeadline} zone={call?.timeZone ?? 'UTC'} />
        </p>
      )}
      <section aria-labelledby="review-proposal">
        <h2 id="review-proposal">{t('review.proposal')}</h2>
        {view.authors ? (
          <>
            <h3>{t('review.authors')}</h3>
            <ul>
              {view.authors.map((a, i) => (
                <li key={i}>
                  {a.name}
                  {a.affiliation && ` (${a.affiliation})`}
                  {a.presenting && ` — ${t('abstracts.presenting')}`}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">{t('review.anonymised')}</p>
        )}
        <h3>{t('proposal.abstract')}</h3>
        <div className="prose pre-line" lang={view.language ?? undefined}>
          {view.abstract}
        </div>
        {view.keywords.length > 0 && (
          <p>
            {t('abstracts.keywords')} {view.keywords.join(', ')}
          </p>
        )}
        {view.references && (
          <>
            <h3>{t('proposal.references')}</h3>
            <p className="pre-line">{view.references}</p>
          </>
        )}
        {(view.language || view.format) && (
          <p>
            {view.language && t('review.language', { language: view.language === 'fr' ? 'Français' : 'English' })}
            {view.language && view.format && ' · '}
            {view.format && (view.format === 'online' ? t('proposal.online') : t('proposal.onSite'))}
          </p>
        )}
        {answers.length > 0 && (
          <dl className="call-dates">
            {answers.map(([key, value]) => {
              const q = call?.questions.find((x) => x.key === key);
              return (
                <div key={key}>
                  <dt>{(q && pickText(q.label, labels.lang, labels.main)) ?? key}</dt>
                  <dd>{typeof value === 'boolean' ? (value ? t('proposal.yes') : t('proposal.no')) : String(value)}</dd>
                </div>
              );
            })}
          </dl>
        )}
        {view.otherProposalsOfSubmitter && view.otherProposalsOfSubmitter.length > 0 && (
          <>
            <h3>{t('review.otherProposals')}</h3>
            <ul>
              {view.otherProposalsOfSubmitter.map((o) => (
                <li key={o.id}>{o.title}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="review-form-title">
        <h2 id="review-form-title">{t('review.myReview')}</h2>
        <p aria-live="polite">
          <strong>{t('review.state', { state: submitted ? t('reviews.submitted') : mine ? t('reviews.draft') : t('reviews.to_do') })}</strong>
        </p>
        <p role="status">{said}</p>
        {failure !== undefined && (
          <div className="notice notice-error" role="alert" tabIndex={-1} ref={refusal}>
            <p>{errorText(failure)}</p>
          </div>
        )}
        <form noValidate className="form" onSubmit={send(true)} aria-labelledby="review-form-title">
          <ErrorSummary errors={errors} labels={fieldLabels} summaryRef={summaryRef} />
          {view.criteria.map((c) => {
            const label = fieldLabels[`scores.${c.key}`];
            const error = errors[`scores.${c.key}`];
            return (
              <fieldset key={c.key} id={`field-scores.${c.key}`} tabIndex={-1} className={`field scores${error ? ' field-invalid' : ''}`} aria-describedby={error ? `scores-${c.key}-error` : undefined}>
                <legend>
                  {label} <span className="muted">{t('review.weight', { weight: formatNumber(c.weight, labels.lang) })}</span>
                </legend>
                {error && (
                  <p id={`scores-${c.key}-error`} className="field-error">
                    {error}
                  </p>
                )}
                <div className="radio-row">
                  {Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i).map((score) => (
                    <label key={score} className="radio">
                      <input type="radio" value={String(score)} {...form.register(`scores.${c.key}`)} />
                      {t(`review.score${score}`, { score })}
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          })}
          <FormSelect
            form={form}
            name="recommendation"
            label={fieldLabels.recommendation}
            errors={errors}
            required
            options={[{ value: '', label: t('review.choose') }, ...RECOMMENDATIONS.map((r) => ({ value: r, label: t(`recommendation.${r}`) }))]}
          />
          <FormText form={form} name="commentToAuthors" label={fieldLabels.commentToAuthors} hint={t('review.commentToAuthorsHint')} errors={errors} multiline />
          <FormText form={form} name="commentToCommittee" label={fieldLabels.commentToCommittee} hint={t('review.commentToCommitteeHint')} errors={errors} multiline />
          <p className="button-row">
            {!submitted && (
              <button type="button" className="button" disabled={busy} onClick={send(false)}>
                {t('review.saveDraft')}
              </button>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              {submitted ? t('review.update') : t('review.submit')}
            </button>
          </p>
        </form>
      </section>
      {view.otherReviews && (
        <section aria-labelledby="other-reviews">
          <h2 id="other-reviews">{t('review.otherReviews')}</h2>
          {view.otherReviews.length === 0 && <p>{t('review.noOtherReviews')}</p>}
          {view.otherReviews.map((r, i) => (
            <section key={i} className="card" aria-labelledby={`other-${i}`}>
              <h3 id={`other-${i}`} className="card-title">
                {r.reviewer}
              </h3>
              <p>
                {t(`recommendation.${r.recommendation}`)}
                {r.weightedScore !== null && ` · ${t('review.weighted', { score: formatNumber(r.weightedScore, labels.lang) })}`}
              </p>
              <ul>
                {view.criteria.map((c) => (
                  <li key={c.key}>
                    {t('review.scoreOf', { criterion: fieldLabels[`scores.${c.key}`], score: r.scores[c.key] ?? '—' })}
                  </li>
                ))}
              </ul>
              {r.commentToAuthors && (
                <p className="pre-line">
                  <strong>{t('review.commentToAuthors')}</strong> {r.commentToAuthors}
                </p>
              )}
              {r.commentToCommittee && (
                <p className="pre-line">
                  <strong>{t('review.commentToCommittee')}</strong> {r.commentToCommittee}
                </p>
              )}
            </section>
          ))}
        </section>
      )}
      <Conflict token={token} proposalId={view.id} onDone={onConflict} />
    </article>
  );
}

/** "I have a conflict of interest", after a confirmation: the proposal leaves my list. */
function Conflict({ token, proposalId, onDone }: { token: string; proposalId: string; onDone: () => void }) {
  const { t } = useTranslation('call');
  const errorText = useErrorText();
  const [asking, setAsking] = useState(false);
  const declare = useMutation({
    mutationFn: () => callApi.conflict(token, proposalId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: callKeys.myReviews(token), exact: true });
      queryClient.removeQueries({ queryKey: callKeys.review(token, proposalId) });
      onDone();
    },
  });
  return (
    <section aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('review.conflictTitle')}</h2>
      {!asking ? (
        <p>
          <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
            {t('review.conflict')}
          </button>
        </p>
      ) : (
        <div className="notice" role="group" aria-labelledby="conflict-ask">
          <p id="conflict-ask">{t('review.conflictAsk')}</p>
          <p className="button-row">
            <button type="button" className="button button-danger" autoFocus disabled={declare.isPending} onClick={() => declare.mutate()}>
              {t('review.conflictYes')}
            </button>
            <button type="button" className="button" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </p>
        </div>
      )}
      {declare.isError && (
        <p className="notice notice-error" role="alert">
          {errorText(declare.error)}
        </p>
      )}
    </section>
  );
}

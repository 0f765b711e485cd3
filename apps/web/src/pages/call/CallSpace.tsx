import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { PersonalSpaceView, ProposalView } from '@amphi/contracts';
import { ErrorMessage, Loading } from '../../components/Status';
import { useErrorText } from '../../components/useErrorText';
import { queryClient } from '../../query';
import { callApi, callKeys, callQueries } from './client';
import { ProposalList } from './MyProposalsPage';
import { useStateText } from './common';
import './texts';

/** Lists this short are shown in the personal space itself; longer ones only on their page. */
const INLINE_MAX = 5;

/**
 * The call's part of the personal space (/me): a submitter's proposals, a reviewer's proposals to
 * review, and, opened from an acceptance mail (`/me?confirm=<proposalId>#<link>`), the one-click answer.
 */
export function CallSpace({ space, accessToken, confirmId }: { space: PersonalSpaceView; accessToken: string; confirmId: string | null }) {
  return (
    <>
      {space.submitter && confirmId && <ConfirmProposal token={accessToken} proposalId={confirmId} />}
      {space.submitter && <MyProposalsSection token={accessToken} />}
      {space.reviewer && <MyReviewsSection token={accessToken} />}
    </>
  );
}

function MyProposalsSection({ token }: { token: string }) {
  const { t } = useTranslation('call');
  const read = useQuery(callQueries.myProposals(token));
  return (
    <section aria-labelledby="me-proposals">
      <h2 id="me-proposals">{t('mine.title')}</h2>
      {read.isError && <ErrorMessage error={read.error} onRetry={() => void read.refetch()} />}
      {read.isPending && <Loading />}
      {read.data && read.data.proposals.length <= INLINE_MAX && <ProposalList data={read.data} headingLevel={3} />}
      {read.data && read.data.proposals.length > INLINE_MAX && <p>{t('mine.count', { count: read.data.proposals.length })}</p>}
      <p>
        <Link className="button" to="/me/proposals">
          {t('mine.open')}
        </Link>
      </p>
    </section>
  );
}

function MyReviewsSection({ token }: { token: string }) {
  const { t } = useTranslation('call');
  const read = useQuery(callQueries.myReviews(token));
  const done = read.data?.items.filter((i) => i.status === 'submitted').length ?? 0;
  return (
    <section aria-labelledby="me-reviews">
      <h2 id="me-reviews">{t('reviews.title')}</h2>
      {read.isError && <ErrorMessage error={read.error} onRetry={() => void read.refetch()} />}
      {read.data && <p>{read.data.items.length ? t('reviews.progress', { done, count: read.data.items.length }) : t('reviews.none')}</p>}
      <p>
        <Link className="button" to="/me/reviews">
          {t('reviews.open')}
        </Link>
      </p>
    </section>
  );
}

/** "Confirm that I will present …" / "I can no longer present it": one click, the result said aloud. */
function ConfirmProposal({ token, proposalId }: { token: string; proposalId: string }) {
  const { t } = useTranslation('call');
  const errorText = useErrorText();
  const stateText = useStateText();
  const read = useQuery(callQueries.proposal(token, proposalId));
  const [said, setSaid] = useState('');
  const answer = useMutation({
    mutationFn: (confirm: boolean) => callApi.confirm(token, proposalId, confirm),
    onSuccess: (p: ProposalView) => {
      queryClient.setQueryData(callKeys.proposal(token, p.id), p);
      void queryClient.invalidateQueries({ queryKey: callKeys.myProposals(token), exact: true });
      setSaid(p.state === 'confirmed' ? t('decision.confirmedNow') : t('decision.declinedNow'));
    },
  });
  const p = read.data;
  const awaiting = p && (p.state === 'accepted' || p.state === 'accepted_as_poster');
  return (
    <section aria-labelledby="me-confirm-title" className="card call-card">
      <h2 id="me-confirm-title">{t('decision.confirmTitle')}</h2>
      {read.isError && <ErrorMessage error={read.error} />}
      {p && (
        <>
          <p>
            <Link to={`/me/proposals/${p.id}`}>{p.title}</Link> — {stateText(p.state)}
          </p>
          {awaiting && (
            <p className="button-row">
              <button type="button" className="button button-primary" disabled={answer.isPending} onClick={() => answer.mutate(true)}>
                {t('decision.confirm', { title: p.title })}
              </button>
              <button type="button" className="button button-danger" disabled={answer.isPending} onClick={() => answer.mutate(false)}>
                {t('decision.decline')}
              </button>
            </p>
          )}
        </>
      )}
      {answer.isError && (
        <p className="notice notice-error" role="alert">
          {errorText(answer.error)}
        </p>
      )}
      <p role="status" aria-live="polite">
        {said}
      </p>
    </section>
  );
}

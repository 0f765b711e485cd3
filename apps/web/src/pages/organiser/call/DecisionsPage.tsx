import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CallSettingsView, DecisionMailPreview, ProposalAdminView } from '@amphi/contracts';
import { ErrorMessage, Loading } from '../../../components/Status';
import { formatDateTime } from '../../../format';
import { queryClient } from '../../../query';
import { LoadError } from '../OrganiserLayout';
import { CallFrame } from './CallNav';
import { allProposals, callApi, callKeys } from './client';
import { useCallLabels } from './labels';
import { Unconfirmed } from './ProposalsPage';

/** `/organiser/events/:eventId/call/decisions`: the prepared decisions, their mails previewed, then sent together; who confirmed, who did not, who declined. */
export function DecisionsPage() {
  return <CallFrame titleKey="decisions.heading">{({ call, eventId }) => <Decisions eventId={eventId} call={call!} />}</CallFrame>;
}

function Decisions({ eventId, call }: { eventId: string; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t, lang } = L;
  const proposals = useQuery({ queryKey: [...callKeys.all(eventId), 'all-proposals'], queryFn: ({ signal }) => allProposals(eventId, signal) });
  const [includeComments, setIncludeComments] = useState(false);
  const [previews, setPreviews] = useState<DecisionMailPreview[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const preview = useMutation({
    mutationFn: () => callApi.previewDecisions(eventId, { includeReviewerComments: includeComments }),
    onSuccess: (answer) => {
      setSent(null);
      setPreviews(answer.previews);
    },
  });
  const send = useMutation({
    mutationFn: () => callApi.sendDecisions(eventId, { includeReviewerComments: includeComments }),
    onSuccess: (answer) => {
      setSent(answer.sent);
      setPreviews(null);
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: callKeys.all(eventId), predicate: (q) => q.queryKey[4] !== 'settings' });
    },
  });
  const questionRef = useRef<HTMLParagraphElement>(null);
  const previewsRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
  }, [confirming]);
  // The previews take the focus once, when they arrive.
  useEffect(() => {
    if (previews) previewsRef.current?.focus();
  }, [previews]);
  if (proposals.isError) return <LoadError error={proposals.error} onRetry={() => void proposals.refetch()} />;
  if (proposals.isPending) return <Loading />;
  const all = proposals.data;
  const prepared = all.filter((p) => p.preparedDecision !== null && (!p.decisionSentAt || p.preparedDecision !== p.decision));
  const accepted = all.filter((p) => p.decisionSentAt && (p.decision === 'accepted' || p.decision === 'accepted_as_poster') && !p.declinedAt);
  const waiting = accepted.filter((p) => !p.confirmedAt);
  const confirmed = accepted.filter((p) => p.confirmedAt);
  const declined = all.filter((p) => p.declinedAt || p.state === 'declined');
  const titleOf = (id: string) => all.find((p) => p.id === id)?.title ?? '';
  const link = (p: ProposalAdminView) => <Link to={`/organiser/events/${eventId}/call/proposals/${p.id}`}>{p.title}</Link>;
  return (
    <>
      <section aria-labelledby="prepared-heading">
        <h2 id="prepared-heading">{t('decisions.prepared')}</h2>
        {prepared.length === 0 ? (
          <p>{t('decisions.nonePrepared')}</p>
        ) : (
          <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-labelledby="prepared-heading">
            <table className="call-table">
              <thead>
                <tr>
                  <th scope="col">{t('proposals.title')}</th>
                  <th scope="col">{t('proposals.submitter')}</th>
                  <th scope="col">{t('proposals.mean')}</th>
                  <th scope="col">{t('decisions.decision')}</th>
                  <th scope="col">{t('decisions.message')}</th>
                </tr>
              </thead>
              <tbody>
                {prepared.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{link(p)}</th>
                    <td>{p.submitter.name}</td>
                    <td>{L.score(p.score.mean)}</td>
                    <td>{L.decision(p.preparedDecision)}</td>
                    <td>{p.preparedMessage ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="checkbox">
          <input
            id="include-comments"
            type="checkbox"
            checked={includeComments}
            onChange={(e) => {
              setIncludeComments(e.target.checked);
              setPreviews(null);
              setConfirming(false);
            }}
          />
          <label htmlFor="include-comments">{t('decisions.includeComments')}</label>
        </div>
        <p className="button-row">
          <button type="button" className="button" disabled={preview.isPending || prepared.length === 0} onClick={() => preview.mutate()}>
            {t('decisions.preview')}
          </button>
        </p>
        {preview.isError && <ErrorMessage error={preview.error} />}
      </section>

      {previews && (
        <section aria-labelledby="previews-heading" className="notice" tabIndex={-1} ref={previewsRef}>
          <h2 id="previews-heading">{t('decisions.previews', { count: previews.length })}</h2>
          {previews.map((m, i) => (
            <article key={`${m.proposalId}-${i}`} className="card" aria-labelledby={`mail-${i}`}>
              <h3 id={`mail-${i}`}>{t('decisions.mailFor', { title: titleOf(m.proposalId) })}</h3>
              <dl className="details">
                <dt>{t('decisions.to')}</dt>
                <dd>{m.to}</dd>
                <dt>{t('decisions.language')}</dt>
                <dd>{t(`common.languages.${m.language}`)}</dd>
                <dt>{t('decisions.subject')}</dt>
                <dd lang={m.language}>{m.subject}</dd>
              </dl>
              <pre className="mail-preview" lang={m.language} tabIndex={0} aria-label={t('decisions.text')} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {m.text}
              </pre>
            </article>
          ))}
          {!confirming && (
            <p className="button-row">
              <button type="button" className="button button-primary" disabled={previews.length === 0} onClick={() => setConfirming(true)}>
                {t('decisions.send', { count: previews.length })}
              </button>
            </p>
          )}
          {confirming && (
            <div className="confirm">
              <p ref={questionRef} tabIndex={-1}>
                <strong>{t('decisions.confirmQuestion', { count: previews.length })}</strong>
              </p>
              <p className="button-row">
                <button type="button" className="button button-danger" disabled={send.isPending} onClick={() => send.mutate()}>
                  {t('decisions.confirmSend', { count: previews.length })}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
              </p>
            </div>
          )}
          {send.isError && <ErrorMessage error={send.error} />}
        </section>
      )}
      <p role="status" aria-live="polite">
        {sent !== null ? t('decisions.sent', { count: sent }) : ''}
      </p>

      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('decisions.answers')}</h2>
        <p>{t('decisions.answersSummary', { accepted: accepted.length, confirmed: confirmed.length, waiting: waiting.length, declined: declined.length })}</p>
        {waiting.length > 0 && (
          <>
            <h3>{t('decisions.waiting')}</h3>
            <ul>
              {waiting.map((p) => (
                <li key={p.id}>
                  {link(p)} — {p.submitter.name}, {t('decisions.sentOn', { when: formatDateTime(p.decisionSentAt!, call.timeZone, lang) })}
                  {p.unconfirmed && <Unconfirmed />}
                </li>
              ))}
            </ul>
          </>
        )}
        {declined.length > 0 && (
          <>
            <h3>{t('decisions.declined')}</h3>
            <ul>
              {declined.map((p) => (
                <li key={p.id}>
                  {link(p)} — {p.submitter.name}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

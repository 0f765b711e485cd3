import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionView } from '@amphi/contracts';

/** QUESTION_MAX_LENGTH in the contracts (copied: a value import would load their zod schemas here). */
const QUESTION_MAX_LENGTH = 500;
import type { useQa } from './use-qa';

type Qa = ReturnType<typeof useQa>;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The Q&A: the highlighted question, asking (anonymously if wished), voting, sorting, raising a hand. */
export function QaPanel({ qa, identity }: { qa: Qa; identity: string | null }) {
  const { t } = useTranslation('live');
  const [order, setOrder] = useState<'votes' | 'time'>('votes');
  const highlighted = qa.questions.find((q) => q.id === qa.highlightedQuestionId) ?? null;
  const visible = useMemo(() => {
    const list = qa.questions.filter((q) => q.state === 'approved' || q.state === 'answered');
    return list.sort((a, b) => (order === 'votes' ? b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
  }, [qa.questions, order]);
  const mine = qa.questions.filter((q) => q.mine);
  const myHand = identity ? qa.hands.some((h) => h.participantKey === identity) : false;
  const [handError, setHandError] = useState('');

  return (
    <section className="qa" aria-labelledby="qa-title">
      <h2 id="qa-title">{t('qa.title')}</h2>
      {!qa.connected && <p className="muted">{t('qa.connecting')}</p>}
      {qa.error && <p className="error" role="alert">{qa.error.message}</p>}
      <div className="highlighted" aria-live="polite" aria-atomic="true">
        {highlighted && (
          <div className="highlighted-question" data-question-id={highlighted.id}>
            <h3>{t('qa.highlighted')}</h3>
            <p className="highlighted-text">{highlighted.text}</p>
            {highlighted.authorName && <p className="muted">{highlighted.authorName}</p>}
          </div>
        )}
      </div>
      <AskForm qa={qa} />
      {mine.length > 0 && (
        <>
          <h3>{t('qa.mine')}</h3>
          <ul className="questions mine">
            {mine.map((q) => (
              <li key={q.id} className="question" data-state={q.state}>
                <p>{q.text}</p>
                <p className="question-state">
                  {t(`qa.state.${q.state}`)}
                  {q.state === 'dismissed' && q.dismissReason ? ` — ${t('qa.reason', { reason: q.dismissReason })}` : ''}
                </p>
                {q.answer && <p>{t('qa.answer', { answer: q.answer })}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="qa-head">
        <h3>{t('qa.questions')}</h3>
        <label>
          {t('qa.sort')}{' '}
          <select value={order} onChange={(e) => setOrder(e.target.value as 'votes' | 'time')}>
            <option value="votes">{t('qa.byVotes')}</option>
            <option value="time">{t('qa.byTime')}</option>
          </select>
        </label>
      </div>
      {visible.length === 0 ? (
        <p className="muted">{t('qa.none')}</p>
      ) : (
        <ul className="questions">
          {visible.map((q) => (
            <QuestionItem key={q.id} q={q} qa={qa} />
          ))}
        </ul>
      )}
      <div className="hand">
        <button
          type="button"
          className="button"
          aria-pressed={myHand}
          onClick={() => {
            setHandError('');
            qa.hand(!myHand).catch((e: unknown) => setHandError(errorText(e)));
          }}
        >
          {myHand ? t('qa.lowerHand') : t('qa.raiseHand')}
        </button>
        {handError && <span className="error" role="alert">{handError}</span>}
      </div>
    </section>
  );
}

function QuestionItem({ q, qa }: { q: QuestionView; qa: Qa }) {
  const { t } = useTranslation('live');
  const [error, setError] = useState('');
  return (
    <li className={`question${q.highlighted ? ' is-highlighted' : ''}`} data-question-id={q.id} data-state={q.state}>
      <p>
        {q.pinned && <span className="badge">{t('qa.pinned')}</span>} {q.text}
      </p>
      <p className="muted">
        {q.authorName ?? t('qa.anonymous')} · {t(`qa.state.${q.state}`)}
        {q.answer ? ` — ${t('qa.answer', { answer: q.answer })}` : ''}
      </p>
      <button
        type="button"
        className="button vote"
        onClick={() => {
          setError('');
          qa.vote(q.id, !q.votedByMe).catch((e: unknown) => setError(errorText(e)));
        }}
      >
        <span aria-hidden="true">▲ </span>
        {q.votedByMe ? t('qa.unvote', { count: q.votes }) : t('qa.vote', { count: q.votes })}
      </button>
      {error && <span className="error" role="alert">{error}</span>}
    </li>
  );
}

function AskForm({ qa }: { qa: Qa }) {
  const { t } = useTranslation('live');
  const id = useId();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // One clientId per question being written: a retry after a failure answers the same question.
  const [clientId, setClientId] = useState(() => crypto.randomUUID());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setMessage({ kind: 'error', text: t('qa.empty') });
    setBusy(true);
    setMessage(null);
    try {
      const q = await qa.ask(text.trim(), anonymous, clientId);
      setText('');
      setClientId(crypto.randomUUID());
      setMessage({ kind: 'ok', text: q.state === 'pending' ? t('qa.sentPending') : t('qa.sent') });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="ask" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('qa.ask')}</h3>
      <label htmlFor={`${id}-text`}>{t('qa.yourQuestion')}</label>
      <textarea id={`${id}-text`} value={text} maxLength={QUESTION_MAX_LENGTH} rows={3} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="muted">
        {t('qa.hint', { count: QUESTION_MAX_LENGTH - text.length })}
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t('qa.anonymously')}
      </label>
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('qa.send')}
      </button>
      <p role="status" className={message?.kind === 'error' ? 'error' : 'success'}>
        {message?.text ?? ''}
      </p>
    </form>
  );
}

import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveStateView, QaAbilities, QuestionView } from '@amphi/contracts';
import { useLanguage } from '../i18n';
import { formatWhen, viewerTimeZone } from '../format';
import { liveErrorText, type LiveQa } from './live-api';
import { useErrorsT } from '../components/useErrorText';

/** QUESTION_MAX_LENGTH in the contracts (copied: a value import would load their zod schemas here). */
const QUESTION_MAX_LENGTH = 500;

/** The live room's error text, in the reader's language (live-api.ts, error-text.ts). */
export function useLiveErrorText() {
  const t = useErrorsT();
  const lang = useLanguage();
  return (error: unknown) => liveErrorText(error, t, lang);
}

/**
 * The Q&A: the highlighted question, asking (anonymously if wished), voting, sorting, raising a hand.
 * What a person may do comes from the server (`qa.can`); once the session has ended, asking, voting
 * and raising a hand go away, and the panel says why.
 */
export function QaPanel({ qa, identity, live, moderator }: { qa: LiveQa; identity: string | null; live: LiveStateView | null; moderator: boolean }) {
  const { t } = useTranslation('live');
  const lang = useLanguage();
  const errorText = useLiveErrorText();
  const [order, setOrder] = useState<'votes' | 'time'>('votes');
  const highlighted = qa.questions.find((q) => q.id === qa.highlightedQuestionId) ?? null;
  const visible = useMemo(() => {
    const list = qa.questions.filter((q) => q.state === 'approved' || q.state === 'answered');
    return list.sort((a, b) => (order === 'votes' ? b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
  }, [qa.questions, order]);
  const mine = qa.questions.filter((q) => q.mine);
  const myHand = identity ? qa.hands.some((h) => h.participantKey === identity) : false;
  const [handError, setHandError] = useState('');

  const ended = live?.state === 'ended';
  // The server's abilities hold for the room's state they were given in: once it changed (ended,
  // reopened), until the next join or sync, the room's state decides (the server still checks).
  const given = useRef<{ can: QaAbilities | null; state: string | null }>({ can: null, state: null });
  if (given.current.can !== (qa.can ?? null)) given.current = { can: qa.can ?? null, state: live?.state ?? null };
  else if (given.current.state === null && live) given.current = { ...given.current, state: live.state };
  const can = given.current.state === (live?.state ?? null) ? (qa.can ?? null) : null;
  const mayAsk = !ended && (can ? can.ask : true);
  const mayVote = !ended && (can ? can.vote : true);
  const mayRaiseHand = !ended && !moderator && (can ? can.raiseHand : live?.state === 'live');
  const opensAt = qa.settings?.opensAt && Date.parse(qa.settings.opensAt) > Date.now() ? qa.settings.opensAt : null;
  const closedWhy = ended ? t('qa.closedEnded') : mayAsk ? null : opensAt ? t('qa.closedBefore', { when: formatWhen(opensAt, viewerTimeZone(), lang) }) : can ? t('qa.closedAfter') : null;

  return (
    <section className="qa panel" aria-labelledby="qa-title">
      <h2 id="qa-title">{t('qa.title')}</h2>
      {!qa.connected && !qa.closed && <p className="muted">{t('qa.connecting')}</p>}
      {qa.error && (
        <p className="error" role="alert">
          {errorText(qa.error)}
        </p>
      )}
      <div className="highlighted" aria-live="polite" aria-atomic="true">
        {highlighted && (
          <div className="highlighted-question" data-question-id={highlighted.id}>
            <h3>{t('qa.highlighted')}</h3>
            <p className="highlighted-text">{highlighted.text}</p>
            {highlighted.authorName && <p className="muted">{highlighted.authorName}</p>}
          </div>
        )}
      </div>
      {closedWhy && (
        <p className="notice qa-closed" role="status" data-reason={ended ? 'ended' : 'closed'}>
          {closedWhy}
        </p>
      )}
      {mayRaiseHand && (
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
          {handError && (
            <span className="error" role="alert">
              {handError}
            </span>
          )}
        </div>
      )}
      {!mayRaiseHand && !moderator && !ended && live && live.state !== 'live' && <p className="muted">{t('qa.handBefore')}</p>}
      {mayAsk && <AskForm qa={qa} preModerated={qa.settings?.preModeration === true && !moderator} />}
      {mine.length > 0 && (
        <>
          <h3>{t('qa.mine')}</h3>
          <ul className="questions mine">
            {mine.map((q) => (
              <li key={q.id} className="question" data-state={q.state}>
                <p>{q.text}</p>
                <p className="question-state">
                  <span className="badge">{t(`qa.state.${q.state}`)}</span>
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
            <QuestionItem key={q.id} q={q} qa={qa} mayVote={mayVote} />
          ))}
        </ul>
      )}
    </section>
  );
}

function QuestionItem({ q, qa, mayVote }: { q: QuestionView; qa: LiveQa; mayVote: boolean }) {
  const { t } = useTranslation('live');
  const errorText = useLiveErrorText();
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
      {mayVote ? (
        <button
          type="button"
          className="button vote"
          aria-pressed={q.votedByMe}
          onClick={() => {
            setError('');
            qa.vote(q.id, !q.votedByMe).catch((e: unknown) => setError(errorText(e)));
          }}
        >
          <span aria-hidden="true">▲ </span>
          {q.votedByMe ? t('qa.unvote', { count: q.votes }) : t('qa.vote', { count: q.votes })}
        </button>
      ) : (
        <p className="votes">{t('qa.votes', { count: q.votes })}</p>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}

function AskForm({ qa, preModerated }: { qa: LiveQa; preModerated: boolean }) {
  const { t } = useTranslation('live');
  const errorText = useLiveErrorText();
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
        {preModerated ? ` ${t('qa.preModerated')}` : ''}
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

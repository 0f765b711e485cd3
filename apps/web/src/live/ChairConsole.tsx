import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveRoomView, LiveStateView, QuestionView } from '@amphi/contracts';
import { liveApi } from './live-api';
import type { useQa } from './use-qa';

type Qa = ReturnType<typeof useQa>;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The chair's (and organiser's) console: the room's state, the question queue, hands, participants, recording. */
export function ChairConsole({ qa, token, sessionId, live, onLive }: { qa: Qa; token: string; sessionId: string; live: LiveStateView | null; onLive: (l: LiveStateView) => void }) {
  const { t } = useTranslation('live');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [room, setRoom] = useState<LiveRoomView | null>(null);

  const run = useCallback(async <T,>(action: () => Promise<T>, done?: (r: T) => void, ok?: string) => {
    setError('');
    setNotice('');
    try {
      const r = await action();
      done?.(r);
      if (ok) setNotice(ok);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  const refreshRoom = useCallback(() => {
    liveApi.room(token, sessionId).then(setRoom, () => undefined);
  }, [token, sessionId]);
  useEffect(() => {
    refreshRoom();
    const timer = setInterval(refreshRoom, 10_000);
    return () => clearInterval(timer);
  }, [refreshRoom]);

  const state = live?.state;
  const queue = qa.questions.filter((q) => q.state === 'pending' || q.state === 'approved').sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.createdAt.localeCompare(b.createdAt));

  return (
    <section className="console" aria-labelledby="console-title">
      <h2 id="console-title">{t('chair.title')}</h2>
      <div role="status" aria-live="polite">
        {error && <p className="error">{error}</p>}
        {notice && <p className="success">{notice}</p>}
      </div>
      <div className="toolbar">
        {state !== 'live' && state !== 'ended' && (
          <button type="button" className="button button-primary" onClick={() => void run(() => liveApi.goLive(token, sessionId), onLive, t('chair.wentLive'))}>
            {t('chair.goLive')}
          </button>
        )}
        {state === 'live' && (
          <button type="button" className="button button-danger" onClick={() => void run(() => liveApi.end(token, sessionId), onLive, t('chair.ended'))}>
            {t('chair.end')}
          </button>
        )}
        <button type="button" className="button" onClick={() => void run(() => liveApi.recordingStart(token, sessionId), undefined, t('chair.recordingStarted'))}>
          {t('chair.recordStart')}
        </button>
        <button type="button" className="button" onClick={() => void run(() => liveApi.recordingStop(token, sessionId), undefined, t('chair.recordingStopped'))}>
          {t('chair.recordStop')}
        </button>
      </div>

      <h3>{t('chair.queue')}</h3>
      {queue.length === 0 ? (
        <p className="muted">{t('chair.noQuestions')}</p>
      ) : (
        <ul className="questions">
          {queue.map((q) => (
            <ModeratedQuestion key={q.id} q={q} qa={qa} others={queue.filter((o) => o.id !== q.id)} />
          ))}
        </ul>
      )}

      <h3>{t('chair.hands')}</h3>
      {qa.hands.length === 0 ? (
        <p className="muted">{t('chair.noHands')}</p>
      ) : (
        <ul className="hands">
          {qa.hands.map((h) => (
            <li key={h.participantKey}>
              {h.name}{' '}
              <button type="button" className="button" onClick={() => void run(() => liveApi.invite(token, sessionId, h.participantKey), setRoom, t('chair.invited', { name: h.name }))}>
                {t('chair.invite', { name: h.name })}
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="qa-head">
        <h3>{t('chair.participants')}</h3>
        <button type="button" className="button" onClick={refreshRoom}>
          {t('chair.refresh')}
        </button>
      </div>
      <ul className="participants">
        {(room?.participants ?? []).map((p) => (
          <Participant key={p.identity} p={p} run={run} token={token} sessionId={sessionId} setRoom={setRoom} />
        ))}
      </ul>
    </section>
  );
}

function Participant({
  p,
  run,
  token,
  sessionId,
  setRoom,
}: {
  p: LiveRoomView['participants'][number];
  run: <T>(a: () => Promise<T>, d?: (r: T) => void, ok?: string) => Promise<void>;
  token: string;
  sessionId: string;
  setRoom: (r: LiveRoomView) => void;
}) {
  const { t } = useTranslation('live');
  const id = useId();
  const [reason, setReason] = useState('');
  return (
    <li className="participant">
      <strong>{p.name}</strong> {p.role ? `(${t(`role.${p.role}`)})` : ''} {p.onStage ? `· ${t('chair.onStage')}` : ''}
      <div className="toolbar">
        {p.onStage && p.role === 'attendee' && (
          <button type="button" className="button" onClick={() => void run(() => liveApi.takeOff(token, sessionId, p.identity), setRoom)}>
            {t('chair.takeOff', { name: p.name })}
          </button>
        )}
        {p.tracks
          .filter((tr) => !tr.muted)
          .map((tr) => (
            <button key={tr.sid} type="button" className="button" onClick={() => void run(() => liveApi.mute(token, sessionId, p.identity, tr.sid), setRoom)}>
              {t('chair.mute', { name: p.name, source: tr.source })}
            </button>
          ))}
        <label htmlFor={`${id}-reason`}>{t('chair.removeReason')}</label>
        <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="button" className="button button-danger" onClick={() => void run(() => liveApi.remove(token, sessionId, p.identity, reason.trim() || undefined), setRoom)}>
          {t('chair.remove', { name: p.name })}
        </button>
      </div>
    </li>
  );
}

function ModeratedQuestion({ q, qa, others }: { q: QuestionView; qa: Qa; others: QuestionView[] }) {
  const { t } = useTranslation('live');
  const id = useId();
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState('');
  const [into, setInto] = useState('');
  const [error, setError] = useState('');
  const act = (input: Parameters<Qa['moderate']>[0]) => {
    setError('');
    qa.moderate(input).catch((e: unknown) => setError(errorText(e)));
  };
  const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return (
    <li className={`question${q.highlighted ? ' is-highlighted' : ''}`} data-question-id={q.id} data-state={q.state}>
      <p>
        <span className="badge">{t(`qa.state.${q.state}`)}</span> {q.text}
      </p>
      <p className="muted">
        {q.authorName ?? t('qa.anonymous')} · {t('qa.votes', { count: q.votes })}
      </p>
      <div className="toolbar" role="group" aria-label={t('chair.actionsFor', { text: short(q.text) })}>
        {q.state === 'pending' && (
          <button type="button" className="button button-primary" onClick={() => act({ questionId: q.id, action: 'approve' })}>
            {t('chair.approve')}
          </button>
        )}
        <button type="button" className="button" aria-pressed={q.highlighted} onClick={() => act({ questionId: q.id, action: q.highlighted ? 'unhighlight' : 'highlight' })}>
          {q.highlighted ? t('chair.unhighlight') : t('chair.highlight')}
        </button>
        <button type="button" className="button" aria-pressed={q.pinned} onClick={() => act({ questionId: q.id, action: q.pinned ? 'unpin' : 'pin' })}>
          {q.pinned ? t('chair.unpin') : t('chair.pin')}
        </button>
      </div>
      <details>
        <summary>{t('chair.more')}</summary>
        <div className="field-row">
          <label htmlFor={`${id}-answer`}>{t('chair.answerLabel')}</label>
          <input id={`${id}-answer`} value={answer} onChange={(e) => setAnswer(e.target.value)} />
          <button type="button" className="button" onClick={() => act(answer.trim() ? { questionId: q.id, action: 'answer', answer: answer.trim() } : { questionId: q.id, action: 'answer' })}>
            {t('chair.answer')}
          </button>
        </div>
        <div className="field-row">
          <label htmlFor={`${id}-reason`}>{t('chair.reasonLabel')}</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} required />
          <button
            type="button"
            className="button button-danger"
            onClick={() => (reason.trim() ? act({ questionId: q.id, action: 'dismiss', reason: reason.trim() }) : setError(t('chair.reasonRequired')))}
          >
            {t('chair.dismiss')}
          </button>
        </div>
        {others.length > 0 && (
          <div className="field-row">
            <label htmlFor={`${id}-into`}>{t('chair.mergeInto')}</label>
            <select id={`${id}-into`} value={into} onChange={(e) => setInto(e.target.value)}>
              <option value="">{t('chair.pick')}</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {short(o.text)}
                </option>
              ))}
            </select>
            <button type="button" className="button" disabled={!into} onClick={() => act({ questionId: q.id, action: 'merge', intoQuestionId: into })}>
              {t('chair.merge')}
            </button>
          </div>
        )}
      </details>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

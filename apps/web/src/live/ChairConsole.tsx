import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { queryClient, queryKeys } from '../query';
import type { LiveParticipantView, LiveRoomView, LiveStateView, QuestionView, SessionRole } from '@amphi/contracts';
import { liveApi, untilText, type LiveQa } from './live-api';
import { useLiveErrorText } from './QaPanel';
import { useLanguage } from '../i18n';

type Run = <T>(action: () => Promise<T>, done?: (r: T) => void, ok?: string) => Promise<boolean>;

/** Re-renders when `iso` passes (bounded to a timer's range), so that what depends on the clock follows it. */
function useWhenPassed(iso: string | null | undefined): boolean {
  const at = iso ? Date.parse(iso) : NaN;
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!Number.isFinite(at) || at <= Date.now()) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(at - Date.now() + 100, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [at]);
  return !Number.isFinite(at) || at <= Date.now();
}

/**
 * The chair's (and organiser's) console: the room (go live, end after a confirmation, reopen a
 * session ended by mistake, recording, pre-moderation), then three tabs: the question queue, the
 * raised hands, the participants. `selfIdentity` is the console user's own identity in the room
 * (join.identity): no action is offered on oneself.
 */
export function ChairConsole({
  qa,
  token,
  sessionId,
  live,
  onLive,
  selfIdentity,
  role,
}: {
  qa: LiveQa;
  token: string;
  sessionId: string;
  live: LiveStateView | null;
  onLive: (l: LiveStateView) => void;
  selfIdentity: string | null;
  role: SessionRole | null;
}) {
  const { t } = useTranslation('live');
  const errorText = useLiveErrorText();
  const id = useId();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [tab, setTab] = useState<'queue' | 'hands' | 'participants'>('queue');

  const run: Run = useCallback(
    async (action, done, ok) => {
      setError('');
      setNotice('');
      try {
        const r = await action();
        done?.(r);
        if (ok) setNotice(ok);
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      }
    },
    // errorText changes with the language only
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  const state = live?.state;
  // Who is in the room, read again every 5 s while the session is not over; a failed read is said in
  // the participants' tab (the last list stays shown).
  const roomRead = useQuery({
    queryKey: queryKeys.liveRoom(sessionId),
    queryFn: ({ signal }) => liveApi.room(token, sessionId, signal),
    refetchInterval: state === 'ended' ? false : 5_000,
  });
  const room = roomRead.data ?? null;
  const refreshRoom = () => void roomRead.refetch();
  /** An action's answer is the room as it now is. */
  const setRoom = useCallback((r: LiveRoomView) => queryClient.setQueryData(queryKeys.liveRoom(sessionId), r), [sessionId]);

  const ended = state === 'ended';
  const settings = qa.settings;
  const lang = useLanguage();
  const closesPassed = useWhenPassed(settings?.closesAt);
  const answersOpen = ended && !!settings && settings.stayOpenMinutes > 0 && !closesPassed;
  const queue = qa.questions.filter((q) => q.state === 'pending' || q.state === 'approved').sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.createdAt.localeCompare(b.createdAt));
  const participants = room?.participants ?? [];

  const tabs: Array<{ key: typeof tab; label: string; content: ReactNode }> = [
    {
      key: 'queue',
      label: t('chair.tabQueue', { count: queue.length }),
      content: (
        <>
          <h3 className="visually-hidden">{t('chair.queue')}</h3>
          {ended && settings && (
            <p className="notice" role="status">
              {answersOpen ? t('chair.answerAfterEnd', { when: untilText(settings.closesAt, lang) }) : t('chair.closedAfterEnd')}
            </p>
          )}
          {queue.length === 0 ? (
            <p className="muted">{t('chair.noQuestions')}</p>
          ) : (
            <ul className="questions">
              {queue.map((q) => (
                <ModeratedQuestion key={q.id} q={q} qa={qa} others={queue.filter((o) => o.id !== q.id)} mode={!ended ? 'live' : answersOpen ? 'answers' : 'closed'} />
              ))}
            </ul>
          )}
        </>
      ),
    },
    {
      key: 'hands',
      label: t('chair.tabHands', { count: qa.hands.length }),
      content: (
        <>
          <h3 className="visually-hidden">{t('chair.hands')}</h3>
          {qa.hands.length === 0 ? (
            <p className="muted">{t('chair.noHands')}</p>
          ) : (
            <ul className="hands">
              {qa.hands.map((h) => (
                <li key={h.participantKey}>
                  {h.name}{' '}
                  {!ended && (
                    <button type="button" className="button" onClick={() => void run(() => liveApi.invite(token, sessionId, h.participantKey), setRoom, t('chair.invited', { name: h.name }))}>
                      {t('chair.invite', { name: h.name })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    },
    {
      key: 'participants',
      label: t('chair.tabParticipants', { count: participants.length }),
      content: (
        <>
          <div className="qa-head">
            <h3>{t('chair.participants')}</h3>
            <button type="button" className="button" onClick={refreshRoom}>
              {t('chair.refresh')}
            </button>
          </div>
          {roomRead.isError && (
            <p className="notice notice-error" role="status">
              {errorText(roomRead.error)}
            </p>
          )}
          {participants.length === 0 ? (
            <p className="muted">{t('chair.noParticipants')}</p>
          ) : (
            <ul className="participants">
              {participants.map((p) => (
                <Participant key={p.identity} p={p} self={p.identity === selfIdentity} mayRemoveOrganisers={selfIdentity?.startsWith('o:') ?? false} run={run} token={token} sessionId={sessionId} setRoom={setRoom} />
              ))}
            </ul>
          )}
        </>
      ),
    },
  ];

  return (
    <section className="console panel" aria-labelledby="console-title">
      <h2 id="console-title">{t('chair.title')}</h2>
      <div role="status" aria-live="polite" className="console-status">
        {error && <p className="error">{error}</p>}
        {notice && <p className="success">{notice}</p>}
      </div>
      <RoomControls live={live} token={token} sessionId={sessionId} onLive={onLive} run={run} qa={qa} />
      <Tabs id={id} label={t('chair.sections')} tabs={tabs} selected={tab} onSelect={setTab} />
    </section>
  );
}

/** Going live, ending (confirmed first), reopening, recording, pre-moderation. */
function RoomControls({ live, token, sessionId, onLive, run, qa }: { live: LiveStateView | null; token: string; sessionId: string; onLive: (l: LiveStateView) => void; run: Run; qa: LiveQa }) {
  const { t } = useTranslation('live');
  const lang = useLanguage();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);
  const reopenButton = useRef<HTMLButtonElement>(null);
  const state = live?.state;
  const reopenPassed = useWhenPassed(live?.reopenableUntil);
  const reopenable = state === 'ended' && !!live?.reopenableUntil && !reopenPassed;

  const end = async () => {
    setBusy(true);
    const ok = await run(() => liveApi.end(token, sessionId), onLive, t('chair.ended'));
    setBusy(false);
    setConfirming(false);
    if (ok) setTimeout(() => reopenButton.current?.focus(), 0);
  };
  const reopen = async () => {
    setBusy(true);
    await run(() => liveApi.reopen(token, sessionId), onLive, t('chair.reopened'));
    setBusy(false);
  };
  const cancel = () => {
    setConfirming(false);
    setTimeout(() => endButton.current?.focus(), 0);
  };

  return (
    <div className="room-controls" role="group" aria-labelledby={`${id}-room`}>
      <h3 id={`${id}-room`} className="visually-hidden">
        {t('chair.room')}
      </h3>
      <div className="toolbar">
        {state !== 'live' && state !== 'ended' && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void run(() => liveApi.goLive(token, sessionId), onLive, t('chair.wentLive'))}>
            {t('chair.goLive')}
          </button>
        )}
        {state === 'live' && !confirming && (
          <button ref={endButton} type="button" className="button button-danger" onClick={() => setConfirming(true)}>
            {t('chair.end')}
          </button>
        )}
        {state !== 'ended' && (
          <>
            <button type="button" className="button" onClick={() => void run(() => liveApi.recordingStart(token, sessionId), undefined, t('chair.recordingStarted'))}>
              {t('chair.recordStart')}
            </button>
            <button type="button" className="button" onClick={() => void run(() => liveApi.recordingStop(token, sessionId), undefined, t('chair.recordingStopped'))}>
              {t('chair.recordStop')}
            </button>
          </>
        )}
      </div>
      {confirming && state === 'live' && live && (
        <div className="confirm notice" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('chair.confirmEnd', { when: untilText(live.closesAt, lang) })}</p>
          <p className="toolbar">
            <button type="button" className="button button-danger" autoFocus disabled={busy} onClick={() => void end()}>
              {t('chair.confirmEndYes')}
            </button>
            <button type="button" className="button" onClick={cancel}>
              {t('chair.confirmEndNo')}
            </button>
          </p>
        </div>
      )}
      {reopenable && live?.reopenableUntil && (
        <div className="notice reopen">
          <p>{t('chair.reopenUntil', { when: untilText(live.reopenableUntil, lang) })}</p>
          <button ref={reopenButton} type="button" className="button button-primary" disabled={busy} onClick={() => void reopen()}>
            {t('chair.reopen')}
          </button>
        </div>
      )}
      <PreModerationSwitch qa={qa} run={run} />
      <StayOpenSetting qa={qa} run={run} />
    </div>
  );
}

/** Whether questions wait for a chair's approval before the room sees them (the session's Q&A setting). */
function PreModerationSwitch({ qa, run }: { qa: LiveQa; run: Run }) {
  const { t } = useTranslation('live');
  const id = useId();
  const [busy, setBusy] = useState(false);
  const on = qa.settings?.preModeration === true;
  const update = qa.updateSettings;
  return (
    <div className="switch-row">
      <input
        id={`${id}-premod`}
        type="checkbox"
        role="switch"
        aria-checked={on}
        checked={on}
        disabled={!qa.settings || !update || busy}
        aria-describedby={`${id}-premod-state`}
        onChange={(e) => {
          if (!update) return;
          const next = e.target.checked;
          setBusy(true);
          void run(() => update({ preModeration: next })).finally(() => setBusy(false));
        }}
      />
      <label htmlFor={`${id}-premod`}>{t('chair.preModeration')}</label>
      <p id={`${id}-premod-state`} className="muted" data-pre-moderation={on}>
        {on ? t('chair.preModerationOn') : t('chair.preModerationOff')}
      </p>
    </div>
  );
}

/** How long questions stay open after the session, for the chair's written answers (0: they close with it). */
function StayOpenSetting({ qa, run }: { qa: LiveQa; run: Run }) {
  const { t } = useTranslation('live');
  const id = useId();
  const current = qa.settings?.stayOpenMinutes;
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current !== undefined) setValue(String(current));
  }, [current]);
  const update = qa.updateSettings;
  const minutes = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(minutes) && minutes >= 0 && minutes <= 30 * 24 * 60;
  return (
    <form
      className="stay-open"
      onSubmit={(e) => {
        e.preventDefault();
        if (!update || !valid) return;
        setBusy(true);
        void run(() => update({ stayOpenMinutes: minutes }), undefined, t('chair.stayOpenSaved', { count: minutes })).finally(() => setBusy(false));
      }}
    >
      <label htmlFor={`${id}-stay`}>{t('chair.stayOpen')}</label>
      <span className="stay-open-row">
        <input id={`${id}-stay`} type="number" inputMode="numeric" min={0} max={30 * 24 * 60} value={value} onChange={(e) => setValue(e.target.value)} aria-describedby={`${id}-stay-hint`} aria-invalid={!valid || undefined} />
        <button type="submit" className="button" disabled={!qa.settings || !update || busy || !valid || minutes === current}>
          {t('chair.save')}
        </button>
      </span>
      <p id={`${id}-stay-hint`} className="muted">
        {t('chair.stayOpenHint')}
      </p>
    </form>
  );
}

/** Tabs (WAI-ARIA tabs pattern): arrow keys, Home and End move between them; every panel stays mounted. */
function Tabs<K extends string>({ id, label, tabs, selected, onSelect }: { id: string; label: string; tabs: Array<{ key: K; label: string; content: ReactNode }>; selected: K; onSelect: (k: K) => void }) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = tabs.length - 1;
    const next = e.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next === null) return;
    e.preventDefault();
    onSelect(tabs[next].key);
    refs.current.get(tabs[next].key)?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {tabs.map((tab, i) => (
          <button
            key={tab.key}
            ref={(el) => {
              if (el) refs.current.set(tab.key, el);
              else refs.current.delete(tab.key);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.key}`}
            aria-selected={selected === tab.key}
            aria-controls={`${id}-panel-${tab.key}`}
            tabIndex={selected === tab.key ? 0 : -1}
            className="tab"
            data-tab={tab.key}
            onClick={() => onSelect(tab.key)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.key} role="tabpanel" id={`${id}-panel-${tab.key}`} aria-labelledby={`${id}-tab-${tab.key}`} hidden={selected !== tab.key} tabIndex={0} className="tab-panel" data-panel={tab.key}>
          {tab.content}
        </div>
      ))}
    </div>
  );
}

const SOURCES = new Set(['microphone', 'camera', 'screen_share', 'screen_share_audio']);
const sourceKey = (source: string) => (SOURCES.has(source) ? source : 'unknown');

function Participant({
  p,
  self,
  mayRemoveOrganisers,
  run,
  token,
  sessionId,
  setRoom,
}: {
  p: LiveParticipantView;
  self: boolean;
  mayRemoveOrganisers: boolean;
  run: Run;
  token: string;
  sessionId: string;
  setRoom: (r: LiveRoomView) => void;
}) {
  const { t } = useTranslation('live');
  const id = useId();
  const [reason, setReason] = useState('');
  const tracks = p.tracks.map((tr) => ({ ...tr, name: t(`source.${sourceKey(tr.source)}`) }));
  return (
    <li className="participant" data-identity={p.identity} data-self={self || undefined}>
      <p>
        <strong>{p.name}</strong> {self ? t('chair.you') : ''} {p.role ? `(${t(`role.${p.role}`)})` : ''} {p.onStage ? `· ${t('chair.onStage')}` : ''} {p.hidden ? `· ${t('chair.hidden')}` : ''}
      </p>
      {tracks.length > 0 && (
        <p className="muted tracks">{tracks.map((tr) => (tr.muted ? t('chair.trackOff', { source: tr.name }) : t('chair.trackOn', { source: tr.name }))).join(' · ')}</p>
      )}
      {!self && (
        <div className="toolbar">
          {p.onStage && p.role === 'attendee' && (
            <button type="button" className="button" onClick={() => void run(() => liveApi.takeOff(token, sessionId, p.identity), setRoom)}>
              {t('chair.takeOff', { name: p.name })}
            </button>
          )}
          {tracks
            .filter((tr) => !tr.muted)
            .map((tr) => (
              <button
                key={tr.sid}
                type="button"
                className="button"
                data-source={tr.source}
                onClick={() => void run(() => liveApi.mute(token, sessionId, p.identity, tr.sid), setRoom, t('chair.muted', { name: p.name, source: tr.name }))}
              >
                {t(`chair.mute.${sourceKey(tr.source)}`, { name: p.name })}
              </button>
            ))}
          {(mayRemoveOrganisers || !p.identity.startsWith('o:')) && (
            <details className="remove">
              <summary>{t('chair.remove', { name: p.name })}</summary>
              <label htmlFor={`${id}-reason`}>{t('chair.removeReason')}</label>
              <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button
                type="button"
                className="button button-danger"
                onClick={() => void run(() => liveApi.remove(token, sessionId, p.identity, reason.trim() || undefined), setRoom, t('chair.removed', { name: p.name }))}
              >
                {t('chair.remove', { name: p.name })}
              </button>
            </details>
          )}
        </div>
      )}
    </li>
  );
}

/**
 * One question of the queue. Live: approve, highlight, pin, and (folded) answer, dismiss, merge.
 * After the session, while the Q&A stays open: a written answer only. Closed: read only.
 */
function ModeratedQuestion({ q, qa, others, mode }: { q: QuestionView; qa: LiveQa; others: QuestionView[]; mode: 'live' | 'answers' | 'closed' }) {
  const { t } = useTranslation('live');
  const errorText = useLiveErrorText();
  const id = useId();
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState('');
  const [into, setInto] = useState('');
  const [error, setError] = useState('');
  const act = (input: Parameters<LiveQa['moderate']>[0]) => {
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
      {mode === 'live' && (
        <>
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
        </>
      )}
      {mode === 'answers' && (
        <div className="field-row">
          <label htmlFor={`${id}-written`}>{t('chair.answerWritten')}</label>
          <textarea id={`${id}-written`} rows={2} value={answer} onChange={(e) => setAnswer(e.target.value)} />
          <button
            type="button"
            className="button button-primary"
            onClick={() => (answer.trim() ? act({ questionId: q.id, action: 'answer', answer: answer.trim() }) : setError(t('chair.answerRequired')))}
          >
            {t('chair.sendAnswer')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

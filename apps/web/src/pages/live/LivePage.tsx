import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { LiveJoinView, LiveStateView, SessionView } from '@amphi/contracts';
import '../../live/i18n';
import '../../live/live.css';
import { api, ApiError } from '../../api';
import { useLanguage } from '../../i18n';
import { formatWhen, viewerTimeZone } from '../../format';
import { pickText } from '../../components/Localized';
import { useDocumentTitle } from '../../components/Status';
import { exchangeLink, forgetAccess, storedAccessToken } from '../../personal-access';
import { organiserAccessToken } from '../../organiser-session';
import { errorBodyOf, liveApi, opensWhen, type LiveQa } from '../../live/live-api';
import { useQa } from '../../live/use-qa';
import { QaPanel, useLiveErrorText } from '../../live/QaPanel';
import { ChairConsole } from '../../live/ChairConsole';

// LiveKit's client is in its own chunk, loaded once the room may be entered.
const Stage = lazy(() => import('../../live/Stage').then((m) => ({ default: m.Stage })));

type Entry =
  | { kind: 'loading' }
  | { kind: 'no-link' }
  /** Not open yet (opensAt: when, if the server said), or too many people at once (retryInMs). */
  | { kind: 'waiting'; opensAt: string | null; retryInMs?: number; error?: unknown }
  /** The session has ended (the page shows it; it re-enters if a chair reopens it). */
  | { kind: 'ended' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'joined'; join: LiveJoinView };

const MODERATORS = new Set(['chair', 'organiser']);

/** `/events/:slug/sessions/:sessionId/live`: the stage, the Q&A and, for a chair, the console. */
export function LivePage() {
  const { slug = '', sessionId = '' } = useParams();
  const { t } = useTranslation('live');
  const lang = useLanguage();
  const errorText = useLiveErrorText();
  const location = useLocation();
  const navigate = useNavigate();
  const [token, setToken] = useState<string | null>(null);
  const [entry, setEntry] = useState<Entry>({ kind: 'loading' });
  const [session, setSession] = useState<SessionView | null>(null);
  const [live, setLive] = useState<LiveStateView | null>(null);
  const [occupied, setOccupied] = useState(false);
  const started = useRef(false);
  const qa = useQa(sessionId, token) as LiveQa;

  // The token: the link in the fragment (exchanged, then taken out of the address), else the one kept for this tab,
  // else the signed-in organiser's (their sign-in cookie lasts across tabs: a live room opened in a new tab gets the console).
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const link = location.hash.length > 20 ? decodeURIComponent(location.hash.slice(1)) : null;
    if (link) navigate(location.pathname, { replace: true });
    void (async () => {
      try {
        const access = link ? (await exchangeLink(link)).accessToken : (storedAccessToken() ?? (await organiserAccessToken()));
        if (!access) return setEntry({ kind: 'no-link' });
        setToken(access);
      } catch (error) {
        setEntry({ kind: 'failed', error });
      }
    })();
  }, [location.hash, location.pathname, navigate]);

  useEffect(() => {
    api.session(slug, sessionId).then(setSession, () => undefined);
  }, [slug, sessionId]);

  const refreshState = useCallback(() => {
    if (token) liveApi.state(token, sessionId).then(setLive, () => undefined);
  }, [token, sessionId]);

  const enter = useCallback(async () => {
    if (!token) return;
    try {
      const join = await liveApi.join(token, sessionId);
      setLive(join.live);
      setEntry({ kind: 'joined', join });
    } catch (error) {
      const body = errorBodyOf(error);
      const details = (body?.details ?? {}) as { opensAt?: string; state?: string; retryAfterSeconds?: number };
      if (error instanceof ApiError && error.status === 401) {
        forgetAccess();
        setEntry({ kind: 'no-link' });
      } else if (body?.code === 'LIVE_ENDED' || (body?.code === 'FORBIDDEN' && details.state === 'ended')) {
        setEntry({ kind: 'ended' });
        refreshState();
      } else if (body?.code === 'LIVE_NOT_OPEN' || (body?.code === 'FORBIDDEN' && details.state)) {
        setEntry({ kind: 'waiting', opensAt: details.opensAt ?? null });
        refreshState();
      } else if (body?.code === 'BUSY' || body?.code === 'RATE_LIMITED' || body?.code === 'DRAINING') {
        // Many people at once: wait as told, spread at random so that the crowd does not come back together.
        const seconds = Number(details.retryAfterSeconds) || (error instanceof ApiError ? error.retryAfterSeconds : null) || 2;
        setEntry({ kind: 'waiting', opensAt: null, retryInMs: seconds * 1000 * (1 + Math.random()), error });
      } else setEntry({ kind: 'failed', error });
    }
  }, [token, sessionId, refreshState]);

  useEffect(() => {
    void enter();
  }, [enter]);

  // Waiting: try again when it opens (bounded to a timer's range), every 30 s, and when the Q&A says the room changed.
  useEffect(() => {
    if (entry.kind !== 'waiting') return;
    const opensIn = entry.opensAt ? Date.parse(entry.opensAt) - Date.now() : NaN;
    const delay = entry.retryInMs ?? (Number.isFinite(opensIn) && opensIn > 0 ? Math.min(opensIn + 500, 30_000) : 30_000);
    const timer = setTimeout(() => void enter(), delay);
    return () => clearTimeout(timer);
  }, [entry, enter]);

  const qaLive = qa.live;
  useEffect(() => {
    if (qaLive) setLive(qaLive);
  }, [qaLive]);

  // The room's state decides: ended hides the stage; live again (a chair reopened it, or went live
  // while this page waited) enters again with a fresh token, since ending closed the LiveKit room.
  const state = live?.state ?? null;
  const previousState = useRef<string | null>(null);
  useEffect(() => {
    const before = previousState.current;
    previousState.current = state;
    if (state !== 'live' && state !== 'backstage') return;
    if (entry.kind === 'waiting' || entry.kind === 'ended' || (entry.kind === 'joined' && before === 'ended')) void enter();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const ended = state === 'ended' || entry.kind === 'ended';
  const title = session ? (pickText(session.title, lang, 'en') ?? Object.values(session.title)[0] ?? '') : '';
  const heading = !title ? t('page.titleShort') : ended ? t('page.titleEnded', { title }) : state === 'live' ? t('page.titleLive', { title }) : t('page.title', { title });
  useDocumentTitle(heading);
  const join = entry.kind === 'joined' ? entry.join : null;
  const role = join ? join.role : qa.role;
  // Chairs and organisers; an organiser of the event who speaks in the session presents and still moderates.
  const moderator = (role !== null && MODERATORS.has(role)) || qa.can?.moderate === true;
  const stageShown = !!join && !ended && !qa.closed;
  const sessionPath = `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(sessionId)}`;

  return (
    <div className="live-page">
      <header className="live-header">
        <h1 tabIndex={-1}>{heading}</h1>
        <p>
          <Link to={sessionPath}>{t('page.back')}</Link>
        </p>
        {live && (
          <p className="room-state" data-state={ended ? 'ended' : live.state}>
            {t(`state.${ended ? 'ended' : live.state}`)}
            {ended && live.endedAt ? ` — ${t('page.endedAt', { when: formatWhen(live.endedAt, viewerTimeZone(), lang) })}` : ''}
          </p>
        )}
      </header>
      {qa.closed ? (
        <div className="notice notice-error live-closed" role="alert">
          <p>{t('page.closed')}</p>
          <p>{errorText(qa.closed)}</p>
        </div>
      ) : (
        <div className={`live-layout${moderator && token ? ' with-console' : ''}${token ? ' with-qa' : ''}`} data-stage={stageShown && occupied ? 'occupied' : 'empty'}>
          <section className="stage-area" aria-labelledby="stage-title">
            <h2 id="stage-title">{t('stage.title')}</h2>
            {entry.kind === 'loading' && <p role="status">{t('page.loading')}</p>}
            {entry.kind === 'no-link' && <p>{t('page.noLink')}</p>}
            {entry.kind === 'failed' && (
              <p className="error" role="alert">
                {errorText(entry.error)}
              </p>
            )}
            {entry.kind === 'waiting' && !ended && <Waiting entry={entry} onRetry={() => void enter()} />}
            {stageShown && join && (
              <Suspense fallback={<p role="status">{t('page.loading')}</p>}>
                <Stage key={join.participantToken} join={join} onOccupied={setOccupied} onLeft={refreshState} />
              </Suspense>
            )}
            {ended && (
              <p role="status" className="stage-ended">
                {t('page.ended')}
              </p>
            )}
            {join?.hidden && !ended && <p className="muted organiser-note">{t('page.organiserHidden')}</p>}
          </section>
          {token && moderator && (
            <ChairConsole qa={qa} token={token} sessionId={sessionId} live={live} onLive={setLive} selfIdentity={join?.identity ?? null} role={role} />
          )}
          {token && <QaPanel qa={qa} identity={join?.identity ?? null} live={live} moderator={moderator} />}
        </div>
      )}
    </div>
  );
}

/** Not open yet: when it opens, in words and in the reader's zone; never a past time as if it were to come. */
function Waiting({ entry, onRetry }: { entry: Extract<Entry, { kind: 'waiting' }>; onRetry: () => void }) {
  const { t } = useTranslation('live');
  const lang = useLanguage();
  const errorText = useLiveErrorText();
  const when = opensWhen(entry.opensAt, lang);
  return (
    <div role="status" className="waiting">
      {entry.error ? <p>{errorText(entry.error)}</p> : <p>{when ? t('page.opensAt', { when }) : t('page.opensSoon')}</p>}
      <button type="button" className="button" onClick={onRetry}>
        {t('page.retry')}
      </button>
    </div>
  );
}

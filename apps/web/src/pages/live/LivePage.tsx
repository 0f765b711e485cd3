import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { LiveJoinView, LiveStateView, SessionView } from '@amphi/contracts';
import '../../live/i18n';
import '../../live/live.css';
import { api, ApiError } from '../../api';
import { useLanguage } from '../../i18n';
import { formatDateTime, viewerTimeZone } from '../../format';
import { pickText } from '../../components/Localized';
import { useDocumentTitle } from '../../components/Status';
import { exchangeLink, forgetAccess, storedAccessToken } from '../../live/access';
import { liveApi } from '../../live/live-api';
import { useQa } from '../../live/use-qa';
import { QaPanel } from '../../live/QaPanel';
import { ChairConsole } from '../../live/ChairConsole';

// LiveKit's client is in its own chunk, loaded once the room may be entered.
const Stage = lazy(() => import('../../live/Stage').then((m) => ({ default: m.Stage })));

type Entry =
  | { kind: 'loading' }
  | { kind: 'no-link' }
  | { kind: 'waiting'; message: string; opensAt: string | null }
  | { kind: 'failed'; message: string }
  | { kind: 'joined'; join: LiveJoinView };

const MODERATORS = new Set(['chair', 'organiser']);

/** `/events/:slug/sessions/:sessionId/live`: the stage, the Q&A and, for a chair, the console. */
export function LivePage() {
  const { slug = '', sessionId = '' } = useParams();
  const { t } = useTranslation('live');
  const lang = useLanguage();
  const location = useLocation();
  const navigate = useNavigate();
  const [token, setToken] = useState<string | null>(null);
  const [entry, setEntry] = useState<Entry>({ kind: 'loading' });
  const [session, setSession] = useState<SessionView | null>(null);
  const [live, setLive] = useState<LiveStateView | null>(null);
  const started = useRef(false);
  const qa = useQa(sessionId, token);

  // The token: the link in the fragment (exchanged, then taken out of the address), else the one kept for this tab.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const link = location.hash.length > 20 ? decodeURIComponent(location.hash.slice(1)) : null;
    if (link) navigate(location.pathname, { replace: true });
    void (async () => {
      try {
        const access = link ? await exchangeLink(link) : storedAccessToken();
        if (!access) return setEntry({ kind: 'no-link' });
        setToken(access);
      } catch (e) {
        setEntry({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  }, [location.hash, location.pathname, navigate]);

  useEffect(() => {
    api.session(slug, sessionId).then(setSession, () => undefined);
  }, [slug, sessionId]);

  const enter = useCallback(async () => {
    if (!token) return;
    try {
      const join = await liveApi.join(token, sessionId);
      setLive(join.live);
      setEntry({ kind: 'joined', join });
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        const details = (e.body?.details ?? {}) as { opensAt?: string };
        setEntry({ kind: 'waiting', message: e.body?.message ?? e.message, opensAt: details.opensAt ?? null });
        liveApi.state(token, sessionId).then(setLive, () => undefined);
      } else if (e instanceof ApiError && e.status === 401) {
        forgetAccess();
        setEntry({ kind: 'no-link' });
      } else setEntry({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }, [token, sessionId]);

  useEffect(() => {
    void enter();
  }, [enter]);

  // Waiting: try again when it opens (bounded to a timer's range), every 30 s, and when the Q&A says the room changed.
  useEffect(() => {
    if (entry.kind !== 'waiting') return;
    const opensIn = entry.opensAt ? Date.parse(entry.opensAt) - Date.now() : NaN;
    const delay = Number.isFinite(opensIn) && opensIn > 0 ? Math.min(opensIn + 500, 30_000) : 30_000;
    const timer = setTimeout(() => void enter(), delay);
    return () => clearTimeout(timer);
  }, [entry, enter]);
  const qaLive = qa.live;
  useEffect(() => {
    if (!qaLive) return;
    setLive(qaLive);
    if (entry.kind === 'waiting' && (qaLive.state === 'live' || qaLive.state === 'backstage')) void enter();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qaLive]);

  const title = session ? (pickText(session.title, lang, 'en') ?? Object.values(session.title)[0] ?? '') : '';
  useDocumentTitle(title ? t('page.title', { title }) : t('page.titleShort'));
  const role = entry.kind === 'joined' ? entry.join.role : qa.role;
  const moderator = role !== null && MODERATORS.has(role);
  const ended = live?.state === 'ended';

  return (
    <div className="live-page">
      <h1 tabIndex={-1}>{title ? t('page.title', { title }) : t('page.titleShort')}</h1>
      <p>
        <Link to={`/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(sessionId)}`}>{t('page.back')}</Link>
      </p>
      {live && (
        <p className="room-state" data-state={live.state}>
          {t(`state.${live.state}`)}
        </p>
      )}
      <div className="live-layout">
        <section className="stage-area" aria-labelledby="stage-title">
          <h2 id="stage-title">{t('stage.title')}</h2>
          {entry.kind === 'loading' && <p role="status">{t('page.loading')}</p>}
          {entry.kind === 'no-link' && <p>{t('page.noLink')}</p>}
          {entry.kind === 'failed' && <p className="error" role="alert">{entry.message}</p>}
          {entry.kind === 'waiting' && (
            <div role="status">
              <p>{entry.message}</p>
              {entry.opensAt && <p>{t('page.opensAt', { when: formatDateTime(entry.opensAt, viewerTimeZone(), lang) })}</p>}
              <button type="button" className="button" onClick={() => void enter()}>
                {t('page.retry')}
              </button>
            </div>
          )}
          {entry.kind === 'joined' && !ended && (
            <Suspense fallback={<p role="status">{t('page.loading')}</p>}>
              <Stage join={entry.join} />
            </Suspense>
          )}
          {ended && <p role="status">{t('state.ended')}</p>}
        </section>
        {token && (
          <div className="side">
            {moderator && <ChairConsole qa={qa} token={token} sessionId={sessionId} live={live} onLive={setLive} />}
            <QaPanel qa={qa} identity={entry.kind === 'joined' ? entry.join.identity : null} />
          </div>
        )}
      </div>
    </div>
  );
}

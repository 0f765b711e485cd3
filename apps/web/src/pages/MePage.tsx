import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { pickText, type ConsentDecision, type Language, type LiveStateView, type LocalizedText, type PersonalSpaceView, type RecordingAdminView, type RecordingView, type RegistrationView, type ReminderPreferenceView } from '@amphi/contracts';
import { api, call } from '../api';
import { publicQueries, queryClient, queryKeys } from '../query';
import './organiser/texts';
import { useLanguage } from '../i18n';
import { formatDateRange, formatDateTime, formatDay, formatTimeRange, formatWhen, groupByDay, viewerTimeZone } from '../format';
import { Localized, pick } from '../components/Localized';
import { TimeZoneToggle, useShownZone } from '../components/TimeZone';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import { exchangeLink, forgetAccess, forgetAccessOn, storedGrant } from '../personal-access';
import { CallSpace } from './call/CallSpace';

type State = { kind: 'loading' } | { kind: 'no-link' } | { kind: 'failed'; error: unknown } | { kind: 'ready'; accessToken: string } | { kind: 'cancelled' } | { kind: 'erased' };

/**
 * `/me#<token>`: the personal space behind a personal link. The token is in the fragment, so it never
 * reaches a server log; it is exchanged once (POST /api/access) for a short-lived access token, and
 * taken out of the address at once. The organiser's, chair's and speaker's pages come later (issue 7).
 */
export function MePage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const started = useRef(false);
  // `/me?stop=reminders#<token>`, the link in each reminder: one click stops them (read before the address is cleaned).
  const stopReminders = useRef(new URLSearchParams(location.search).get('stop') === 'reminders');
  // `/me?confirm=<proposalId>#<token>`, the link in an acceptance: the one-click answer (read before the address is cleaned).
  const confirmProposal = useRef(new URLSearchParams(location.search).get('confirm'));

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = location.hash.length > 20 ? decodeURIComponent(location.hash.slice(1)) : null;
    if (token) navigate('/me', { replace: true }); // the token leaves the address bar and the history
    void (async () => {
      try {
        const grant = token ? await exchangeLink(token) : storedGrant();
        if (!grant) return setState({ kind: 'no-link' });
        setState({ kind: 'ready', accessToken: grant.accessToken });
      } catch (error) {
        forgetAccessOn(error);
        setState({ kind: 'failed', error });
      }
    })();
  }, [location.hash, navigate]);

  const accessToken = state.kind === 'ready' ? state.accessToken : '';
  const space = useQuery({
    queryKey: queryKeys.me(accessToken),
    queryFn: async ({ signal }) => {
      try {
        return await api.me(accessToken, signal);
      } catch (error) {
        forgetAccessOn(error); // the link was revoked, or the token expired: a reload asks for the link again
        throw error;
      }
    },
    enabled: state.kind === 'ready',
  });

  useDocumentTitle(t('me.title'));
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'no-link')
    return (
      <>
        <h1>{t('me.title')}</h1>
        <p>{t('me.noLink')}</p>
      </>
    );
  if (state.kind === 'failed')
    return (
      <>
        <h1>{t('me.title')}</h1>
        <ErrorMessage error={state.error} />
      </>
    );
  if (state.kind === 'cancelled')
    return (
      <>
        <h1 tabIndex={-1}>{t('me.cancelledTitle')}</h1>
        <p role="status">{t('me.cancelled')}</p>
      </>
    );
  if (state.kind === 'erased')
    return (
      <>
        <h1 tabIndex={-1}>{t('me.title')}</h1>
        <p role="status">{t('organiser:me.deleted')}</p>
      </>
    );
  if (space.isError)
    return (
      <>
        <h1>{t('me.title')}</h1>
        <ErrorMessage error={space.error} onRetry={() => void space.refetch()} />
      </>
    );
  if (!space.data) return <Loading />;
  return (
    <PersonalSpace
      space={space.data}
      accessToken={state.accessToken}
      stopReminders={stopReminders.current}
      confirmProposal={confirmProposal.current}
      onCancelled={() => {
        forgetAccess();
        setState({ kind: 'cancelled' });
      }}
      onErased={() => {
        forgetAccess();
        setState({ kind: 'erased' });
      }}
    />
  );
}

function PersonalSpace({
  space,
  accessToken,
  stopReminders,
  confirmProposal,
  onCancelled,
  onErased,
}: {
  space: PersonalSpaceView;
  accessToken: string;
  stopReminders: boolean;
  confirmProposal: string | null;
  onCancelled: () => void;
  onErased: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const event = space.event;
  const { zone } = useShownZone(event.timeZone);
  const [confirming, setConfirming] = useState(false);
  const reg = space.registration;
  const mine = space.sessions.filter((s) => s.role && s.role !== 'attendee');
  // The event's published recordings: a session that is over offers its recording instead of its room
  // (not having them only leaves the recordings out).
  const published = useQuery(publicQueries.recordings(event.slug));
  const recordings: RecordingView[] | null = published.data ?? (published.isError ? [] : null);
  const cancelling = useMutation({ mutationFn: () => api.cancelRegistration(accessToken), onSuccess: onCancelled });
  const cancel = () => cancelling.mutate();
  const busy = cancelling.isPending;
  const cancelError = cancelling.isError ? cancelling.error : undefined;

  return (
    <article aria-labelledby="me-title">
      <p className="muted">{t('me.title')}</p>
      <h1 id="me-title">
        <Localized text={event.title} fallback={event.mainLanguage} />
      </h1>
      <p className="meta">
        <time dateTime={event.startDate}>{formatDateRange(event.startDate, event.endDate, lang)}</time> · <Link to={`/events/${event.slug}`}>{t('me.eventPage')}</Link>
      </p>
      <CallSpace space={space} accessToken={accessToken} confirmId={confirmProposal} />
      {reg && (
        <section aria-labelledby="me-registration">
          <h2 id="me-registration">{t('me.registration')}</h2>
          <p>
            {t(`me.status.${reg.status}`, { name: reg.name, position: reg.waitlistPosition ?? '?' })}
          </p>
          {reg.status !== 'cancelled' && !confirming && (
            <p>
              <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
                {t('me.cancel')}
              </button>
            </p>
          )}
          {confirming && (
            <div className="notice" role="group" aria-labelledby="me-confirm">
              <p id="me-confirm">{t('me.confirmCancel')}</p>
              <p className="button-row">
                <button type="button" className="button button-danger" onClick={cancel} disabled={busy} autoFocus>
                  {t('me.confirmYes')}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  {t('me.confirmNo')}
                </button>
              </p>
            </div>
          )}
          {cancelError !== undefined && <ErrorMessage error={cancelError} />}
        </section>
      )}
      {space.person && (
        <section aria-labelledby="me-invitation">
          <h2 id="me-invitation">{t('me.invitation')}</h2>
          <p>{t('me.invitationFor', { name: space.person.name })}</p>
        </section>
      )}
      {/* A submitter's link alone gives no seat and no role: the programme is on the event's page. */}
      {(reg || space.person) && (
        <section aria-labelledby="me-programme">
          <h2 id="me-programme">{mine.length ? t('me.mySessions') : t('event.programme')}</h2>
          <TimeZoneToggle eventZone={event.timeZone} />
          {groupByDay(mine.length ? mine : space.sessions, zone).map((day) => (
            <section key={day.key} aria-labelledby={`me-day-${day.key}`}>
              <h3 id={`me-day-${day.key}`}>{formatDay(day.items[0].startsAt, zone, lang)}</h3>
              <ul className="plain-list">
                {day.items.map((s) => (
                  <li key={s.id}>
                    <time dateTime={s.startsAt}>{formatTimeRange(s.startsAt, s.endsAt, zone, lang)}</time> —{' '}
                    <Link to={`/events/${event.slug}/sessions/${s.id}`}>{pick(s.title, lang, event.mainLanguage)?.text}</Link>
                    {s.role && s.role !== 'attendee' && <strong> ({t(`roles.${s.role}`)})</strong>}
                    {s.type !== 'break' && (
                      <JoinLink
                        slug={event.slug}
                        sessionId={s.id}
                        endsAt={s.endsAt}
                        title={pick(s.title, lang, event.mainLanguage)?.text ?? ''}
                        role={s.role}
                        accessToken={accessToken}
                        recordings={recordings?.filter((r) => r.sessionId === s.id) ?? null}
                      />
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      )}
      {reg && reg.status !== 'cancelled' && <MyReminders accessToken={accessToken} stopAtOnce={stopReminders} />}
      {space.person && <MyRecordings accessToken={accessToken} personId={space.person.id} />}
      {reg && reg.status !== 'cancelled' && <MyData accessToken={accessToken} event={space.event} onErased={onErased} />}
      <p className="muted">{t('me.keepPrivate')}</p>
    </article>
  );
}

/**
 * The live room's door for one session: the link, and when it opens (in words, in the viewer's own
 * zone; never a past time as if it were to come). Once the session is over (ended by a chair, or past
 * its closing time), its published recording instead, or that it has ended.
 */
function JoinLink({
  slug,
  sessionId,
  endsAt,
  title,
  role,
  accessToken,
  recordings,
}: {
  slug: string;
  sessionId: string;
  endsAt: string;
  title: string;
  role: string | null;
  accessToken: string;
  recordings: RecordingView[] | null;
}) {
  const { t } = useTranslation('organiser');
  const { t: tr } = useTranslation();
  const lang = useLanguage();
  const longPast = Date.parse(endsAt) < Date.now() - 6 * 3_600_000;
  const liveState = useQuery({
    queryKey: queryKeys.liveState(sessionId),
    queryFn: ({ signal }) => call<LiveStateView>(`/api/sessions/${encodeURIComponent(sessionId)}/live`, { token: accessToken, signal }),
    enabled: !longPast, // over for sure: no need to ask the room
  });
  const live = liveState.data ?? null;
  const failed = liveState.isError;
  const over = longPast || (live ? live.state === 'ended' || Date.parse(live.closesAt) < Date.now() : failed && Date.parse(endsAt) < Date.now());
  if (over) {
    if (!recordings) return null;
    if (recordings.length === 0) return <span className="muted"> — {tr('me.live.ended')}</span>;
    return (
      <span className="join">
        {' '}
        — <Link to={`/events/${slug}/recordings/${recordings[0].id}`}>{tr('me.live.watch', { title })}</Link>
      </span>
    );
  }
  if (!live) return null;
  const onStage = role === 'chair' || role === 'speaker' || role === 'panelist' || role === 'organiser';
  const open = live.state === 'live' || (onStage && live.state === 'backstage');
  const opensAt = onStage ? live.backstageOpensAt : live.doorsOpenAt;
  const upcoming = Date.parse(opensAt) > Date.now();
  return (
    <span className="join">
      {' '}
      — <Link to={`/events/${slug}/sessions/${sessionId}/live`}>{t('me.joinSession', { title })}</Link>{' '}
      <span className="muted">
        ({open ? t('me.openNow') : upcoming ? tr('me.live.opensAt', { when: formatWhen(opensAt, viewerTimeZone(), lang) }) : tr('me.live.opensSoon')})
      </span>
    </span>
  );
}

/** A speaker's recordings, with their consent to each. */
function MyRecordings({ accessToken, personId }: { accessToken: string; personId: string }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const list = useQuery({ queryKey: queryKeys.meRecordings(accessToken), queryFn: ({ signal }) => call<RecordingAdminView[]>('/api/me/recordings', { token: accessToken, signal }) });
  const recordings = list.data ?? null;
  const deciding = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: Exclude<ConsentDecision, 'pending'> }) =>
      call<RecordingAdminView>(`/api/me/recordings/${encodeURIComponent(id)}/consent`, { method: 'PUT', token: accessToken, body: { decision } }),
    onSuccess: (updated) => queryClient.setQueryData<RecordingAdminView[]>(queryKeys.meRecordings(accessToken), (old) => old?.map((r) => (r.id === updated.id ? updated : r))),
  });
  const decide = (id: string, decision: Exclude<ConsentDecision, 'pending'>) => deciding.mutate({ id, decision });
  const error = list.isError ? list.error : deciding.isError ? deciding.error : undefined;
  return (
    <section aria-labelledby="me-recordings">
      <h2 id="me-recordings">{t('me.recordings')}</h2>
      {error !== undefined && <ErrorMessage error={error} />}
      {recordings && recordings.length === 0 && <p>{t('me.noRecordings')}</p>}
      {recordings?.map((r) => {
        const mine = r.consents.find((c) => c.personId === personId)?.decision ?? 'pending';
        const title = pick(r.title, lang, r.language)?.text ?? '';
        return (
          <div key={r.id} className="card" role="group" aria-labelledby={`rec-${r.id}`}>
            <h3 id={`rec-${r.id}`} className="card-title">
              {title}
            </h3>
            <p role="status">{t('me.myConsent', { decision: t(`consent.${mine}`) })}</p>
            <p className="button-row">
              <button type="button" className="button button-primary" onClick={() => void decide(r.id, 'granted')}>
                {t('me.grant')}
                <span className="visually-hidden"> — {title}</span>
              </button>
              <button type="button" className="button button-danger" onClick={() => void decide(r.id, 'refused')}>
                {t('me.refuse')}
                <span className="visually-hidden"> — {title}</span>
              </button>
            </p>
          </div>
        );
      })}
    </section>
  );
}

/**
 * Reminders: on or off, for this registration. Opened from the link in a reminder
 * (`stopAtOnce`), it stops them at once and says so, with the way back.
 */
function MyReminders({ accessToken, stopAtOnce }: { accessToken: string; stopAtOnce: boolean }) {
  const { t } = useTranslation('organiser');
  const key = queryKeys.meReminders(accessToken);
  const preference = useQuery({ queryKey: key, queryFn: ({ signal }) => call<ReminderPreferenceView>('/api/me/reminders', { token: accessToken, signal }) });
  const [changed, setChanged] = useState<'stopped' | 'resumed' | null>(null);
  const setting = useMutation({
    mutationFn: (reminders: boolean) => call<ReminderPreferenceView>('/api/me/reminders', { method: 'PUT', token: accessToken, body: { reminders } }),
    onSuccess: (now) => {
      queryClient.setQueryData(key, now);
      setChanged(now.reminders ? 'resumed' : 'stopped');
    },
  });
  const stoppedOnce = useRef(false);
  useEffect(() => {
    if (!stopAtOnce || stoppedOnce.current) return;
    stoppedOnce.current = true;
    setting.mutate(false);
  }, [stopAtOnce, setting]);
  const on = setting.isPending ? undefined : preference.data?.reminders;
  return (
    <section aria-labelledby="me-reminders">
      <h2 id="me-reminders">{t('me.reminders.heading')}</h2>
      {preference.isError && <ErrorMessage error={preference.error} onRetry={() => void preference.refetch()} />}
      {on === undefined && !preference.isError && <Loading />}
      {on !== undefined && <p>{on ? t('me.reminders.on') : t('me.reminders.off')}</p>}
      {on !== undefined && (
        <p>
          <button type="button" className="button" onClick={() => setting.mutate(!on)}>
            {on ? t('me.reminders.stop') : t('me.reminders.resume')}
          </button>
        </p>
      )}
      {setting.isError && <ErrorMessage error={setting.error} />}
      <p role="status">{changed ? t(`me.reminders.${changed}`) : ''}</p>
    </section>
  );
}

/** What Amphi keeps about me, and erasing it. */
function MyData({ accessToken, event, onErased }: { accessToken: string; event: PersonalSpaceView['event']; onErased: () => void }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const stored = useQuery({
    queryKey: queryKeys.meData(accessToken),
    queryFn: ({ signal }) => call<{ registration: RegistrationView & { privacyConsentAt: string } }>('/api/me/data', { token: accessToken, signal }),
    enabled: shown,
  });
  // The category's label (the registration keeps its key); not having it only leaves the key out.
  const publicEvent = useQuery({ ...publicQueries.event(event.slug), enabled: shown });
  const categories: Array<{ key: string; label: LocalizedText }> = publicEvent.data?.registration.categories ?? [];
  const data = stored.data && (publicEvent.data || publicEvent.isError) ? stored.data : null;
  const show = () => {
    setShown(true);
    if (stored.isError) void stored.refetch();
  };
  const erasing = useMutation({ mutationFn: () => call('/api/me/data', { method: 'DELETE', token: accessToken }), onSuccess: onErased });
  const erase = () => erasing.mutate();
  const error = stored.isError ? stored.error : erasing.isError ? erasing.error : undefined;
  return (
    <section aria-labelledby="me-data">
      <h2 id="me-data">{t('me.myData')}</h2>
      <p className="button-row">
        <button type="button" className="button" onClick={() => void show()} aria-expanded={!!data}>
          {t('me.showData')}
        </button>
        {!confirming && (
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
            {t('me.deleteData')}
          </button>
        )}
      </p>
      {confirming && (
        <div className="notice" role="group" aria-labelledby="me-data-confirm">
          <p id="me-data-confirm">{t('me.confirmDelete')}</p>
          <p className="button-row">
            <button type="button" className="button button-danger" onClick={() => void erase()} autoFocus>
              {t('me.confirmDeleteYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </p>
        </div>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {data && (
        <>
          <ul className="my-data">
            {myDataSentences(data.registration, categories, t, lang).map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
          <p>
            <a className="button" href={jsonDownload(data)} download={`amphi-${event.slug}-my-data.json`}>
              {t('me.downloadData')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/**
 * What Amphi keeps about a registrant, as sentences in their language and time zone (not the
 * stored keys and UTC stamps); the JSON export beside it is the data as stored.
 */
function myDataSentences(
  r: RegistrationView & { privacyConsentAt: string },
  categories: Array<{ key: string; label: LocalizedText }>,
  t: (key: string, options?: Record<string, unknown>) => string,
  lang: Language,
): string[] {
  const zone = viewerTimeZone();
  const when = (iso: string) => formatDateTime(iso, zone, lang);
  const sentences = [t('me.data.registered', { when: when(r.registeredAt), name: r.name, email: r.email })];
  if (r.affiliation) sentences.push(t('me.data.affiliation', { affiliation: r.affiliation }));
  if (r.category) {
    const label = categories.find((c) => c.key === r.category)?.label;
    sentences.push(t('me.data.category', { category: (label && pickText(label, lang, lang)) ?? r.category }));
  }
  if (r.status === 'confirmed') sentences.push(r.confirmedAt ? t('me.data.confirmed', { when: when(r.confirmedAt) }) : t('me.data.confirmedNoDate'));
  else if (r.status === 'waitlisted') sentences.push(t('me.data.waitlisted', { position: r.waitlistPosition ?? '—' }));
  else if (r.cancelledAt) sentences.push(t('me.data.cancelled', { when: when(r.cancelledAt) }));
  sentences.push(t('me.data.language', { language: new Intl.DisplayNames([lang], { type: 'language' }).of(r.language) ?? r.language }));
  sentences.push(t(r.listConsent ? 'me.data.listed' : 'me.data.notListed'));
  if (r.privacyConsentAt) sentences.push(t('me.data.privacy', { when: when(r.privacyConsentAt) }));
  return sentences;
}

/** The data as stored, as a file to keep (a data: URL: nothing more to ask of the server). */
function jsonDownload(data: unknown): string {
  return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(data, null, 2))}`;
}

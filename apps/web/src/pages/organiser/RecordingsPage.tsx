import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { consentExceptionSchema, RECORDING_LICENCES, recordingMetadataSchema, type OrganiserEventView, type RecordingAdminView, type RecordingLicence, type RecordingMetadataInput } from '@amphi/contracts';
import { FormSelect, FormText, useAmphiForm } from '../../forms';
import { useLanguage } from '../../i18n';
import { formatBytes, formatTimeRange } from '../../format';
import { pick } from '../../components/Localized';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { useQuery } from '@tanstack/react-query';
import { queryClient, queryKeys } from '../../query';
import { organiserApi } from './client';
import { ERRORS_NAMESPACE, recordingBlockerMessage } from '@amphi/contracts';
import { FormErrors, useSubmit } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import { processing, RecordingJobs } from './RecordingJobs';

export function RecordingsPage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('nav.recordings'));
  const { eventId, event } = useOrganiserEvent();
  const recordings = useQuery({
    queryKey: queryKeys.organiser.recordings(eventId),
    queryFn: ({ signal }) => organiserApi.recordings(eventId, signal),
    // Read again every 2 s while a recording is being processed (podcast audio, transcript), until none is.
    refetchInterval: (query) => (processing(query.state.data) ? 2000 : false),
  });
  const changed = () => void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.recordings(eventId) });
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('recordings.heading')}</h1>
      <Upload event={event.data} onUploaded={changed} />
      {recordings.isError && <LoadError error={recordings.error} onRetry={() => void recordings.refetch()} />}
      {recordings.isPending && <Loading />}
      {recordings.data && recordings.data.length === 0 && <p>{t('recordings.none')}</p>}
      {recordings.data?.map((r) => <RecordingCard key={`${r.id}:${r.published}:${r.consentException ? 1 : 0}`} event={event.data!} recording={r} onChanged={changed} />)}
    </>
  );
}

function Upload({ event, onUploaded }: { event: OrganiserEventView; onUploaded: () => void }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const sessions = [...event.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const [sessionId, setSessionId] = useState(sessions[0]?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { failure, busy, run } = useSubmit();
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (!file) return setError(t('recordings.chooseFile'));
    setError(null);
    const uploaded = await run(() => organiserApi.upload(event.id, sessionId, file));
    if (uploaded) {
      setDone(true);
      onUploaded();
    }
  };
  if (sessions.length === 0) return <p>{t('recordings.noSessions')}</p>;
  return (
    <section aria-labelledby="upload">
      <h2 id="upload">{t('recordings.upload')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="upload-session">{t('recordings.session')}</label>
          <select id="upload-session" value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {pick(s.title, lang, event.mainLanguage)?.text} — {formatTimeRange(s.startsAt, s.endsAt, event.timeZone, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor="upload-file">{t('recordings.file')}</label>
          <p id="upload-file-hint" className="hint">
            {t('recordings.fileHint')}
          </p>
          {error && (
            <p id="upload-file-error" className="field-error">
              {error}
            </p>
          )}
          <input
            id="upload-file"
            type="file"
            accept="audio/*,video/*"
            aria-describedby={error ? 'upload-file-hint upload-file-error' : 'upload-file-hint'}
            aria-invalid={!!error || undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        {failure !== undefined && <ErrorMessage error={failure} />}
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('recordings.uploading') : t('recordings.uploadSubmit')}
          </button>
        </p>
        {done && (
          <p role="status" className="notice notice-success">
            {t('recordings.uploaded')}
          </p>
        )}
      </form>
    </section>
  );
}

function RecordingCard({ event, recording: r, onChanged }: { event: OrganiserEventView; recording: RecordingAdminView; onChanged: () => void }) {
  const { t } = useTranslation('organiser');
  const { t: errorsT } = useTranslation(ERRORS_NAMESPACE);
  const lang = useLanguage();
  const session = event.sessions.find((s) => s.id === r.sessionId);
  const title = pick(r.title, lang, event.mainLanguage)?.text ?? t('recordings.untitled');
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
      onChanged();
    } catch (error) {
      setActionError(error);
    }
  };
  const p = `rec-${r.id}-`;
  const text = (v: { fr: string; en: string }) => ({ ...(v.fr.trim() ? { fr: v.fr } : {}), ...(v.en.trim() ? { en: v.en } : {}) });
  // Each card's forms prefix their fields' ids (and errors) with the recording's id: several on one page.
  const prefixed = (key: string) => p + key;
  const meta = useAmphiForm<{ title: { fr: string; en: string }; description: { fr: string; en: string }; licence: RecordingLicence }, RecordingMetadataInput>({
    schema: recordingMetadataSchema,
    toInput: (v) => {
      const description = text(v.description);
      return { title: text(v.title), description: Object.keys(description).length ? description : null, licence: v.licence };
    },
    errorPath: prefixed,
    defaultValues: { title: { fr: r.title.fr ?? '', en: r.title.en ?? '' }, description: { fr: r.description?.fr ?? '', en: r.description?.en ?? '' }, licence: r.licence },
  });
  const saveMeta = meta.onSubmit((input) => organiserApi.updateRecording(event.id, r.id, input), onChanged);
  const metaLabels: Record<string, string> = {
    [`${p}title.fr`]: t('session.titleFr'),
    [`${p}title.en`]: t('session.titleEn'),
    [`${p}description.fr`]: t('recordings.descriptionFr'),
    [`${p}description.en`]: t('recordings.descriptionEn'),
    [`${p}licence`]: t('recordings.licence'),
  };
  const exception = useAmphiForm<{ reason: string }, { reason: string }>({ schema: consentExceptionSchema, errorPath: prefixed, defaultValues: { reason: '' } });
  const saveException = exception.onSubmit((input) => organiserApi.consentException(event.id, r.id, input.reason), onChanged);
  return (
    <article className="card recording" aria-labelledby={`${p}title`}>
      <h2 id={`${p}title`} className="card-title">
        {title}
      </h2>
      <p className="meta">
        {session && pick(session.title, lang, event.mainLanguage)?.text} · {t(`recordingStatus.${r.status}`)} · {r.published ? t('recordings.published') : t('recordings.notPublished')}
        {r.files.length > 0 && ` · ${r.files.map((f) => `${f.contentType} ${formatBytes(f.size, lang)}`).join(', ')}`}
      </p>
      <h3>{t('recordings.consents')}</h3>
      {r.consents.length === 0 && <p>{t('recordings.noSpeakers')}</p>}
      <ul>
        {r.consents.map((c) => (
          <li key={c.personId}>
            {c.name}: {t(`consent.${c.decision}`)}
          </li>
        ))}
      </ul>
      {r.consentException && <p>{t('recordings.exceptionRecorded', { reason: r.consentException.reason })}</p>}
      <RecordingJobs eventId={event.id} recording={r} title={title} onChanged={onChanged} />
      {!r.published && r.status !== 'complete' && (
        <p className="notice" data-not-publishable={r.status}>
          {t('recordingAdmin.notComplete', { ns: 'translation', status: t(`recordingStatus.${r.status}`) })}
        </p>
      )}
      {r.blockers.length > 0 && !r.published && (
        <div className="notice">
          <p>{t('recordings.blockers')}</p>
          <ul>
            {r.blockers.map((b) => (
              <li key={b.kind}>{recordingBlockerMessage(errorsT, b, b.kind === 'not_complete' ? t(`recordingStatus.${b.status}`, { ns: 'translation' }) : undefined)}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="button-row">
        {/* Only a complete recording is published (the API refuses the others): no Publish for a failed or unfinished one. */}
        {!r.published && r.status === 'complete' && (
          <button type="button" className="button button-primary" onClick={() => act(() => organiserApi.publishRecording(event.id, r.id))}>
            {t('recordings.publish')}
          </button>
        )}
        {r.published && (
          <button type="button" className="button" onClick={() => act(() => organiserApi.retractRecording(event.id, r.id))}>
            {t('recordings.retract')}
          </button>
        )}
        {!confirmDelete && (
          <button type="button" className="button button-danger" onClick={() => setConfirmDelete(true)}>
            {t('recordings.delete')}
          </button>
        )}
      </p>
      {confirmDelete && (
        <div className="notice" role="group" aria-labelledby={`${p}confirm`}>
          <p id={`${p}confirm`}>{t('recordings.confirmDelete')}</p>
          <p className="button-row">
            <button type="button" className="button button-danger" autoFocus onClick={() => act(() => organiserApi.deleteRecording(event.id, r.id))}>
              {t('recordings.confirmDeleteYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </p>
        </div>
      )}
      {actionError !== undefined && <ErrorMessage error={actionError} />}
      {!r.consentException && (
        <form className="form" onSubmit={(e) => void saveException(e)} noValidate aria-label={t('recordings.exception')}>
          <FormErrors errors={exception.errors} failure={exception.failure} labels={{ [`${p}reason`]: t('recordings.reason') }} summaryRef={exception.summaryRef} />
          <FormText form={exception.form} idPrefix={p} name="reason" label={t('recordings.reason')} hint={t('recordings.reasonHint')} errors={exception.errors} multiline required />
          <p>
            <button type="submit" className="button" disabled={exception.busy}>
              {t('recordings.recordException')}
            </button>
          </p>
        </form>
      )}
      <details>
        <summary>{t('recordings.editDetails')}</summary>
        <form className="form" onSubmit={(e) => void saveMeta(e)} noValidate>
          <FormErrors errors={meta.errors} failure={meta.failure} labels={metaLabels} summaryRef={meta.summaryRef} />
          <FormText form={meta.form} idPrefix={p} name="title.fr" label={metaLabels[`${p}title.fr`]} lang="fr" errors={meta.errors} />
          <FormText form={meta.form} idPrefix={p} name="title.en" label={metaLabels[`${p}title.en`]} lang="en" errors={meta.errors} />
          <FormText form={meta.form} idPrefix={p} name="description.fr" label={metaLabels[`${p}description.fr`]} lang="fr" errors={meta.errors} multiline />
          <FormText form={meta.form} idPrefix={p} name="description.en" label={metaLabels[`${p}description.en`]} lang="en" errors={meta.errors} multiline />
          <FormSelect form={meta.form} idPrefix={p} name="licence" label={metaLabels[`${p}licence`]} errors={meta.errors} options={RECORDING_LICENCES.map((l) => ({ value: l, label: l }))} />
          <p>
            <button type="submit" className="button" disabled={meta.busy}>
              {t('common.save')}
            </button>
          </p>
        </form>
      </details>
    </article>
  );
}

import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { DOWNLOAD_KINDS, downloadMetadataSchema, MATERIAL_FILE_TYPES, type DownloadKind, type DownloadMetadataInput, type DownloadView, type Language, type OrganiserEventView } from '@amphi/contracts';
import { ApiError } from '../../api';
import { useLanguage } from '../../i18n';
import { pick } from '../../components/Localized';
import { MaterialList, fileType } from '../../components/Materials';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { Field } from '../../components/Field';
import { FormSelect, FormText, useAmphiForm } from '../../forms';
import { queryClient, queryKeys } from '../../query';
import { exportLinks, organiserApi } from './client';
import { ConfirmDelete, FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';

/** What the file picker offers: the types the API accepts (it reads them from the bytes anyway). */
const ACCEPT = [...Object.keys(MATERIAL_FILE_TYPES), ...Object.values(MATERIAL_FILE_TYPES).map((ext) => `.${ext}`), '.jpeg'].join(',');

/** The organiser's files of an event: its own (poster, programme, proceedings…) and each talk's (slides, paper). */
export function MaterialsPage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('nav.materials'));
  const { eventId, event } = useOrganiserEvent();
  const downloads = useQuery({ queryKey: queryKeys.organiser.downloads(eventId), queryFn: ({ signal }) => organiserApi.downloads(eventId, signal) });
  const formRef = useRef<UploadHandle>(null);
  const lang = useLanguage();
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  const e = event.data;
  const own = downloads.data?.filter((d) => d.talkId === null) ?? [];
  const sessionsWithTalks = [...e.sessions].filter((s) => s.talks.length > 0).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <>
      <EventNav event={e} />
      <h1>{t('materials.heading')}</h1>
      <p>{t('materials.intro')}</p>
      <Upload event={e} handle={formRef} />
      {downloads.isError && <LoadError error={downloads.error} onRetry={() => void downloads.refetch()} />}
      {downloads.isPending && <Loading />}
      {downloads.data && (
        <>
          <section aria-labelledby="event-files">
            <h2 id="event-files">{t('materials.eventFiles')}</h2>
            {own.length === 0 ? <p>{t('materials.noEventFiles')}</p> : <OrganiserList event={e} list={own} talkId={null} />}
          </section>
          <section aria-labelledby="talk-files">
            <h2 id="talk-files">{t('materials.talkFiles')}</h2>
            {sessionsWithTalks.length === 0 && <p>{t('materials.noTalks')}</p>}
            {sessionsWithTalks.map((s) => (
              <div key={s.id} className="card">
                <h3 className="card-title">{pick(s.title, lang, e.mainLanguage)?.text}</h3>
                {s.talks.map((talk) => {
                  const list = downloads.data.filter((d) => d.talkId === talk.id);
                  const title = pick(talk.title, lang, e.mainLanguage)?.text ?? '';
                  return (
                    <div key={talk.id} className="talk-materials">
                      <h4>
                        {title}
                        {talk.speakers.length > 0 && <span className="muted"> — {talk.speakers.map((p) => p.name).join(', ')}</span>}
                      </h4>
                      {list.length === 0 ? <p className="muted">{t('materials.noTalkFiles')}</p> : <OrganiserList event={e} list={list} talkId={talk.id} />}
                      <p>
                        <button type="button" className="button" onClick={() => formRef.current?.attachTo(talk.id)}>
                          {t('materials.addToTalk', { talk: title })}
                        </button>
                      </p>
                    </div>
                  );
                })}
              </div>
            ))}
          </section>
        </>
      )}
    </>
  );
}

/** One list (the event's own files, or a talk's), with "move up", "move down" and "delete" for each file. */
function OrganiserList({ event, list, talkId }: { event: OrganiserEventView; list: DownloadView[]; talkId: string | null }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.downloads(event.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.public.event(event.slug) });
  };
  const reorder = useMutation({ mutationFn: (ids: string[]) => organiserApi.reorderDownloads(event.id, { talkId, downloadIds: ids }), onSuccess: changed });
  const move = (index: number, by: -1 | 1) => {
    const ids = list.map((d) => d.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    reorder.mutate(ids);
  };
  return (
    <>
      <MaterialList
        materials={list}
        fallback={event.mainLanguage}
        href={(d) => exportLinks.download(event.id, d.id)}
        actions={(d, index) => {
          const title = pick(d.title, lang, event.mainLanguage)?.text ?? d.fileName;
          return (
            <span className="material-actions">
              {' '}
              {list.length > 1 && (
                <>
                  <button type="button" className="button" disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)}>
                    {t('materials.moveUp', { title })}
                  </button>{' '}
                  <button type="button" className="button" disabled={index === list.length - 1 || reorder.isPending} onClick={() => move(index, 1)}>
                    {t('materials.moveDown', { title })}
                  </button>{' '}
                </>
              )}
              <ConfirmDelete
                label={t('materials.delete', { title })}
                question={t('materials.confirmDelete', { title })}
                confirmLabel={t('materials.confirmDeleteYes')}
                onConfirm={async () => {
                  await organiserApi.deleteDownload(event.id, d.id);
                  changed();
                }}
              />
            </span>
          );
        }}
      />
      {reorder.isError && <ErrorMessage error={reorder.error} />}
    </>
  );
}

interface UploadValues {
  /** '' for the event itself, else a talk's id. */
  talkId: string;
  kind: DownloadKind;
  title: { fr: string; en: string };
}

interface UploadHandle {
  attachTo: (talkId: string) => void;
}

function Upload({ event, handle }: { event: OrganiserEventView; handle: React.RefObject<UploadHandle | null> }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [added, setAdded] = useState<DownloadView | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<UploadValues, DownloadMetadataInput>({
    schema: downloadMetadataSchema,
    toInput: (v) => {
      const title: Partial<Record<Language, string>> = {};
      if (v.title.fr.trim()) title.fr = v.title.fr;
      if (v.title.en.trim()) title.en = v.title.en;
      return { kind: v.kind, title, ...(v.talkId ? { talkId: v.talkId } : {}) };
    },
    // A title in neither language is said on the French field.
    errorPath: (key) => (key === 'title' ? 'title.fr' : key),
    defaultValues: { talkId: '', kind: 'poster', title: { fr: '', en: '' } },
  });
  handle.current = {
    attachTo: (talkId) => {
      form.setValue('talkId', talkId);
      form.setValue('kind', 'slides');
      headingRef.current?.focus();
    },
  };
  const labels: Record<string, string> = {
    talkId: t('materials.attachTo'),
    kind: t('materials.kind'),
    'title.fr': t('materials.titleFr'),
    'title.en': t('materials.titleEn'),
    file: t('materials.file'),
  };
  const talkOptions = [...event.sessions]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .flatMap((s) => s.talks.map((talk) => ({ value: talk.id, label: `${pick(s.title, lang, event.mainLanguage)?.text ?? ''} — ${pick(talk.title, lang, event.mainLanguage)?.text ?? ''}` })));
  const submit = onSubmit(
    (input) => {
      setAdded(null);
      // Said as the API says it (the catalogue's text, on the file field), without sending anything.
      if (!file) throw new ApiError(422, { statusCode: 422, code: 'VALIDATION_FAILED', message: '', issues: [{ path: ['file'], code: 'rule', params: { rule: 'file_required' } }] }, null);
      setSent(0);
      return organiserApi.uploadDownload(event.id, input, file, setSent).finally(() => setSent(null));
    },
    (download) => {
      setAdded(download);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      form.reset({ talkId: form.getValues('talkId'), kind: form.getValues('kind'), title: { fr: '', en: '' } });
      void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.downloads(event.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.public.event(event.slug) });
    },
  );
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (!dropped) return;
    setFile(dropped);
    // The file field then says the same as what will be sent.
    if (fileInput.current) fileInput.current.files = e.dataTransfer.files;
  };
  return (
    <section aria-labelledby="upload-material">
      <h2 id="upload-material" tabIndex={-1} ref={headingRef}>
        {t('materials.upload')}
      </h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormSelect form={form} name="talkId" label={labels.talkId} errors={errors} options={[{ value: '', label: t('materials.theEvent') }, ...talkOptions]} />
        <FormSelect form={form} name="kind" label={labels.kind} errors={errors} options={DOWNLOAD_KINDS.map((k) => ({ value: k, label: t(`materials.kinds.${k}`) }))} required />
        <FormText form={form} name="title.fr" label={labels['title.fr']} lang="fr" errors={errors} />
        <FormText form={form} name="title.en" label={labels['title.en']} lang="en" errors={errors} />
        <div
          className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Field id="field-file" label={labels.file} hint={t('materials.fileHint')} error={errors.file} required>
            {(describedBy, invalid) => (
              <input id="field-file" ref={fileInput} type="file" accept={ACCEPT} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            )}
          </Field>
          {file && <p className="muted">{t('materials.chosen', { name: file.name })}</p>}
        </div>
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('materials.uploading') : t('materials.uploadSubmit')}
          </button>
        </p>
        {sent !== null && (
          <p>
            <label htmlFor="upload-progress">{t('materials.progress', { percent: Math.round(sent * 100) })}</label>{' '}
            <progress id="upload-progress" max={100} value={Math.round(sent * 100)} />
          </p>
        )}
        {added && (
          <p role="status" className="notice notice-success">
            {t('materials.uploaded', { title: pick(added.title, lang, event.mainLanguage)?.text ?? added.fileName, fileName: added.fileName, type: fileType(added.fileName, added.contentType) })}
          </p>
        )}
      </form>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_FORMATS, type EventFormat, type OrganiserEventView } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { pick } from '../../components/Localized';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { organiserApi } from './client';
import { FormErrors, SelectField, TextField, useSubmit } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';

export function EventEditPage() {
  const { event } = useOrganiserEvent();
  const lang = useLanguage();
  const { t } = useTranslation('organiser');
  useDocumentTitle(event.data ? (pick(event.data.title, lang, event.data.mainLanguage)?.text ?? event.data.slug) : t('nav.event'));
  if (event.error !== undefined) return <LoadError error={event.error} onRetry={event.reload} />;
  if (!event.data) return <Loading />;
  return <EventEditor key={event.data.id} event={event.data} onSaved={event.reload} />;
}

function EventEditor({ event, onSaved }: { event: OrganiserEventView; onSaved: () => void }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const [form, setForm] = useState({
    titleFr: event.title.fr ?? '',
    titleEn: event.title.en ?? '',
    subtitleFr: event.subtitle?.fr ?? '',
    subtitleEn: event.subtitle?.en ?? '',
    timeZone: event.timeZone,
    startDate: event.startDate,
    endDate: event.endDate,
    format: event.format as string,
  });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  const [saved, setSaved] = useState(false);
  const [publishError, setPublishError] = useState<unknown>(undefined);
  const labels: Record<string, string> = {
    'title.fr': t('event.titleFr'),
    'title.en': t('event.titleEn'),
    'subtitle.fr': t('event.subtitleFr'),
    'subtitle.en': t('event.subtitleEn'),
    timeZone: t('event.timeZone'),
    startDate: t('event.startDate'),
    endDate: t('event.endDate'),
    format: t('event.format'),
  };
  const text = (fr: string, en: string) => {
    const out: { fr?: string; en?: string } = {};
    if (fr.trim()) out.fr = fr;
    if (en.trim()) out.en = en;
    return out;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const subtitle = text(form.subtitleFr, form.subtitleEn);
    const ok = await run(() =>
      organiserApi.updateEvent(event.id, {
        title: text(form.titleFr, form.titleEn),
        ...(Object.keys(subtitle).length ? { subtitle } : {}),
        timeZone: form.timeZone,
        startDate: form.startDate,
        endDate: form.endDate,
        format: form.format as EventFormat,
      }),
    );
    if (ok) setSaved(true);
  };
  const togglePublished = async () => {
    setPublishError(undefined);
    try {
      await (event.status === 'published' ? organiserApi.unpublish(event.id) : organiserApi.publish(event.id));
      onSaved();
    } catch (error) {
      setPublishError(error);
    }
  };
  return (
    <>
      <EventNav event={event} />
      <h1>{pick(event.title, lang, event.mainLanguage)?.text ?? event.slug}</h1>
      <p>
        {t('event.statusIs', { status: t(`status.${event.status}`) })}{' '}
        <button type="button" className="button" onClick={togglePublished}>
          {event.status === 'published' ? t('event.unpublish') : t('event.publish')}
        </button>
      </p>
      {publishError !== undefined && <ErrorMessage error={publishError} />}
      <form className="form" onSubmit={submit} noValidate aria-labelledby="edit-event">
        <h2 id="edit-event">{t('event.edit')}</h2>
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <TextField name="title.fr" label={labels['title.fr']} lang="fr" value={form.titleFr} onChange={set('titleFr')} errors={errors} />
        <TextField name="title.en" label={labels['title.en']} lang="en" value={form.titleEn} onChange={set('titleEn')} errors={errors} />
        <TextField name="subtitle.fr" label={labels['subtitle.fr']} lang="fr" value={form.subtitleFr} onChange={set('subtitleFr')} errors={errors} />
        <TextField name="subtitle.en" label={labels['subtitle.en']} lang="en" value={form.subtitleEn} onChange={set('subtitleEn')} errors={errors} />
        <TextField name="timeZone" label={labels.timeZone} hint={t('event.timeZoneHint')} value={form.timeZone} onChange={set('timeZone')} errors={errors} required />
        <TextField name="startDate" type="date" label={labels.startDate} value={form.startDate} onChange={set('startDate')} errors={errors} required />
        <TextField name="endDate" type="date" label={labels.endDate} value={form.endDate} onChange={set('endDate')} errors={errors} required />
        <SelectField name="format" label={labels.format} value={form.format} onChange={set('format')} errors={errors} options={EVENT_FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))} required />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </p>
        {saved && (
          <p role="status" className="notice notice-success">
            {t('common.saved')}
          </p>
        )}
      </form>
    </>
  );
}

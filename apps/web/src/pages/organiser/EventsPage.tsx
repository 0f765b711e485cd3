import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EVENT_FORMATS, type EventFormat, type Language } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDateRange, viewerTimeZone } from '../../format';
import { pick } from '../../components/Localized';
import { Loading, useDocumentTitle } from '../../components/Status';
import { useResource } from '../../components/useResource';
import { organiserApi } from './client';
import { FormErrors, SelectField, TextField, useSubmit } from './form';
import { LoadError } from './OrganiserLayout';

export function EventsPage() {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  useDocumentTitle(t('events.title'));
  const events = useResource('events', (signal) => organiserApi.events(signal));
  return (
    <>
      <h1>{t('events.title')}</h1>
      {events.loading && <Loading />}
      {events.error !== undefined && <LoadError error={events.error} onRetry={events.reload} />}
      {events.data && events.data.length === 0 && <p>{t('events.none')}</p>}
      {events.data && events.data.length > 0 && (
        <ul className="plain-list">
          {events.data.map((e) => (
            <li key={e.id}>
              <Link to={`/organiser/events/${e.id}`}>{pick(e.title, lang, e.mainLanguage)?.text ?? e.slug}</Link> <span className="muted">— {formatDateRange(e.startDate, e.endDate, lang)} · {t(`status.${e.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      <CreateEvent />
    </>
  );
}

function CreateEvent() {
  const { t } = useTranslation('organiser');
  const navigate = useNavigate();
  const [form, setForm] = useState({ slug: '', titleFr: '', titleEn: '', mainLanguage: 'fr', timeZone: viewerTimeZone(), startDate: '', endDate: '', format: 'online' });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  const labels: Record<string, string> = {
    slug: t('event.slug'),
    'title.fr': t('event.titleFr'),
    'title.en': t('event.titleEn'),
    title: t('event.title'),
    mainLanguage: t('event.mainLanguage'),
    timeZone: t('event.timeZone'),
    startDate: t('event.startDate'),
    endDate: t('event.endDate'),
    format: t('event.format'),
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const title: Partial<Record<Language, string>> = {};
    if (form.titleFr.trim()) title.fr = form.titleFr;
    if (form.titleEn.trim()) title.en = form.titleEn;
    const created = await run(() =>
      organiserApi.createEvent({ slug: form.slug, title, mainLanguage: form.mainLanguage as Language, timeZone: form.timeZone, startDate: form.startDate, endDate: form.endDate, format: form.format as EventFormat }),
    );
    if (created) void navigate(`/organiser/events/${created.id}`);
  };
  return (
    <section aria-labelledby="create-event">
      <h2 id="create-event">{t('events.create')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <TextField name="slug" label={labels.slug} hint={t('event.slugHint')} value={form.slug} onChange={set('slug')} errors={errors} required />
        <TextField name="title.fr" label={labels['title.fr']} lang="fr" value={form.titleFr} onChange={set('titleFr')} errors={{ ...errors, 'title.fr': errors['title.fr'] ?? errors.title }} />
        <TextField name="title.en" label={labels['title.en']} lang="en" value={form.titleEn} onChange={set('titleEn')} errors={errors} />
        <SelectField name="mainLanguage" label={labels.mainLanguage} value={form.mainLanguage} onChange={set('mainLanguage')} errors={errors} options={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]} required />
        <TextField name="timeZone" label={labels.timeZone} hint={t('event.timeZoneHint')} value={form.timeZone} onChange={set('timeZone')} errors={errors} required />
        <TextField name="startDate" type="date" label={labels.startDate} value={form.startDate} onChange={set('startDate')} errors={errors} required />
        <TextField name="endDate" type="date" label={labels.endDate} value={form.endDate} onChange={set('endDate')} errors={errors} required />
        <SelectField name="format" label={labels.format} value={form.format} onChange={set('format')} errors={errors} options={EVENT_FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))} required />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('events.createSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { createEventSchema, EVENT_FORMATS, type CreateEventInput, type EventFormat, type Language } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDateRange, viewerTimeZone } from '../../format';
import { pick } from '../../components/Localized';
import { Loading, useDocumentTitle } from '../../components/Status';
import { useQuery } from '@tanstack/react-query';
import { queryClient, queryKeys } from '../../query';
import { FormText, FormSelect, useAmphiForm } from '../../forms';
import { organiserApi } from './client';
import { FormErrors } from './form';
import { LoadError } from './OrganiserLayout';

export function EventsPage() {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  useDocumentTitle(t('events.title'));
  const events = useQuery({ queryKey: queryKeys.organiser.events(), queryFn: ({ signal }) => organiserApi.events(signal) });
  return (
    <>
      <h1>{t('events.title')}</h1>
      {events.isPending && <Loading />}
      {events.isError && <LoadError error={events.error} onRetry={() => void events.refetch()} />}
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

interface CreateEventValues {
  slug: string;
  title: { fr: string; en: string };
  mainLanguage: Language;
  timeZone: string;
  startDate: string;
  endDate: string;
  format: EventFormat;
}

function CreateEvent() {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const navigate = useNavigate();
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<CreateEventValues, CreateEventInput>({
    schema: createEventSchema,
    toInput: (v) => {
      const title: Partial<Record<Language, string>> = {};
      if (v.title.fr.trim()) title.fr = v.title.fr;
      if (v.title.en.trim()) title.en = v.title.en;
      return { ...v, title };
    },
    // A title in neither language is said on the French field.
    errorPath: (key) => (key === 'title' ? 'title.fr' : key),
    defaultValues: { slug: '', title: { fr: '', en: '' }, mainLanguage: lang, timeZone: viewerTimeZone(), startDate: '', endDate: '', format: 'online' },
  });
  const labels: Record<string, string> = {
    slug: t('event.slug'),
    'title.fr': t('event.titleFr'),
    'title.en': t('event.titleEn'),
    mainLanguage: t('event.mainLanguage'),
    timeZone: t('event.timeZone'),
    startDate: t('event.startDate'),
    endDate: t('event.endDate'),
    format: t('event.format'),
  };
  const submit = onSubmit(
    (input) => organiserApi.createEvent(input),
    (created) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.events() });
      void navigate(`/organiser/events/${created.id}`);
    },
  );
  return (
    <section aria-labelledby="create-event">
      <h2 id="create-event">{t('events.create')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <FormText form={form} name="slug" label={labels.slug} hint={t('event.slugHint')} errors={errors} required />
        <FormText form={form} name="title.fr" label={labels['title.fr']} lang="fr" errors={errors} />
        <FormText form={form} name="title.en" label={labels['title.en']} lang="en" errors={errors} />
        <FormSelect form={form} name="mainLanguage" label={labels.mainLanguage} errors={errors} options={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]} required />
        <FormText form={form} name="timeZone" label={labels.timeZone} hint={t('event.timeZoneHint')} errors={errors} required />
        <FormText form={form} name="startDate" type="date" lang={lang} label={labels.startDate} errors={errors} required />
        <FormText form={form} name="endDate" type="date" lang={lang} label={labels.endDate} errors={errors} required />
        <FormSelect form={form} name="format" label={labels.format} errors={errors} options={EVENT_FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))} required />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('events.createSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}

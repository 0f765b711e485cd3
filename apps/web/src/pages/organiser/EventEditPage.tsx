import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldArray } from 'react-hook-form';
import { EVENT_FORMATS, updateEventSchema, type EventFormat, type OrganiserEventView, type UpdateEventInput } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { pick } from '../../components/Localized';
import { FormCheckbox, FormSelect, FormText, useAmphiForm } from '../../forms';
import { queryClient, queryKeys } from '../../query';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { organiserApi, wallTime } from './client';
import { FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';

export function EventEditPage() {
  const { event } = useOrganiserEvent();
  const lang = useLanguage();
  const { t } = useTranslation('organiser');
  useDocumentTitle(event.data ? (pick(event.data.title, lang, event.data.mainLanguage)?.text ?? event.data.slug) : t('nav.event'));
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  return <EventEditor key={event.data.id} event={event.data} onSaved={() => void event.refetch()} />;
}

/**
 * Saving one of the event page's forms (PATCH merges): the event as saved replaces the one every
 * organiser page reads, and the form says it is saved until the next attempt.
 */
function useEventSave(eventId: string) {
  const [saved, setSaved] = useState(false);
  return {
    saved,
    run: (input: UpdateEventInput) => {
      setSaved(false);
      return organiserApi.updateEvent(eventId, input);
    },
    done: (updated: OrganiserEventView) => {
      setSaved(true);
      queryClient.setQueryData(queryKeys.organiser.event(eventId), updated);
    },
  };
}

/** What the event form holds: the API's shape, with keywords typed as "a, b" per language. */
interface EventFormValues {
  title: { fr: string; en: string };
  subtitle: { fr: string; en: string };
  timeZone: string;
  startDate: string;
  endDate: string;
  format: EventFormat;
  description: { fr: string; en: string };
  keywords: { fr: string; en: string };
  venue: { name: string; url: string };
}

/** { fr, en } with the empty languages left out (readers of a language without one see the main language's). */
const texts = (value: { fr: string; en: string }) => {
  const out: { fr?: string; en?: string } = {};
  if (value.fr.trim()) out.fr = value.fr;
  if (value.en.trim()) out.en = value.en;
  return out;
};

/** "santé, handicap" → ["santé", "handicap"]: keywords are typed as a list separated by commas. */
const keywordList = (value: string) =>
  value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

function toEventInput(v: EventFormValues): UpdateEventInput {
  const subtitle = texts(v.subtitle);
  const description = texts(v.description);
  const keywords = { fr: keywordList(v.keywords.fr), en: keywordList(v.keywords.en) };
  return {
    title: texts(v.title),
    ...(Object.keys(subtitle).length ? { subtitle } : {}),
    timeZone: v.timeZone,
    startDate: v.startDate,
    endDate: v.endDate,
    format: v.format,
    ...(Object.keys(description).length ? { description } : {}),
    venue: v.venue.name.trim() || v.venue.url.trim() ? { name: v.venue.name, ...(v.venue.url.trim() ? { url: v.venue.url.trim() } : {}) } : null,
    keywords: { ...(keywords.fr.length ? { fr: keywords.fr } : {}), ...(keywords.en.length ? { en: keywords.en } : {}) },
  };
}

/** An error on one keyword ("keywords.fr.2") is shown on its language's field, one on a whole text on its French field. */
const eventErrorPath = (key: string) => (/^keywords\.(fr|en)\.\d+$/.test(key) ? key.replace(/\.\d+$/, '') : key === 'description' || key === 'title' || key === 'subtitle' ? `${key}.fr` : key === 'venue' ? 'venue.name' : key);

function EventEditor({ event, onSaved }: { event: OrganiserEventView; onSaved: () => void }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<EventFormValues, UpdateEventInput>({
    schema: updateEventSchema,
    toInput: toEventInput,
    errorPath: eventErrorPath,
    defaultValues: {
      title: { fr: event.title.fr ?? '', en: event.title.en ?? '' },
      subtitle: { fr: event.subtitle?.fr ?? '', en: event.subtitle?.en ?? '' },
      timeZone: event.timeZone,
      startDate: event.startDate,
      endDate: event.endDate,
      format: event.format,
      description: { fr: event.description?.fr ?? '', en: event.description?.en ?? '' },
      keywords: { fr: (event.keywords.fr ?? []).join(', '), en: (event.keywords.en ?? []).join(', ') },
      venue: { name: event.venue?.name ?? '', url: event.venue?.url ?? '' },
    },
  });
  const save = useEventSave(event.id);
  const saved = save.saved;
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
    'description.fr': t('event.descriptionFr'),
    'description.en': t('event.descriptionEn'),
    'venue.name': t('event.venueName'),
    'venue.url': t('event.venueUrl'),
    'keywords.fr': t('event.keywordsFr'),
    'keywords.en': t('event.keywordsEn'),
  };
  const submit = onSubmit(save.run, save.done);
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
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="edit-event">
        <h2 id="edit-event">{t('event.edit')}</h2>
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <FormText form={form} name="title.fr" label={labels['title.fr']} lang="fr" errors={errors} />
        <FormText form={form} name="title.en" label={labels['title.en']} lang="en" errors={errors} />
        <FormText form={form} name="subtitle.fr" label={labels['subtitle.fr']} lang="fr" errors={errors} />
        <FormText form={form} name="subtitle.en" label={labels['subtitle.en']} lang="en" errors={errors} />
        <FormText form={form} name="timeZone" label={labels.timeZone} hint={t('event.timeZoneHint')} errors={errors} required />
        <FormText form={form} name="startDate" type="date" lang={lang} label={labels.startDate} errors={errors} required />
        <FormText form={form} name="endDate" type="date" lang={lang} label={labels.endDate} errors={errors} required />
        <FormSelect form={form} name="format" label={labels.format} errors={errors} options={EVENT_FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))} required />
        <FormText form={form} name="description.fr" label={labels['description.fr']} lang="fr" multiline errors={errors} />
        <FormText form={form} name="description.en" label={labels['description.en']} lang="en" multiline errors={errors} />
        <FormText form={form} name="keywords.fr" label={labels['keywords.fr']} hint={t('event.keywordsHint')} lang="fr" errors={errors} />
        <FormText form={form} name="keywords.en" label={labels['keywords.en']} hint={t('event.keywordsHint')} lang="en" errors={errors} />
        <FormText form={form} name="venue.name" label={labels['venue.name']} hint={t('event.venueHint')} errors={errors} />
        <FormText form={form} name="venue.url" type="url" label={labels['venue.url']} errors={errors} />
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
      <RegistrationForm event={event} />
      <QaForm event={event} />
    </>
  );
}

/** "+01:00": the offset of `zone` at the instant `ms`. */
function offsetAt(ms: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** "2027-01-22T09:30" read in `zone` → "2027-01-22T09:30:00+01:00" (as the API wants it: ISO with offset). */
export function zonedIso(wall: string, zone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall);
  if (!m) return wall; // the API says what is wrong with it
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let offset = 0;
  try {
    offset = offsetAt(guess - offsetAt(guess, zone) * 60_000, zone);
  } catch {
    offset = 0;
  }
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** What the registration form holds: the API's shape, numbers and instants as typed. */
interface RegistrationFormValues {
  registration: {
    open: boolean;
    opensAt: string;
    closesAt: string;
    capacity: string;
    retentionDays: string;
    attendeeListPublic: boolean;
    categories: Array<{ key: string; label: { fr: string; en: string } }>;
  };
}

/** Registration: open or closed, its window, seats, categories, retention, the public attendee list. */
function RegistrationForm({ event }: { event: OrganiserEventView }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const r = event.registration;
  const number = (v: string) => (v.trim() === '' ? NaN : Number(v));
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<RegistrationFormValues, UpdateEventInput>({
    schema: updateEventSchema,
    toInput: ({ registration: v }) => ({
      registration: {
        open: v.open,
        opensAt: v.opensAt ? zonedIso(v.opensAt, event.timeZone) : null,
        closesAt: v.closesAt ? zonedIso(v.closesAt, event.timeZone) : null,
        capacity: v.capacity.trim() === '' ? null : number(v.capacity),
        retentionDays: number(v.retentionDays),
        attendeeListPublic: v.attendeeListPublic,
        categories: v.categories.map((c) => ({ key: c.key, label: texts(c.label) })),
      },
    }),
    // A category's label as a whole (neither language given) is shown on its French field.
    errorPath: (key) => (/^registration\.categories\.\d+\.label$/.test(key) ? `${key}.fr` : key),
    defaultValues: {
      registration: {
        open: r.open,
        opensAt: r.opensAt ? wallTime(r.opensAt) : '',
        closesAt: r.closesAt ? wallTime(r.closesAt) : '',
        capacity: r.capacity === null ? '' : String(r.capacity),
        retentionDays: String(r.retentionDays),
        attendeeListPublic: r.attendeeListPublic,
        categories: r.categories.map((c) => ({ key: c.key, label: { fr: c.label.fr ?? '', en: c.label.en ?? '' } })),
      },
    },
  });
  const categories = useFieldArray({ control: form.control, name: 'registration.categories' });
  const save = useEventSave(event.id);
  const saved = save.saved;
  const labels: Record<string, string> = {
    'registration.open': t('registration.open'),
    'registration.opensAt': t('registration.opensAt'),
    'registration.closesAt': t('registration.closesAt'),
    'registration.capacity': t('registration.capacity'),
    'registration.retentionDays': t('registration.retentionDays'),
    'registration.attendeeListPublic': t('registration.attendeeListPublic'),
    'registration.categories': t('registration.categories'),
    registration: t('registration.heading'),
  };
  categories.fields.forEach((_, i) => {
    labels[`registration.categories.${i}`] = t('registration.categoryN', { n: i + 1 });
    labels[`registration.categories.${i}.key`] = t('registration.categoryKeyN', { n: i + 1 });
    labels[`registration.categories.${i}.label.fr`] = t('registration.categoryFrN', { n: i + 1 });
    labels[`registration.categories.${i}.label.en`] = t('registration.categoryEnN', { n: i + 1 });
  });
  const submit = onSubmit(save.run, save.done);
  const zoneHint = t('session.zoneHint', { zone: event.timeZone });
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="registration-settings">
      <h2 id="registration-settings">{t('registration.heading')}</h2>
      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
      <FormCheckbox form={form} name="registration.open" label={labels['registration.open']} errors={errors} />
      <FormText form={form} name="registration.opensAt" type="datetime-local" lang={lang} label={labels['registration.opensAt']} hint={`${t('registration.opensAtHint')} ${zoneHint}`} errors={errors} />
      <FormText form={form} name="registration.closesAt" type="datetime-local" lang={lang} label={labels['registration.closesAt']} hint={`${t('registration.closesAtHint')} ${zoneHint}`} errors={errors} />
      <FormText form={form} name="registration.capacity" type="number" label={labels['registration.capacity']} hint={t('registration.capacityHint')} errors={errors} />
      <FormText form={form} name="registration.retentionDays" type="number" label={labels['registration.retentionDays']} hint={t('registration.retentionDaysHint')} errors={errors} required />
      <FormCheckbox form={form} name="registration.attendeeListPublic" label={labels['registration.attendeeListPublic']} errors={errors} />
      <fieldset className="field" aria-describedby={errors['registration.categories'] ? 'field-registration.categories-error' : 'registration-categories-hint'}>
        <legend>{labels['registration.categories']}</legend>
        <p id="registration-categories-hint" className="hint">
          {t('registration.categoriesHint')}
        </p>
        {errors['registration.categories'] && (
          <p id="field-registration.categories-error" className="field-error">
            {errors['registration.categories']}
          </p>
        )}
        {categories.fields.map((row, i) => (
          <fieldset key={row.id} className="talk">
            <legend>{t('registration.categoryN', { n: i + 1 })}</legend>
            <FormText form={form} name={`registration.categories.${i}.key`} label={t('registration.categoryKey')} hint={t('registration.categoryKeyHint')} errors={errors} required />
            <FormText form={form} name={`registration.categories.${i}.label.fr`} label={t('registration.categoryFr')} lang="fr" errors={errors} />
            <FormText form={form} name={`registration.categories.${i}.label.en`} label={t('registration.categoryEn')} lang="en" errors={errors} />
            <button type="button" className="button" onClick={() => categories.remove(i)}>
              {t('registration.removeCategory', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" className="button" onClick={() => categories.append({ key: '', label: { fr: '', en: '' } })}>
          {t('registration.addCategory')}
        </button>
      </fieldset>
      <p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('registration.save')}
        </button>
      </p>
      {saved && (
        <p role="status" className="notice notice-success">
          {t('registration.saved')}
        </p>
      )}
    </form>
  );
}

/** The live Q&A: whether the chairs and organisers see who asked an anonymous question. */
function QaForm({ event }: { event: OrganiserEventView }) {
  const { t } = useTranslation('organiser');
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<{ qa: { anonymousNamesToModerators: boolean } }, UpdateEventInput>({
    schema: updateEventSchema,
    defaultValues: { qa: { anonymousNamesToModerators: event.qa.anonymousNamesToModerators } },
  });
  const save = useEventSave(event.id);
  const saved = save.saved;
  const labels = { 'qa.anonymousNamesToModerators': t('qa.anonymousNamesToModerators') };
  const submit = onSubmit(save.run, save.done);
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="qa-settings">
      <h2 id="qa-settings">{t('qa.heading')}</h2>
      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
      <FormCheckbox form={form} name="qa.anonymousNamesToModerators" label={labels['qa.anonymousNamesToModerators']} errors={errors} />
      <p className="hint">{t('qa.hint')}</p>
      <p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('qa.save')}
        </button>
      </p>
      {saved && (
        <p role="status" className="notice notice-success">
          {t('common.saved')}
        </p>
      )}
    </form>
  );
}

import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_FORMATS, type EventFormat, type OrganiserEventView } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { pick } from '../../components/Localized';
import { CheckboxField } from '../../components/Field';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { organiserApi, wallTime } from './client';
import { FormErrors, SelectField, TextField, useSubmit } from './form';
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
    descriptionFr: event.description?.fr ?? '',
    descriptionEn: event.description?.en ?? '',
    venueName: event.venue?.name ?? '',
    venueUrl: event.venue?.url ?? '',
    keywordsFr: (event.keywords.fr ?? []).join(', '),
    keywordsEn: (event.keywords.en ?? []).join(', '),
  });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const { errors: raw, failure, busy, run, summaryRef } = useSubmit();
  // One keyword's error ("keywords.fr.2") is shown on its language's field.
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) errors[/^keywords\.(fr|en)\.\d+$/.test(k) ? k.replace(/\.\d+$/, '') : k] ??= v;
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
    'description.fr': t('event.descriptionFr'),
    'description.en': t('event.descriptionEn'),
    description: t('event.description'),
    'venue.name': t('event.venueName'),
    'venue.url': t('event.venueUrl'),
    venue: t('event.venue'),
    'keywords.fr': t('event.keywordsFr'),
    'keywords.en': t('event.keywordsEn'),
  };
  const text = (fr: string, en: string) => {
    const out: { fr?: string; en?: string } = {};
    if (fr.trim()) out.fr = fr;
    if (en.trim()) out.en = en;
    return out;
  };
  /** "santé, handicap" → ["santé", "handicap"]: keywords are typed as a list separated by commas. */
  const list = (value: string) =>
    value
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const keywords = { fr: list(form.keywordsFr), en: list(form.keywordsEn) };
    const subtitle = text(form.subtitleFr, form.subtitleEn);
    const description = text(form.descriptionFr, form.descriptionEn);
    const venue = form.venueName.trim() || form.venueUrl.trim() ? { name: form.venueName, ...(form.venueUrl.trim() ? { url: form.venueUrl.trim() } : {}) } : null;
    const ok = await run(() =>
      organiserApi.updateEvent(event.id, {
        title: text(form.titleFr, form.titleEn),
        ...(Object.keys(subtitle).length ? { subtitle } : {}),
        timeZone: form.timeZone,
        startDate: form.startDate,
        endDate: form.endDate,
        format: form.format as EventFormat,
        ...(Object.keys(description).length ? { description } : {}),
        venue,
        // Each language's list, empty ones left out: readers of a language without one see the main language's.
        keywords: { ...(keywords.fr.length ? { fr: keywords.fr } : {}), ...(keywords.en.length ? { en: keywords.en } : {}) },
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
        <TextField name="startDate" type="date" lang={lang} label={labels.startDate} value={form.startDate} onChange={set('startDate')} errors={errors} required />
        <TextField name="endDate" type="date" lang={lang} label={labels.endDate} value={form.endDate} onChange={set('endDate')} errors={errors} required />
        <SelectField name="format" label={labels.format} value={form.format} onChange={set('format')} errors={errors} options={EVENT_FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))} required />
        <TextField name="description.fr" label={labels['description.fr']} lang="fr" multiline value={form.descriptionFr} onChange={set('descriptionFr')} errors={{ ...errors, 'description.fr': errors['description.fr'] ?? errors.description }} />
        <TextField name="description.en" label={labels['description.en']} lang="en" multiline value={form.descriptionEn} onChange={set('descriptionEn')} errors={errors} />
        <TextField name="keywords.fr" label={labels['keywords.fr']} hint={t('event.keywordsHint')} lang="fr" value={form.keywordsFr} onChange={set('keywordsFr')} errors={errors} />
        <TextField name="keywords.en" label={labels['keywords.en']} hint={t('event.keywordsHint')} lang="en" value={form.keywordsEn} onChange={set('keywordsEn')} errors={errors} />
        <TextField name="venue.name" label={labels['venue.name']} hint={t('event.venueHint')} value={form.venueName} onChange={set('venueName')} errors={{ ...errors, 'venue.name': errors['venue.name'] ?? errors.venue }} />
        <TextField name="venue.url" type="url" label={labels['venue.url']} value={form.venueUrl} onChange={set('venueUrl')} errors={errors} />
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

interface CategoryRow {
  key: string;
  fr: string;
  en: string;
}

function Checkbox({ name, label, checked, onChange, errors }: { name: string; label: ReactNode; checked: boolean; onChange: (v: boolean) => void; errors: Record<string, string> }) {
  const id = `field-${name}`;
  return (
    <CheckboxField id={id} label={label} error={errors[name]}>
      {(describedBy, invalid) => <input type="checkbox" id={id} name={name} checked={checked} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.checked)} />}
    </CheckboxField>
  );
}

/** Registration: open or closed, its window, seats, categories, retention, the public attendee list. */
function RegistrationForm({ event }: { event: OrganiserEventView }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const r = event.registration;
  const [open, setOpen] = useState(r.open);
  const [attendeeListPublic, setAttendeeListPublic] = useState(r.attendeeListPublic);
  const [form, setForm] = useState({
    opensAt: r.opensAt ? wallTime(r.opensAt) : '',
    closesAt: r.closesAt ? wallTime(r.closesAt) : '',
    capacity: r.capacity === null ? '' : String(r.capacity),
    retentionDays: String(r.retentionDays),
  });
  const [categories, setCategories] = useState<CategoryRow[]>(r.categories.map((c) => ({ key: c.key, fr: c.label.fr ?? '', en: c.label.en ?? '' })));
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const { errors: raw, failure, busy, run, summaryRef } = useSubmit();
  const [saved, setSaved] = useState(false);
  // A category's label as a whole (neither language given) is shown on its French field.
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const whole = /^registration\.categories\.(\d+)\.label$/.exec(k);
    errors[whole ? `${k}.fr` : k] = v;
  }
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
  categories.forEach((_, i) => {
    labels[`registration.categories.${i}`] = t('registration.categoryN', { n: i + 1 });
    labels[`registration.categories.${i}.key`] = t('registration.categoryKeyN', { n: i + 1 });
    labels[`registration.categories.${i}.label.fr`] = t('registration.categoryFrN', { n: i + 1 });
    labels[`registration.categories.${i}.label.en`] = t('registration.categoryEnN', { n: i + 1 });
  });
  const number = (v: string) => (v.trim() === '' ? NaN : Number(v));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const capacity = form.capacity.trim() === '' ? null : number(form.capacity);
    const ok = await run(() =>
      organiserApi.updateEvent(event.id, {
        registration: {
          open,
          opensAt: form.opensAt ? zonedIso(form.opensAt, event.timeZone) : null,
          closesAt: form.closesAt ? zonedIso(form.closesAt, event.timeZone) : null,
          capacity,
          retentionDays: number(form.retentionDays),
          attendeeListPublic,
          categories: categories.map((c) => ({ key: c.key, label: { ...(c.fr.trim() ? { fr: c.fr } : {}), ...(c.en.trim() ? { en: c.en } : {}) } })),
        },
      }),
    );
    if (ok) setSaved(true);
  };
  const zoneHint = t('session.zoneHint', { zone: event.timeZone });
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="registration-settings">
      <h2 id="registration-settings">{t('registration.heading')}</h2>
      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
      <Checkbox name="registration.open" label={labels['registration.open']} checked={open} onChange={setOpen} errors={errors} />
      <TextField name="registration.opensAt" type="datetime-local" lang={lang} label={labels['registration.opensAt']} hint={`${t('registration.opensAtHint')} ${zoneHint}`} value={form.opensAt} onChange={set('opensAt')} errors={errors} />
      <TextField name="registration.closesAt" type="datetime-local" lang={lang} label={labels['registration.closesAt']} hint={`${t('registration.closesAtHint')} ${zoneHint}`} value={form.closesAt} onChange={set('closesAt')} errors={errors} />
      <TextField name="registration.capacity" type="number" label={labels['registration.capacity']} hint={t('registration.capacityHint')} value={form.capacity} onChange={set('capacity')} errors={errors} />
      <TextField name="registration.retentionDays" type="number" label={labels['registration.retentionDays']} hint={t('registration.retentionDaysHint')} value={form.retentionDays} onChange={set('retentionDays')} errors={errors} required />
      <Checkbox name="registration.attendeeListPublic" label={labels['registration.attendeeListPublic']} checked={attendeeListPublic} onChange={setAttendeeListPublic} errors={errors} />
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
        {categories.map((c, i) => {
          const cp = `registration.categories.${i}.`;
          const setRow = (patch: Partial<CategoryRow>) => setCategories((list) => list.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <fieldset key={i} className="talk">
              <legend>{t('registration.categoryN', { n: i + 1 })}</legend>
              <TextField name={`${cp}key`} label={t('registration.categoryKey')} hint={t('registration.categoryKeyHint')} value={c.key} onChange={(v) => setRow({ key: v })} errors={errors} required />
              <TextField name={`${cp}label.fr`} label={t('registration.categoryFr')} lang="fr" value={c.fr} onChange={(v) => setRow({ fr: v })} errors={errors} />
              <TextField name={`${cp}label.en`} label={t('registration.categoryEn')} lang="en" value={c.en} onChange={(v) => setRow({ en: v })} errors={errors} />
              <button type="button" className="button" onClick={() => setCategories((list) => list.filter((_, j) => j !== i))}>
                {t('registration.removeCategory', { n: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button type="button" className="button" onClick={() => setCategories((list) => [...list, { key: '', fr: '', en: '' }])}>
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
  const [names, setNames] = useState(event.qa.anonymousNamesToModerators);
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  const [saved, setSaved] = useState(false);
  const labels = { 'qa.anonymousNamesToModerators': t('qa.anonymousNamesToModerators') };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const ok = await run(() => organiserApi.updateEvent(event.id, { qa: { anonymousNamesToModerators: names } }));
    if (ok) setSaved(true);
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="qa-settings">
      <h2 id="qa-settings">{t('qa.heading')}</h2>
      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
      <Checkbox name="qa.anonymousNamesToModerators" label={labels['qa.anonymousNamesToModerators']} checked={names} onChange={setNames} errors={errors} />
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

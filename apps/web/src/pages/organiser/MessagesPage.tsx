import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  MESSAGE_AUDIENCES,
  organiserMessageDraftSchema,
  reminderSettingsSchema,
  type Language,
  type MessageAudience,
  type OrganiserEventView,
  type OrganiserMessageDraft,
  type OrganiserMessagePreview,
  type ReminderSettings,
} from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../format';
import { pick } from '../../components/Localized';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { FormCheckbox, FormSelect, FormText, useAmphiForm } from '../../forms';
import { queryClient, queryKeys } from '../../query';
import { FormErrors } from './form';
import { organiserApi } from './client';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';

/** `/organiser/events/:eventId/messages`: the event's reminders, a message to registrants (previewed, then sent), and the messages sent. */
export function MessagesPage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('nav.messages'));
  const { eventId, event } = useOrganiserEvent();
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('messages.heading')}</h1>
      <ReminderSettingsForm eventId={eventId} />
      <Composer event={event.data} />
      <SentMessages event={event.data} />
    </>
  );
}

interface ReminderValues {
  beforeEvent: { enabled: boolean; hoursBefore: string };
  beforeSession: { enabled: boolean; minutesBefore: string };
}

function ReminderSettingsForm({ eventId }: { eventId: string }) {
  const { t } = useTranslation('organiser');
  const settings = useQuery({ queryKey: queryKeys.organiser.reminderSettings(eventId), queryFn: ({ signal }) => organiserApi.reminderSettings(eventId, signal) });
  return (
    <section aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">{t('messages.reminders.heading')}</h2>
      <p>{t('messages.reminders.intro')}</p>
      {settings.isError && <LoadError error={settings.error} onRetry={() => void settings.refetch()} />}
      {!settings.data && !settings.isError && <Loading />}
      {/* Mounted once the settings are read, so that the form starts from them; a save keeps what the form holds. */}
      {settings.data && <ReminderSettingsFields eventId={eventId} settings={settings.data} />}
    </section>
  );
}

function ReminderSettingsFields({ eventId, settings }: { eventId: string; settings: ReminderSettings }) {
  const { t } = useTranslation('organiser');
  const [saved, setSaved] = useState(false);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<ReminderValues, ReminderSettings>({
    schema: reminderSettingsSchema,
    // Number inputs hold text; an empty one is not a number, and the schema says so on its field.
    toInput: (v) => ({
      beforeEvent: { enabled: v.beforeEvent.enabled, hoursBefore: v.beforeEvent.hoursBefore === '' ? NaN : Number(v.beforeEvent.hoursBefore) },
      beforeSession: { enabled: v.beforeSession.enabled, minutesBefore: v.beforeSession.minutesBefore === '' ? NaN : Number(v.beforeSession.minutesBefore) },
    }),
    defaultValues: {
      beforeEvent: { enabled: settings.beforeEvent.enabled, hoursBefore: String(settings.beforeEvent.hoursBefore) },
      beforeSession: { enabled: settings.beforeSession.enabled, minutesBefore: String(settings.beforeSession.minutesBefore) },
    },
  });
  const labels: Record<string, string> = {
    'beforeEvent.enabled': t('messages.reminders.beforeEvent'),
    'beforeEvent.hoursBefore': t('messages.reminders.hoursBefore'),
    'beforeSession.enabled': t('messages.reminders.beforeSession'),
    'beforeSession.minutesBefore': t('messages.reminders.minutesBefore'),
  };
  const submit = onSubmit(
    (input) => {
      setSaved(false);
      return organiserApi.saveReminderSettings(eventId, input);
    },
    (stored) => {
      queryClient.setQueryData(queryKeys.organiser.reminderSettings(eventId), stored);
      setSaved(true);
    },
  );
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t('messages.reminders.beforeEventLegend')}</legend>
        <FormCheckbox form={form} name="beforeEvent.enabled" label={labels['beforeEvent.enabled']} errors={errors} />
        <FormText form={form} name="beforeEvent.hoursBefore" type="number" label={labels['beforeEvent.hoursBefore']} hint={t('messages.reminders.hoursHint')} errors={errors} />
      </fieldset>
      <fieldset>
        <legend>{t('messages.reminders.beforeSessionLegend')}</legend>
        <FormCheckbox form={form} name="beforeSession.enabled" label={labels['beforeSession.enabled']} errors={errors} />
        <FormText form={form} name="beforeSession.minutesBefore" type="number" label={labels['beforeSession.minutesBefore']} hint={t('messages.reminders.minutesHint')} errors={errors} />
      </fieldset>
      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
      <p className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('messages.reminders.save')}
        </button>
      </p>
      <p role="status">{saved ? t('messages.reminders.saved') : ''}</p>
    </form>
  );
}

interface DraftValues {
  audience: MessageAudience;
  category: string;
  subject: { fr: string; en: string };
  body: { fr: string; en: string };
}

/** A text in the languages the organiser wrote it in (an empty field is left out). */
const written = (text: { fr: string; en: string }) => {
  const out: Partial<Record<Language, string>> = {};
  if (text.fr.trim()) out.fr = text.fr;
  if (text.en.trim()) out.en = text.en;
  return out;
};

function Composer({ event }: { event: OrganiserEventView }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const categories = event.registration.categories;
  // What was previewed, and the key that makes sending it once whatever the clicks; any edit asks for a new preview.
  const [previewed, setPreviewed] = useState<{ draft: OrganiserMessageDraft; preview: OrganiserMessagePreview; key: string } | null>(null);
  const [sentTo, setSentTo] = useState<number | null>(null);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<DraftValues, OrganiserMessageDraft>({
    schema: organiserMessageDraftSchema,
    toInput: (v) => ({ audience: v.audience, ...(v.audience === 'category' ? { category: v.category || undefined } : {}), subject: written(v.subject), body: written(v.body) }),
    // A text in neither language is said on the first field.
    errorPath: (key) => (key === 'subject' ? 'subject.fr' : key === 'body' ? 'body.fr' : key),
    defaultValues: { audience: 'registered', category: categories[0]?.key ?? '', subject: { fr: '', en: '' }, body: { fr: '', en: '' } },
  });
  useEffect(() => {
    const watching = form.watch(() => setPreviewed(null));
    return () => watching.unsubscribe();
  }, [form]);
  const audience = form.watch('audience');
  const labels: Record<string, string> = {
    audience: t('messages.compose.audience'),
    category: t('messages.compose.category'),
    'subject.fr': t('messages.compose.subjectFr'),
    'subject.en': t('messages.compose.subjectEn'),
    'body.fr': t('messages.compose.bodyFr'),
    'body.en': t('messages.compose.bodyEn'),
  };
  const preview = onSubmit(
    async (draft) => ({ draft, preview: await organiserApi.previewMessage(event.id, draft) }),
    ({ draft, preview }) => {
      setSentTo(null);
      setPreviewed({ draft, preview, key: crypto.randomUUID() });
    },
  );
  const send = useMutation({
    mutationFn: (p: NonNullable<typeof previewed>) => organiserApi.sendMessage(event.id, { ...p.draft, idempotencyKey: p.key }),
    onSuccess: (sent) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.messages(event.id) });
      form.reset();
      setPreviewed(null);
      setSentTo(sent.recipientCount);
    },
  });
  return (
    <section aria-labelledby="compose-heading">
      <h2 id="compose-heading">{t('messages.compose.heading')}</h2>
      <form className="form" onSubmit={(e) => void preview(e)} noValidate>
        <FormSelect
          form={form}
          name="audience"
          label={labels.audience}
          errors={errors}
          required
          options={MESSAGE_AUDIENCES.filter((a) => a !== 'category' || categories.length > 0).map((a) => ({ value: a, label: t(`messages.audience.${a}`) }))}
        />
        {audience === 'category' && (
          <FormSelect form={form} name="category" label={labels.category} errors={errors} required options={categories.map((c) => ({ value: c.key, label: pick(c.label, lang, event.mainLanguage)?.text ?? c.key }))} />
        )}
        <FormText form={form} name="subject.fr" label={labels['subject.fr']} lang="fr" errors={errors} />
        <FormText form={form} name="subject.en" label={labels['subject.en']} lang="en" errors={errors} />
        <FormText form={form} name="body.fr" label={labels['body.fr']} lang="fr" multiline hint={t('messages.compose.bodyHint')} errors={errors} />
        <FormText form={form} name="body.en" label={labels['body.en']} lang="en" multiline hint={t('messages.compose.bodyHint')} errors={errors} />
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <p className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('messages.compose.preview')}
          </button>
        </p>
      </form>
      {previewed && (
        <PreviewPanel
          preview={previewed.preview}
          sending={send.isPending}
          error={send.isError ? send.error : undefined}
          onSend={() => send.mutate(previewed)}
          onEdit={() => setPreviewed(null)}
        />
      )}
      <p role="status">{sentTo !== null ? t('messages.compose.sent', { count: sentTo }) : ''}</p>
    </section>
  );
}

function PreviewPanel({ preview, sending, error, onSend, onEdit }: { preview: OrganiserMessagePreview; sending: boolean; error: unknown; onSend: () => void; onEdit: () => void }) {
  const { t } = useTranslation('organiser');
  const languageName = (l: Language) => t(`messages.languages.${l}`);
  const nobody = preview.recipientCount === 0;
  return (
    <section className="notice" aria-labelledby="preview-heading" tabIndex={-1} ref={(node) => node?.focus()}>
      <h3 id="preview-heading">{t('messages.preview.heading')}</h3>
      <p>
        {t('messages.preview.count', { count: preview.recipientCount })}{' '}
        {!nobody && t('messages.preview.languages', { fr: preview.languages.fr, en: preview.languages.en })}
      </p>
      {!nobody && <p>{t('messages.preview.as', { name: preview.sample.recipientName, language: languageName(preview.sample.language) })}</p>}
      <p>
        <strong>{t('messages.preview.subject')}</strong> <span lang={preview.sample.language}>{preview.sample.subject}</span>
      </p>
      <pre className="mail-preview" lang={preview.sample.language} tabIndex={0} aria-label={t('messages.preview.body')} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {preview.sample.text}
      </pre>
      {error !== undefined && <ErrorMessage error={error} />}
      <p className="button-row">
        <button type="button" className="button button-primary" onClick={onSend} disabled={sending || nobody}>
          {t('messages.preview.send', { count: preview.recipientCount })}
        </button>
        <button type="button" className="button" onClick={onEdit}>
          {t('messages.preview.edit')}
        </button>
      </p>
    </section>
  );
}

function SentMessages({ event }: { event: OrganiserEventView }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const messages = useQuery({
    queryKey: queryKeys.organiser.messages(event.id),
    queryFn: ({ signal }) => organiserApi.messages(event.id, signal),
    // While one is still being written to the outbox, its count grows: look again until all are sent.
    refetchInterval: (query) => (query.state.data?.some((m) => m.status === 'sending') ? 2000 : false),
  });
  const categoryLabel = (key: string | null) => {
    const category = event.registration.categories.find((c) => c.key === key);
    return category ? (pick(category.label, lang, event.mainLanguage)?.text ?? key) : key;
  };
  return (
    <section aria-labelledby="sent-heading">
      <h2 id="sent-heading">{t('messages.sent.heading')}</h2>
      {messages.isError && <LoadError error={messages.error} onRetry={() => void messages.refetch()} />}
      {!messages.data && !messages.isError && <Loading />}
      {messages.data && messages.data.length === 0 && <p>{t('messages.sent.none')}</p>}
      {messages.data && messages.data.length > 0 && (
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-labelledby="sent-heading">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('messages.sent.when')}</th>
                <th scope="col">{t('messages.sent.subject')}</th>
                <th scope="col">{t('messages.sent.audience')}</th>
                <th scope="col">{t('messages.sent.recipients')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.data.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.createdAt, event.timeZone, lang)}</td>
                  <td>{pick(m.subject, lang, event.mainLanguage)?.text}</td>
                  <td>{m.audience === 'category' ? t('messages.audience.categoryNamed', { category: categoryLabel(m.category) }) : t(`messages.audience.${m.audience}`)}</td>
                  <td>{m.status === 'sent' ? t('messages.sent.count', { count: m.recipientCount }) : t('messages.sent.sending', { queued: m.queuedCount, count: m.recipientCount })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

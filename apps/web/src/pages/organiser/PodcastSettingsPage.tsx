import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { PODCAST_CATEGORIES, podcastSettingsSchema, type OrganiserEventView, type PodcastSettingsInput, type PodcastSettingsView } from '@amphi/contracts';
import { FormCheckbox, FormText, useAmphiForm } from '../../forms';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { queryClient, queryKeys } from '../../query';
import { subscribePage } from '../../podcast-api';
import { organiserApi } from './client';
import { FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import '../../podcast-texts';
import '../../podcast.css';

const settingsKey = (eventId: string) => [...queryKeys.organiser.event(eventId), 'podcast'] as const;

/**
 * `/organiser/events/:eventId/podcast`: what the directories read in the event's feed: the owner (name,
 * e-mail), the author, up to three categories, the explicit flag (each empty field uses the default
 * shown), and the artwork: the one generated from the title, or one uploaded (square JPEG or PNG).
 */
export function PodcastSettingsPage() {
  const { t } = useTranslation('podcast');
  useDocumentTitle(t('settings.heading'));
  const { eventId, event } = useOrganiserEvent();
  const settings = useQuery({ queryKey: settingsKey(eventId), queryFn: ({ signal }) => organiserApi.podcastSettings(eventId, signal) });
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!event.data || !settings.data) return <Loading />;
  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('settings.heading')}</h1>
      <p>{t('settings.intro')}</p>
      {event.data.status === 'published' && (
        <p>
          <Link to={subscribePage(event.data.slug)}>{t('settings.subscribePage')}</Link>
        </p>
      )}
      <SettingsForm event={event.data} settings={settings.data} />
      <Artwork eventId={eventId} settings={settings.data} />
    </>
  );
}

type Values = { ownerName: string; ownerEmail: string; author: string; categories: string[]; explicit: boolean };

const formValues = (s: PodcastSettingsView): Values => ({
  ownerName: s.defaults.ownerName ? '' : s.ownerName,
  ownerEmail: s.defaults.ownerEmail ? '' : s.ownerEmail,
  author: s.defaults.author ? '' : s.author,
  categories: [...s.categories],
  explicit: s.explicit,
});

function SettingsForm({ event, settings }: { event: OrganiserEventView; settings: PodcastSettingsView }) {
  const { t } = useTranslation('podcast');
  const [saved, setSaved] = useState(false);
  const [shown, setShown] = useState(settings);
  const text = (v: string) => (v.trim() ? v : null);
  const form = useAmphiForm<Values, PodcastSettingsInput>({
    schema: podcastSettingsSchema,
    toInput: (v) => ({ ownerName: text(v.ownerName), ownerEmail: text(v.ownerEmail), author: text(v.author), categories: Array.isArray(v.categories) ? v.categories : v.categories ? [v.categories] : [], explicit: !!v.explicit }),
    errorPath: (key) => (key.startsWith('categories') ? 'categories' : key),
    clientMessage: (field, issue) => (field === 'categories' && issue.code === 'too_big' ? t('settings.tooManyCategories') : undefined),
    defaultValues: formValues(settings),
  });
  const save = form.onSubmit(
    (input) => {
      setSaved(false);
      return organiserApi.savePodcastSettings(event.id, input);
    },
    (result) => {
      queryClient.setQueryData(settingsKey(event.id), result);
      form.form.reset(formValues(result));
      setShown(result);
      setSaved(true);
    },
  );
  const labels: Record<string, string> = {
    ownerName: t('settings.ownerName'),
    ownerEmail: t('settings.ownerEmail'),
    author: t('settings.author'),
    categories: t('settings.categories'),
    explicit: t('settings.explicit'),
  };
  // Each text field: its own hint, and whether the default (shown as the placeholder) is what the feed uses.
  const hint = (field: 'ownerName' | 'ownerEmail' | 'author', own: string) => (
    <>
      {own} {shown.defaults[field] ? <span data-default={field}>{t('settings.usingDefault', { value: shown[field] })}</span> : t('settings.setByYou')}
    </>
  );
  const placeholder = (field: 'ownerName' | 'ownerEmail' | 'author') => (shown.defaults[field] ? shown[field] : undefined);
  const categoriesError = form.errors.categories;
  return (
    <form className="form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="podcast-feed-heading">
      <h2 id="podcast-feed-heading" className="visually-hidden">
        {t('settings.heading')}
      </h2>
      <FormErrors errors={form.errors} failure={form.failure} labels={labels} summaryRef={form.summaryRef} />
      <Placeholder text={placeholder('ownerName')} name="ownerName">
        <FormText form={form.form} name="ownerName" label={labels.ownerName} hint={hint('ownerName', t('settings.ownerNameHint'))} errors={form.errors} autoComplete="name" />
      </Placeholder>
      <Placeholder text={placeholder('ownerEmail')} name="ownerEmail">
        <FormText form={form.form} name="ownerEmail" type="email" label={labels.ownerEmail} hint={hint('ownerEmail', t('settings.ownerEmailHint'))} errors={form.errors} autoComplete="email" />
      </Placeholder>
      <Placeholder text={placeholder('author')} name="author">
        <FormText form={form.form} name="author" label={labels.author} hint={hint('author', t('settings.authorHint'))} errors={form.errors} />
      </Placeholder>
      <fieldset className={`field${categoriesError ? ' field-invalid' : ''}`} id="field-categories" tabIndex={-1} aria-describedby={categoriesError ? 'field-categories-hint field-categories-error' : 'field-categories-hint'}>
        <legend>{labels.categories}</legend>
        <p className="hint" id="field-categories-hint">
          {t('settings.categoriesHint')}
        </p>
        {categoriesError && (
          <p className="field-error" id="field-categories-error">
            {categoriesError}
          </p>
        )}
        <div className="podcast-categories">
          {PODCAST_CATEGORIES.map((c, i) => (
            <div className="checkbox" key={c}>
              <input id={`category-${i}`} type="checkbox" value={c} aria-invalid={!!categoriesError || undefined} {...form.form.register('categories')} />
              <label htmlFor={`category-${i}`}>{t(`settings.category.${c}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <FormCheckbox form={form.form} name="explicit" label={labels.explicit} errors={form.errors} />
      <p className="button-row">
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {t('settings.save')}
        </button>
      </p>
      <p role="status" className={saved ? 'notice notice-success' : 'hint'}>
        {saved ? t('settings.saved') : ''}
      </p>
    </form>
  );
}

/** Sets the placeholder of the field named `name` (FormText has none): the default the feed uses while it is empty. */
function Placeholder({ text, name, children }: { text: string | undefined; name: string; children: React.ReactNode }) {
  return (
    <div
      ref={(el) => {
        const input = el?.querySelector<HTMLInputElement>(`#field-${name}`);
        if (input) input.placeholder = text ?? '';
      }}
    >
      {children}
    </div>
  );
}

function Artwork({ eventId, settings }: { eventId: string; settings: PodcastSettingsView }) {
  const { t } = useTranslation('podcast');
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<'uploaded' | 'removed' | null>(null);
  const [version, setVersion] = useState(0);
  const art = settings.artwork;
  const run = async (action: () => Promise<PodcastSettingsView>, done: 'uploaded' | 'removed') => {
    setBusy(true);
    setFailure(undefined);
    setSaid(null);
    try {
      const result = await action();
      queryClient.setQueryData(settingsKey(eventId), result);
      setVersion((v) => v + 1);
      setSaid(done);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const upload = (e: FormEvent) => {
    e.preventDefault();
    setMissing(false);
    if (!file) {
      setMissing(true);
      return;
    }
    void run(() => organiserApi.uploadArtwork(eventId, file), 'uploaded');
  };
  const src = `${art.url}${art.url.includes('?') ? '&' : '?'}v=${version}`;
  const invalid = missing || failure !== undefined;
  return (
    <section aria-labelledby="artwork-heading">
      <h2 id="artwork-heading">{t('settings.artwork')}</h2>
      <img className="artwork-preview" src={src} alt={t('settings.artworkAlt')} width={192} height={192} />
      <p className="meta" data-generated={art.generated ? 'true' : 'false'}>
        {art.generated ? t('settings.artworkGenerated', { width: art.width, height: art.height }) : t('settings.artworkUploaded', { width: art.width, height: art.height, type: art.contentType })}
      </p>
      <form className="form" onSubmit={upload} noValidate>
        <div className={`field${invalid ? ' field-invalid' : ''}`}>
          <label htmlFor="artwork-file">{t('settings.artworkFile')}</label>
          <p className="hint" id="artwork-file-hint">
            {t('settings.artworkHint')}
          </p>
          {missing && (
            <p className="field-error" id="artwork-file-error">
              {t('settings.chooseFile')}
            </p>
          )}
          <input
            id="artwork-file"
            type="file"
            accept="image/jpeg,image/png"
            aria-describedby={missing ? 'artwork-file-hint artwork-file-error' : 'artwork-file-hint'}
            aria-invalid={invalid || undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFailure(undefined);
            }}
          />
        </div>
        {failure !== undefined && <ErrorMessage error={failure} />}
        <p className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('settings.uploading') : t('settings.upload')}
          </button>
          {!art.generated && (
            <button type="button" className="button" disabled={busy} onClick={() => void run(() => organiserApi.removeArtwork(eventId), 'removed')}>
              {t('settings.remove')}
            </button>
          )}
        </p>
        <p role="status" className={said ? 'notice notice-success' : 'hint'}>
          {said ? t(`settings.${said}`) : ''}
        </p>
      </form>
    </section>
  );
}

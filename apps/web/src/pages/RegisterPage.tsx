import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { registerSchema, resendLinkSchema, type EventWithProgrammeView, type FieldIssue, type Language, type RegisterInput, type RegistrationResult } from '@amphi/contracts';
import { useAmphiForm } from '../forms';
import { useQuery } from '@tanstack/react-query';
import { publicQueries } from '../query';
import { formsApi } from '../api-forms';
import { useLanguage } from '../i18n';
import { formatDateTime } from '../format';
import { pick } from '../components/Localized';
import { EventCrumb } from '../components/EventCrumb';
import { CheckboxField, ErrorSummary, Field } from '../components/Field';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import { useErrorText, useFieldErrorTexts } from '../components/useErrorText';
import { registrationState } from '../registration-state';

interface FormState {
  name: string;
  email: string;
  affiliation: string;
  category: string;
  language: Language;
  privacyConsent: boolean;
  listConsent: boolean;
}

/** `/events/:slug/register`: the registration form, checked with the API's own schema, then the API's answer. */
export function RegisterPage() {
  const { slug = '' } = useParams();
  const event = useQuery(publicQueries.event(slug));
  if (event.isError) return <ErrorMessage error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  return <Registration event={event.data} />;
}

function Registration({ event }: { event: EventWithProgrammeView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const title = pick(event.title, lang, event.mainLanguage)?.text ?? event.slug;
  useDocumentTitle(t('register.pageTitle', { title }));
  const settings = event.registration;
  const state = registrationState(settings);
  const errorText = useErrorText();
  const [done, setDone] = useState<{ result: RegistrationResult; email: string } | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const refusal = useRef<HTMLDivElement>(null);

  /** Our own words for what the schema refuses before sending, field by field. */
  const clientMessage = (field: string, issue: FieldIssue): string | undefined => {
    if (issue.code === 'too_long') return t('register.errors.tooLong', { max: issue.params?.maximum });
    return ['name', 'email', 'category', 'language', 'privacyConsent'].includes(field) ? t(`register.errors.${field}`) : undefined;
  };
  const { form, errors, failure, busy: submitting, summaryRef, onSubmit } = useAmphiForm<FormState, RegisterInput>({
    schema: registerSchema,
    clientMessage,
    defaultValues: { name: '', email: '', affiliation: '', category: '', language: lang, privacyConsent: false, listConsent: false },
    toInput: (f) => ({
      name: f.name,
      email: f.email,
      ...(f.affiliation.trim() ? { affiliation: f.affiliation } : {}),
      ...(f.category ? { category: f.category } : {}),
      language: f.language,
      privacyConsent: f.privacyConsent,
      ...(settings.attendeeListPublic ? { listConsent: f.listConsent } : {}),
    }),
  });

  useEffect(() => {
    if (done) resultHeading.current?.focus();
  }, [done]);
  useEffect(() => {
    if (failure !== undefined) refusal.current?.focus();
  }, [failure]);

  const labels: Record<string, string> = {
    name: t('register.name'),
    email: t('register.email'),
    affiliation: t('register.affiliation'),
    category: t('register.category'),
    language: t('register.language'),
    privacyConsent: t('register.privacyConsentShort'),
    listConsent: t('register.listConsentShort'),
  };

  // The API's field issues land on the fields; any other refusal (closed, rate limited) is said as its code says.
  const submit = onSubmit(
    (input) => formsApi.register(event.slug, input).then((result) => ({ result, email: input.email })),
    setDone,
  );

  if (done) {
    const { result, email } = done;
    return (
      <>
        <EventCrumb event={event} current={t('register.title')} />
        <section className="notice notice-success" aria-labelledby="result-title">
          <h1 id="result-title" tabIndex={-1} ref={resultHeading}>
            {result.status === 'waitlisted' ? t('register.waitlistedTitle') : t('register.confirmedTitle')}
          </h1>
          {result.status === 'waitlisted' ? (
            <p>{t('register.waitlisted', { position: result.waitlistPosition ?? '?' })}</p>
          ) : (
            <p>{t('register.confirmed', { title })}</p>
          )}
          <p>{t('register.linkSent', { email })}</p>
          <p>
            <Link to={`/events/${event.slug}`}>{t('register.backToEvent')}</Link>
          </p>
        </section>
      </>
    );
  }

  const categories = settings.categories;
  return (
    <>
      <EventCrumb event={event} current={t('register.title')} />
      <h1 id="register-title">{t('register.title')}</h1>
      <p className="lead">{title}</p>
      {state.state === 'not_yet_open' && <p className="notice">{t('event.registrationOpens', { when: formatDateTime(state.opensAt, event.timeZone, lang) })}</p>}
      {state.state === 'closed' && <p className="notice">{state.closedAt ? t('register.closedOn', { when: formatDateTime(state.closedAt, event.timeZone, lang) }) : t('event.registrationClosed')}</p>}
      {failure !== undefined && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={refusal}>
          <p>{errorText(failure)}</p>
        </div>
      )}
      {state.state === 'open' && (
        <form noValidate onSubmit={(e) => void submit(e)} className="form" aria-labelledby="register-title" aria-describedby="register-intro">
          <p id="register-intro">
            {t('register.intro')}
            {settings.capacity !== null && ` ${t('register.capacity', { count: settings.capacity })}`}
          </p>
          <ErrorSummary errors={errors} labels={labels} summaryRef={summaryRef} />
          <Field id="field-name" label={labels.name} error={errors.name} required>
            {(describedBy, invalid) => (
              <input id="field-name" type="text" autoComplete="name" {...form.register('name')} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
            )}
          </Field>
          <Field id="field-email" label={labels.email} hint={t('register.emailHint')} error={errors.email} required>
            {(describedBy, invalid) => (
              <input id="field-email" type="email" autoComplete="email" inputMode="email" spellCheck={false} {...form.register('email')} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
            )}
          </Field>
          <Field id="field-affiliation" label={labels.affiliation} hint={t('register.affiliationHint')} error={errors.affiliation}>
            {(describedBy, invalid) => (
              <input id="field-affiliation" type="text" autoComplete="organization" {...form.register('affiliation')} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
            )}
          </Field>
          {categories.length > 0 && (
            <Field id="field-category" label={labels.category} error={errors.category}>
              {(describedBy, invalid) => (
                <select id="field-category" {...form.register('category')} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
                  <option value="">{t('register.noCategory')}</option>
                  {categories.map((c) => (
                    <option key={c.key} value={c.key}>
                      {pick(c.label, lang, event.mainLanguage)?.text ?? c.key}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field id="field-language" label={labels.language} hint={t('register.languageHint')} error={errors.language} required>
            {(describedBy, invalid) => (
              <select id="field-language" {...form.register('language')} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
                <option value="fr" lang="fr">
                  Français
                </option>
                <option value="en" lang="en">
                  English
                </option>
              </select>
            )}
          </Field>
          <CheckboxField id="field-privacyConsent" label={t('register.privacyConsent', { days: settings.retentionDays })} error={errors.privacyConsent}>
            {(describedBy, invalid) => (
              <input id="field-privacyConsent" type="checkbox" {...form.register('privacyConsent')} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
            )}
          </CheckboxField>
          {settings.attendeeListPublic && (
            <CheckboxField id="field-listConsent" label={t('register.listConsent')} error={errors.listConsent}>
              {(describedBy, invalid) => (
                <input id="field-listConsent" type="checkbox" {...form.register('listConsent')} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
              )}
            </CheckboxField>
          )}
          <p>
            <button type="submit" className="button button-primary" disabled={submitting} aria-disabled={submitting}>
              {submitting ? t('register.submitting') : t('register.submit')}
            </button>
          </p>
        </form>
      )}
      <ResendLink slug={event.slug} />
    </>
  );
}

/** "Already registered?": the personal link again, by e-mail (the API answers the same whether or not the address is registered). */
function ResendLink({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const fieldErrorTexts = useFieldErrorTexts();
  const id = useId();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const checked = resendLinkSchema.safeParse({ email });
    if (!checked.success) {
      setError(t('register.errors.email'));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await formsApi.resendLink(slug, checked.data.email);
      setStatus(t('register.resent'));
    } catch (err) {
      const fields = fieldErrorTexts(err);
      if (fields.email) setError(fields.email);
      else setStatus(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const fieldId = `${id}-email`;
  return (
    <section aria-labelledby={`${id}-title`} className="resend">
      <h2 id={`${id}-title`}>{t('register.resendTitle')}</h2>
      <form noValidate onSubmit={submit} className="form form-inline">
        <Field id={fieldId} label={t('register.email')} hint={t('register.resendHint')} error={error} required>
          {(describedBy, invalid) => (
            <input id={fieldId} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
          )}
        </Field>
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t('register.resend')}
          </button>
        </p>
      </form>
      <p role="status">{status}</p>
    </section>
  );
}

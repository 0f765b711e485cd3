import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { registerSchema, resendLinkSchema, type EventWithProgrammeView, type Language, type RegistrationResult } from '@amphi/contracts';
import { useQuery } from '@tanstack/react-query';
import { publicQueries } from '../query';
import { formsApi } from '../api-forms';
import { useLanguage } from '../i18n';
import { formatDateTime } from '../format';
import { pick } from '../components/Localized';
import { EventCrumb } from '../components/EventCrumb';
import { CheckboxField, ErrorSummary, Field } from '../components/Field';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import { useErrorText, useErrorsT, useFieldErrorTexts } from '../components/useErrorText';
import { registrationState } from '../registration-state';

type FieldName = 'name' | 'email' | 'affiliation' | 'category' | 'language' | 'privacyConsent' | 'listConsent';

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

type Outcome = { kind: 'done'; result: RegistrationResult; email: string } | { kind: 'refused'; message: string } | null;

function Registration({ event }: { event: EventWithProgrammeView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const title = pick(event.title, lang, event.mainLanguage)?.text ?? event.slug;
  useDocumentTitle(t('register.pageTitle', { title }));
  const settings = event.registration;
  const state = registrationState(settings);
  const errorText = useErrorText();
  const errorsT = useErrorsT();
  const fieldErrorTexts = useFieldErrorTexts();

  const [form, setForm] = useState<FormState>({ name: '', email: '', affiliation: '', category: '', language: lang, privacyConsent: false, listConsent: false });
  const [errors, setErrors] = useState<Partial<Record<FieldName | string, string>>>({});
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const summary = useRef<HTMLDivElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const refusal = useRef<HTMLDivElement>(null);
  const [errorsShown, setErrorsShown] = useState(0);

  useEffect(() => {
    if (errorsShown > 0) summary.current?.focus();
  }, [errorsShown]);
  useEffect(() => {
    if (outcome?.kind === 'done') resultHeading.current?.focus();
    if (outcome?.kind === 'refused') refusal.current?.focus();
  }, [outcome]);

  const labels: Record<string, string> = {
    name: t('register.name'),
    email: t('register.email'),
    affiliation: t('register.affiliation'),
    category: t('register.category'),
    language: t('register.language'),
    privacyConsent: t('register.privacyConsentShort'),
    listConsent: t('register.listConsentShort'),
  };

  /** Our own words for what the schema refuses before sending (zod's own messages are English). */
  const clientMessage = (field: string, code: string, maximum?: unknown): string => {
    if (code === 'too_big') return t('register.errors.tooLong', { max: maximum });
    switch (field) {
      case 'name':
        return t('register.errors.name');
      case 'email':
        return t('register.errors.email');
      case 'category':
        return t('register.errors.category');
      case 'language':
        return t('register.errors.language');
      case 'privacyConsent':
        return t('register.errors.privacyConsent');
      default:
        return errorsT('rule.invalid');
    }
  };

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
  };

  const showErrors = (next: Record<string, string>) => {
    setErrors(next);
    setErrorsShown((n) => n + 1);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (submitting) return;
    setOutcome(null);
    const input = {
      name: form.name,
      email: form.email,
      ...(form.affiliation.trim() ? { affiliation: form.affiliation } : {}),
      ...(form.category ? { category: form.category } : {}),
      language: form.language,
      privacyConsent: form.privacyConsent,
      ...(settings.attendeeListPublic ? { listConsent: form.listConsent } : {}),
    };
    const checked = registerSchema.safeParse(input);
    if (!checked.success) {
      const next: Record<string, string> = {};
      for (const issue of checked.error.issues) {
        const field = issue.path.join('.') || 'form';
        next[field] ??= clientMessage(field, issue.code, 'maximum' in issue ? issue.maximum : undefined);
      }
      showErrors(next);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const result = await formsApi.register(event.slug, checked.data);
      setOutcome({ kind: 'done', result, email: checked.data.email });
    } catch (error) {
      // The API's field issues in our own words; any other refusal (closed, rate limited) as its code says.
      const fields = fieldErrorTexts(error);
      if (Object.keys(fields).length) showErrors(fields);
      else setOutcome({ kind: 'refused', message: errorText(error) });
    } finally {
      setSubmitting(false);
    }
  };

  if (outcome?.kind === 'done') {
    const { result, email } = outcome;
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
      {outcome?.kind === 'refused' && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={refusal}>
          <p>{outcome.message}</p>
        </div>
      )}
      {state.state === 'open' && (
        <form noValidate onSubmit={submit} className="form" aria-labelledby="register-title" aria-describedby="register-intro">
          <p id="register-intro">
            {t('register.intro')}
            {settings.capacity !== null && ` ${t('register.capacity', { count: settings.capacity })}`}
          </p>
          <ErrorSummary errors={errors as Record<string, string>} labels={labels} summaryRef={summary} />
          <Field id="field-name" label={labels.name} error={errors.name} required>
            {(describedBy, invalid) => (
              <input id="field-name" name="name" type="text" autoComplete="name" value={form.name} onChange={(e) => set('name', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
            )}
          </Field>
          <Field id="field-email" label={labels.email} hint={t('register.emailHint')} error={errors.email} required>
            {(describedBy, invalid) => (
              <input id="field-email" name="email" type="email" autoComplete="email" inputMode="email" spellCheck={false} value={form.email} onChange={(e) => set('email', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
            )}
          </Field>
          <Field id="field-affiliation" label={labels.affiliation} hint={t('register.affiliationHint')} error={errors.affiliation}>
            {(describedBy, invalid) => (
              <input id="field-affiliation" name="affiliation" type="text" autoComplete="organization" value={form.affiliation} onChange={(e) => set('affiliation', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
            )}
          </Field>
          {categories.length > 0 && (
            <Field id="field-category" label={labels.category} error={errors.category}>
              {(describedBy, invalid) => (
                <select id="field-category" name="category" value={form.category} onChange={(e) => set('category', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
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
              <select id="field-language" name="language" value={form.language} onChange={(e) => set('language', e.target.value as Language)} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
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
              <input id="field-privacyConsent" name="privacyConsent" type="checkbox" checked={form.privacyConsent} onChange={(e) => set('privacyConsent', e.target.checked)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
            )}
          </CheckboxField>
          {settings.attendeeListPublic && (
            <CheckboxField id="field-listConsent" label={t('register.listConsent')} error={errors.listConsent}>
              {(describedBy, invalid) => (
                <input id="field-listConsent" name="listConsent" type="checkbox" checked={form.listConsent} onChange={(e) => set('listConsent', e.target.checked)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
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

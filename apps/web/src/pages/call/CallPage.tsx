import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { submitterSignUpSchema, type CallView, type FieldIssue, type Language, type SubmitterSignUpInput } from '@amphi/contracts';
import { useAmphiForm, FormSelect, FormText } from '../../forms';
import { ErrorSummary } from '../../components/Field';
import { Localized, pick } from '../../components/Localized';
import { EventCrumb } from '../../components/EventCrumb';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { useErrorText } from '../../components/useErrorText';
import { publicQueries } from '../../query';
import { callApi, callQueries } from './client';
import { CallStateText, useCallLabels, useLimitText, When } from './common';
import './texts';

/** `/events/:slug/call`: the call for communications, its themes, types and dates, and the sign-up to propose. */
export function CallPage() {
  const { slug = '' } = useParams();
  const event = useQuery(publicQueries.event(slug));
  const callRead = useQuery(callQueries.call(slug));
  if (event.isError) return <ErrorMessage error={event.error} onRetry={() => void event.refetch()} />;
  if (callRead.isError) return <ErrorMessage error={callRead.error} onRetry={() => void callRead.refetch()} />;
  if (!event.data || !callRead.data) return <Loading />;
  return <CallContent call={callRead.data} event={event.data} />;
}

function CallContent({ call, event }: { call: CallView; event: Parameters<typeof EventCrumb>[0]['event'] }) {
  const { t } = useTranslation('call');
  const labels = useCallLabels(call);
  const limitText = useLimitText();
  const title = pick(event.title, labels.lang, event.mainLanguage)?.text ?? event.slug;
  useDocumentTitle(t('call.pageTitle', { title }));
  const main = call.mainLanguage;
  return (
    <article aria-labelledby="call-title">
      <EventCrumb event={event} current={t('call.title')} />
      <h1 id="call-title">{t('call.title')}</h1>
      <p className="lead">{title}</p>
      <p className="notice" id="call-state">
        <CallStateText call={call} />
      </p>
      {call.argument && (
        <section aria-labelledby="call-argument">
          <h2 id="call-argument">{t('call.argument')}</h2>
          <Localized as="div" className="prose pre-line" text={call.argument} fallback={main} />
        </section>
      )}
      {call.themes.length > 0 && (
        <section aria-labelledby="call-themes">
          <h2 id="call-themes">{t('call.themes')}</h2>
          <ul>
            {call.themes.map((theme) => (
              <li key={theme.key}>
                <Localized as="strong" text={theme.title} fallback={main} />
                {theme.description && (
                  <>
                    {' — '}
                    <Localized text={theme.description} fallback={main} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="call-types">
        <h2 id="call-types">{t('call.types')}</h2>
        <ul>
          {call.types.map((type) => (
            <li key={type.key}>
              <Localized as="strong" text={type.title} fallback={main} /> — {t('call.limit', { limit: limitText(type.limit.max, type.limit.unit) })}
            </li>
          ))}
        </ul>
        {call.maxProposalsPerSubmitter !== null && <p>{t('call.maxPerPerson', { count: call.maxProposalsPerSubmitter })}</p>}
      </section>
      <section aria-labelledby="call-dates">
        <h2 id="call-dates">{t('call.dates')}</h2>
        <dl className="call-dates">
          <dt>{t('call.opensAt')}</dt>
          <dd>
            <When iso={call.opensAt} zone={call.timeZone} />
          </dd>
          <dt>{t('call.closesAt')}</dt>
          <dd>
            <When iso={call.closesAt} zone={call.timeZone} />
          </dd>
          {call.editableUntil && (
            <>
              <dt>{t('call.editableUntil')}</dt>
              <dd>
                <When iso={call.editableUntil} zone={call.timeZone} />
              </dd>
            </>
          )}
        </dl>
      </section>
      {call.instructions && (
        <section aria-labelledby="call-instructions">
          <h2 id="call-instructions">{t('call.instructions')}</h2>
          <Localized as="div" className="prose pre-line" text={call.instructions} fallback={main} />
        </section>
      )}
      {call.state === 'open' && <SignUp slug={call.eventSlug} />}
      <p>
        <Link to={`/events/${call.eventSlug}`}>{t('call.backToEvent')}</Link>
      </p>
    </article>
  );
}

interface SignUpForm {
  name: string;
  email: string;
  affiliation: string;
  language: Language;
}

/** The sign-up to propose: a name, an e-mail, an affiliation, a language; the personal link comes by mail. */
function SignUp({ slug }: { slug: string }) {
  const { t } = useTranslation('call');
  const labels = useCallLabels(null);
  const errorText = useErrorText();
  const [sent, setSent] = useState<string | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const refusal = useRef<HTMLDivElement>(null);
  const clientMessage = (field: string, issue: FieldIssue) => (field === 'email' && issue.code !== 'required' ? t('signUp.emailInvalid') : undefined);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<SignUpForm, SubmitterSignUpInput>({
    schema: submitterSignUpSchema,
    clientMessage,
    defaultValues: { name: '', email: '', affiliation: '', language: labels.lang },
    toInput: (f) => ({ name: f.name, email: f.email, ...(f.affiliation.trim() ? { affiliation: f.affiliation } : {}), language: f.language }),
  });
  useEffect(() => {
    if (sent) doneRef.current?.focus();
  }, [sent]);
  useEffect(() => {
    if (failure !== undefined) refusal.current?.focus();
  }, [failure]);
  const fieldLabels = { name: t('signUp.name'), email: t('signUp.email'), affiliation: t('signUp.affiliation'), language: t('signUp.language') };
  const submit = onSubmit(
    (input) => callApi.signUp(slug, input).then(() => input.email),
    (email) => setSent(email),
  );
  if (sent)
    return (
      <section className="notice notice-success" aria-labelledby="signup-done">
        <h2 id="signup-done" tabIndex={-1} ref={doneRef}>
          {t('signUp.doneTitle')}
        </h2>
        <p role="status">{t('signUp.done', { email: sent })}</p>
      </section>
    );
  return (
    <section aria-labelledby="signup-title">
      <h2 id="signup-title">{t('signUp.title')}</h2>
      <p id="signup-intro">{t('signUp.intro')}</p>
      {failure !== undefined && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={refusal}>
          <p>{errorText(failure)}</p>
        </div>
      )}
      <form noValidate className="form" onSubmit={(e) => void submit(e)} aria-labelledby="signup-title" aria-describedby="signup-intro">
        <ErrorSummary errors={errors} labels={fieldLabels} summaryRef={summaryRef} />
        <FormText form={form} name="name" label={fieldLabels.name} errors={errors} required autoComplete="name" />
        <FormText form={form} name="email" type="email" label={fieldLabels.email} errors={errors} required autoComplete="email" hint={t('signUp.emailHint')} />
        <FormText form={form} name="affiliation" label={fieldLabels.affiliation} errors={errors} autoComplete="organization" />
        <FormSelect
          form={form}
          name="language"
          label={fieldLabels.language}
          errors={errors}
          required
          hint={t('signUp.languageHint')}
          options={[
            { value: 'fr', label: 'Français' },
            { value: 'en', label: 'English' },
          ]}
        />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('signUp.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/Status';
import { ApiError } from '../../api';
import { useErrorText } from '../../components/useErrorText';
import { organiserApi } from './client';
import { signedIn } from '../../organiser-session';
import { FormErrors, TextField, useSubmit } from './form';

export function LoginPage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('login.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  const errorText = useErrorText();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const login = await run(() => organiserApi.login(email, password));
    if (!login) return;
    signedIn(login);
    const next = params.get('next');
    void navigate(next && next.startsWith('/organiser/') ? next : '/organiser/events', { replace: true });
  };

  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <form className="form" onSubmit={submit} noValidate>
        <FormErrors errors={errors} failure={failure} labels={{ email: t('login.email'), password: t('login.password') }} summaryRef={summaryRef}>
          <div className="notice notice-error" role="alert">
            {/* A 401 here is a wrong e-mail or password, whatever code says it; a rate limit says how long to wait. */}
            <p>{failure instanceof ApiError && failure.status === 401 ? t('login.wrong') : errorText(failure)}</p>
          </div>
        </FormErrors>
        <TextField name="email" type="email" label={t('login.email')} value={email} onChange={setEmail} errors={errors} required autoComplete="username" />
        <TextField name="password" type="password" label={t('login.password')} value={password} onChange={setPassword} errors={errors} required autoComplete="current-password" />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('login.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

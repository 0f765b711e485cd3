import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { loginSchema } from '@amphi/contracts';
import { useDocumentTitle } from '../../components/Status';
import { ApiError } from '../../api';
import { useErrorText } from '../../components/useErrorText';
import { FormText, useAmphiForm } from '../../forms';
import { organiserApi } from './client';
import { signedIn } from '../../organiser-session';
import { FormErrors } from './form';

export function LoginPage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('login.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm({ schema: loginSchema, defaultValues: { email: '', password: '' } });
  const errorText = useErrorText();

  const submit = onSubmit(
    (input) => organiserApi.login(input.email, input.password),
    (login) => {
      signedIn(login);
      const next = params.get('next');
      void navigate(next && next.startsWith('/organiser/') ? next : '/organiser/events', { replace: true });
    },
  );

  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormErrors errors={errors} failure={failure} labels={{ email: t('login.email'), password: t('login.password') }} summaryRef={summaryRef}>
          <div className="notice notice-error" role="alert">
            {/* A 401 here is a wrong e-mail or password, whatever code says it; a rate limit says how long to wait. */}
            <p>{failure instanceof ApiError && failure.status === 401 ? t('login.wrong') : errorText(failure)}</p>
          </div>
        </FormErrors>
        <FormText form={form} name="email" type="email" label={t('login.email')} errors={errors} required autoComplete="username" />
        <FormText form={form} name="password" type="password" label={t('login.password')} errors={errors} required autoComplete="current-password" />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('login.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { acceptOrganiserInvitationSchema, type AcceptOrganiserInvitationInput, type OrganiserInvitationPreview } from '@amphi/contracts';
import { pick } from '../../components/Localized';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { FormText, useAmphiForm } from '../../forms';
import { useLanguage } from '../../i18n';
import { loadOrganiser } from '../../organiser-session';
import { queryKeys } from '../../query';
import { organiserApi } from './client';
import { FormErrors } from './form';

/**
 * The page an invitation to co-organise opens (/organiser/join#token): the token is in the fragment,
 * which no server sees; it leaves the address bar at once. The invited person chooses a name and a
 * password; their account is made, organises the event, and this browser is signed in.
 */
export function JoinPage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('join.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => (location.hash.length > 20 ? decodeURIComponent(location.hash.slice(1)) : null));
  useEffect(() => {
    if (location.hash) void navigate('/organiser/join', { replace: true }); // out of the address bar and the history
  }, [location.hash, navigate]);
  const invitation = useQuery({
    queryKey: queryKeys.organiserInvitation(token ?? ''),
    queryFn: ({ signal }) => organiserApi.organiserInvitation(token!, signal),
    enabled: token !== null,
    staleTime: Infinity,
  });
  if (!token)
    return (
      <>
        <h1>{t('join.title')}</h1>
        <p className="notice notice-error">{t('join.noToken')}</p>
      </>
    );
  if (invitation.isError)
    return (
      <>
        <h1>{t('join.title')}</h1>
        <ErrorMessage error={invitation.error} />
      </>
    );
  if (!invitation.data) return <Loading />;
  return <JoinForm token={token} invitation={invitation.data} />;
}

interface JoinValues {
  token: string;
  name: string;
  password: string;
}

function JoinForm({ token, invitation }: { token: string; invitation: OrganiserInvitationPreview }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const navigate = useNavigate();
  const [acceptedExisting, setAcceptedExisting] = useState(false);
  const title = pick(invitation.eventTitle, lang, invitation.mainLanguage);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<JoinValues, AcceptOrganiserInvitationInput>({
    schema: acceptOrganiserInvitationSchema,
    // An existing account only accepts: its name and password stay as they are.
    toInput: (v) => (invitation.accountExists ? { token: v.token } : v),
    defaultValues: { token, name: '', password: '' },
  });
  const labels = { name: t('join.name'), password: t('join.password') };
  const submit = onSubmit(
    (input) => organiserApi.acceptOrganiserInvitation(input),
    async (result) => {
      if (!result.accountCreated) return setAcceptedExisting(true);
      // The API set the sign-in cookie: ask who is signed in, then open the event.
      await loadOrganiser(true);
      void navigate(`/organiser/events/${result.eventId}`, { replace: true });
    },
  );
  return (
    <>
      <h1>{t('join.heading', { title: title?.text ?? '' })}</h1>
      {acceptedExisting ? (
        <p role="status" className="notice notice-success">
          {t('join.accepted')} <Link to="/organiser/login">{t('join.signIn')}</Link>
        </p>
      ) : (
        <>
          <p>{invitation.accountExists ? t('join.existing', { email: invitation.email }) : t('join.intro', { email: invitation.email })}</p>
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            {!invitation.accountExists && (
              <>
                <FormText form={form} name="name" label={labels.name} errors={errors} required autoComplete="name" />
                <FormText form={form} name="password" type="password" label={labels.password} hint={t('join.passwordHint')} errors={errors} required autoComplete="new-password" />
              </>
            )}
            <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
            <p>
              <button type="submit" className="button button-primary" disabled={busy}>
                {invitation.accountExists ? t('join.accept') : t('join.submit')}
              </button>
            </p>
          </form>
        </>
      )}
    </>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { inviteCoOrganiserSchema, LANGUAGES, type InviteCoOrganiserInput, type Language } from '@amphi/contracts';
import { Loading, useDocumentTitle } from '../../components/Status';
import { formatDateTime } from '../../format';
import { FormSelect, FormText, useAmphiForm } from '../../forms';
import { useLanguage } from '../../i18n';
import { useOrganiser } from '../../organiser-session';
import { queryClient, queryKeys } from '../../query';
import { organiserApi } from './client';
import { ConfirmDelete, FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';

/**
 * Who organises the event (issue 13, item 4): the owner and the co-organisers, the invitations not
 * accepted yet; the owner invites by e-mail (an account is added at once, a new address gets a link to
 * create one), withdraws an invitation, removes a co-organiser. The owner cannot be removed, so an event
 * always keeps an organiser.
 */
export function OrganisersPage() {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  useDocumentTitle(t('organisers.heading'));
  const me = useOrganiser();
  const { eventId, event } = useOrganiserEvent();
  const pending = useQuery({ queryKey: queryKeys.organiser.organiserInvitations(eventId), queryFn: ({ signal }) => organiserApi.organiserInvitations(eventId, signal) });
  const [done, setDone] = useState<string | null>(null);
  const changed = () => queryClient.invalidateQueries({ queryKey: queryKeys.organiser.event(eventId) });

  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;
  const organisers = event.data.organisers;
  const isOwner = organisers.some((o) => o.id === me?.id && o.role === 'owner');
  const zone = event.data.timeZone;

  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('organisers.heading')}</h1>
      <p>{t('organisers.intro')}</p>
      {done && (
        <p role="status" className="notice notice-success">
          {done}
        </p>
      )}
      <ul className="plain-list">
        {organisers.map((o) => (
          <li key={o.id} className="organiser-row">
            <strong>{o.name}</strong> <span className="muted">{o.email}</span> <span className="badge">{t(`organisers.role.${o.role}`)}</span> {o.id === me?.id && <span className="muted">{t('organisers.you')}</span>}{' '}
            {isOwner && o.role !== 'owner' && (
              <ConfirmDelete
                label={
                  <>
                    {t('organisers.remove')}
                    <span className="visually-hidden"> {o.name}</span>
                  </>
                }
                question={t('organisers.confirmRemove', { name: o.name })}
                confirmLabel={t('organisers.confirmRemoveYes', { name: o.name })}
                onConfirm={async () => {
                  await organiserApi.removeOrganiser(eventId, o.id);
                  setDone(t('organisers.removed', { name: o.name }));
                  await changed();
                }}
              />
            )}
          </li>
        ))}
      </ul>
      {pending.isError && <LoadError error={pending.error} onRetry={() => void pending.refetch()} />}
      {pending.data && pending.data.length > 0 && (
        <section aria-labelledby="pending-organisers">
          <h2 id="pending-organisers">{t('organisers.pending')}</h2>
          <ul className="plain-list">
            {pending.data.map((p) => (
              <li key={p.id}>
                {t('organisers.pendingItem', { email: p.email, when: formatDateTime(p.invitedAt, zone, lang), until: formatDateTime(p.expiresAt, zone, lang) })}{' '}
                {isOwner && (
                  <ConfirmDelete
                    label={
                      <>
                        {t('organisers.withdraw')}
                        <span className="visually-hidden"> {p.email}</span>
                      </>
                    }
                    question={t('organisers.confirmWithdraw', { email: p.email })}
                    confirmLabel={t('organisers.confirmWithdrawYes')}
                    onConfirm={async () => {
                      await organiserApi.withdrawOrganiserInvitation(eventId, p.id);
                      await changed();
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {isOwner ? <InviteOrganiser eventId={eventId} onDone={(text) => setDone(text)} /> : <p className="muted">{t('organisers.ownerOnly')}</p>}
    </>
  );
}

interface InviteValues {
  email: string;
  language: Language;
}

function InviteOrganiser({ eventId, onDone }: { eventId: string; onDone: (text: string) => void }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<InviteValues, InviteCoOrganiserInput>({
    schema: inviteCoOrganiserSchema,
    // The mail in the inviter's language unless they choose the other.
    defaultValues: { email: '', language: lang },
  });
  const labels = { email: t('organisers.email'), language: t('organisers.language') };
  const submit = onSubmit(
    (input) => organiserApi.inviteOrganiser(eventId, input),
    (result) => {
      form.reset({ email: '', language: form.getValues('language') });
      onDone(t(`organisers.outcome.${result.outcome}`, { email: result.email }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.event(eventId) });
    },
  );
  return (
    <section aria-labelledby="invite-organiser">
      <h2 id="invite-organiser">{t('organisers.invite')}</h2>
      <p>{t('organisers.inviteHint')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormText form={form} name="email" type="email" label={labels.email} errors={errors} required autoComplete="off" />
        <FormSelect form={form} name="language" label={labels.language} errors={errors} options={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))} required />
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('organisers.inviteSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}

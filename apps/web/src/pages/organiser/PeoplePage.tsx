import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, useDocumentTitle } from '../../components/Status';
import { useResource } from '../../components/useResource';
import { organiserApi } from './client';
import { ConfirmDelete, FormErrors, TextField, useSubmit } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import { InvitationState, InvitationsPanel, SendAgain } from './Invitations';

export function PeoplePage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('nav.people'));
  const { eventId, event } = useOrganiserEvent();
  const people = useResource(`people:${eventId}`, (signal) => organiserApi.people(eventId, signal));
  const [form, setForm] = useState({ name: '', email: '', affiliation: '', titleFr: '', titleEn: '' });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const { errors, failure, busy, run, summaryRef } = useSubmit();
  // Each person's invitation state (not invited, invited, opened, consents), refreshed after each sending.
  const invitations = useResource(`invitations:${eventId}`, (signal) => organiserApi.invitationStatuses(eventId, signal));
  const statusOf = new Map((invitations.data ?? []).map((s) => [s.personId, s]));
  const [deleted, setDeleted] = useState<string | null>(null);
  const labels: Record<string, string> = {
    name: t('people.name'),
    email: t('people.email'),
    affiliation: t('people.affiliation'),
    title: t('people.title'),
    'title.fr': t('people.titleFr'),
    'title.en': t('people.titleEn'),
  };

  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The title in each language given (readers see theirs, else the event's main language's).
    const title = { ...(form.titleFr.trim() ? { fr: form.titleFr } : {}), ...(form.titleEn.trim() ? { en: form.titleEn } : {}) };
    const added = await run(() =>
      organiserApi.addPerson(eventId, {
        name: form.name,
        ...(form.email.trim() ? { email: form.email } : {}),
        ...(form.affiliation.trim() ? { affiliation: form.affiliation } : {}),
        ...(Object.keys(title).length ? { title } : {}),
      }),
    );
    if (added) {
      setForm({ name: '', email: '', affiliation: '', titleFr: '', titleEn: '' });
      people.reload();
      invitations.reload();
    }
  };

  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('people.heading')}</h1>
      {people.error !== undefined && <LoadError error={people.error} onRetry={people.reload} />}
      {deleted !== null && (
        <p role="status" className="notice notice-success">
          {t('people.deleted', { name: deleted })}
        </p>
      )}
      {people.data && (
        <ul className="plain-list">
          {people.data.map((p) => (
            <li key={p.id} className="person-row">
              <strong>{p.name}</strong>
              {p.title?.fr && (
                <span lang="fr">
                  {', '}
                  {p.title.fr}
                </span>
              )}
              {p.title?.en && (
                <span lang="en">
                  {p.title.fr ? ' / ' : ', '}
                  {p.title.en}
                </span>
              )}
              {p.affiliation && `, ${p.affiliation}`} <span className="muted">{p.email ?? t('people.noEmail')}</span>{' '}
              <InvitationState status={statusOf.get(p.id)} zone={event.data!.timeZone} />{' '}
              {statusOf.get(p.id) && <SendAgain eventId={eventId} personId={p.id} name={p.name} status={statusOf.get(p.id)!} onDone={invitations.reload} />}{' '}
              <ConfirmDelete
                label={
                  <>
                    {t('people.delete')}
                    <span className="visually-hidden"> {p.name}</span>
                  </>
                }
                question={t('people.confirmDelete', { name: p.name })}
                confirmLabel={t('people.confirmDeleteYes', { name: p.name })}
                onConfirm={async () => {
                  await organiserApi.deletePerson(eventId, p.id);
                  setDeleted(p.name);
                  people.reload();
                  invitations.reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {invitations.error !== undefined && <LoadError error={invitations.error} onRetry={invitations.reload} />}
      <InvitationsPanel eventId={eventId} onSent={invitations.reload} />
      <section aria-labelledby="add-person">
        <h2 id="add-person">{t('people.add')}</h2>
        <form className="form" onSubmit={submit} noValidate>
          <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
          <TextField name="name" label={labels.name} value={form.name} onChange={set('name')} errors={errors} required />
          <TextField name="email" type="email" label={labels.email} hint={t('people.emailHint')} value={form.email} onChange={set('email')} errors={errors} />
          <TextField name="affiliation" label={labels.affiliation} value={form.affiliation} onChange={set('affiliation')} errors={errors} />
          <TextField name="title.fr" label={labels['title.fr']} lang="fr" value={form.titleFr} onChange={set('titleFr')} errors={{ ...errors, 'title.fr': errors['title.fr'] ?? errors.title }} />
          <TextField name="title.en" label={labels['title.en']} lang="en" value={form.titleEn} onChange={set('titleEn')} errors={errors} />
          <p>
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('people.addSubmit')}
            </button>
          </p>
        </form>
      </section>
    </>
  );
}

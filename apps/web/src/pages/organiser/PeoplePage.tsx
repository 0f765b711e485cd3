import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { createPersonSchema, type CreatePersonInput, type LocalizedText, type PersonView } from '@amphi/contracts';
import { Loading, useDocumentTitle } from '../../components/Status';
import { FormText, useAmphiForm, type AmphiForm } from '../../forms';
import { queryClient, queryKeys } from '../../query';
import { organiserApi } from './client';
import { ConfirmDelete, FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import { InvitationState, InvitationsPanel, SendAgain } from './Invitations';

/** What the person forms hold: every text as typed, an empty one meaning "none". */
export interface PersonFormValues {
  name: string;
  email: string;
  affiliation: string;
  title: { fr: string; en: string };
  bio: { fr: string; en: string };
}

export const personFormValues = (p?: PersonView): PersonFormValues => ({
  name: p?.name ?? '',
  email: p?.email ?? '',
  affiliation: p?.affiliation ?? '',
  title: { fr: p?.title?.fr ?? '', en: p?.title?.en ?? '' },
  bio: { fr: p?.bio?.fr ?? '', en: p?.bio?.en ?? '' },
});

/** The text in each language given, or null when neither is (readers see theirs, else the event's main language's). */
export function localizedOrNull(text: { fr: string; en: string }): LocalizedText | null {
  const given: LocalizedText = {};
  if (text.fr.trim()) given.fr = text.fr;
  if (text.en.trim()) given.en = text.en;
  return Object.keys(given).length ? given : null;
}

/** A bilingual text given in neither language is said on its French field. */
export const personErrorPath = (key: string) => (key === 'title' || key === 'bio' ? `${key}.fr` : key);

export function usePersonLabels(): Record<string, string> {
  const { t } = useTranslation('organiser');
  return {
    name: t('people.name'),
    email: t('people.email'),
    affiliation: t('people.affiliation'),
    title: t('people.title'),
    'title.fr': t('people.titleFr'),
    'title.en': t('people.titleEn'),
    bio: t('people.bio'),
    'bio.fr': t('people.bioFr'),
    'bio.en': t('people.bioEn'),
  };
}

/** The fields of a person, for adding one (without the biography) or editing one (everything the API takes). */
export function PersonFields({ amphi, labels, emailHint, withBio }: { amphi: AmphiForm<PersonFormValues, unknown>; labels: Record<string, string>; emailHint: string; withBio: boolean }) {
  const { form, errors } = amphi;
  return (
    <>
      <FormText form={form} name="name" label={labels.name} errors={errors} required autoComplete="off" />
      <FormText form={form} name="email" type="email" label={labels.email} hint={emailHint} errors={errors} autoComplete="off" />
      <FormText form={form} name="affiliation" label={labels.affiliation} errors={errors} />
      <FormText form={form} name="title.fr" label={labels['title.fr']} lang="fr" errors={errors} />
      <FormText form={form} name="title.en" label={labels['title.en']} lang="en" errors={errors} />
      {withBio && (
        <>
          <FormText form={form} name="bio.fr" label={labels['bio.fr']} lang="fr" errors={errors} multiline />
          <FormText form={form} name="bio.en" label={labels['bio.en']} lang="en" errors={errors} multiline />
        </>
      )}
    </>
  );
}

/** After a change to people: the list, the invitation states and the event (its programme and committees name them). */
export const peopleChanged = (eventId: string) => queryClient.invalidateQueries({ queryKey: queryKeys.organiser.event(eventId) });

export function PeoplePage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('nav.people'));
  const { eventId, event } = useOrganiserEvent();
  const people = useQuery({ queryKey: queryKeys.organiser.people(eventId), queryFn: ({ signal }) => organiserApi.people(eventId, signal) });
  // Each person's invitation state (not invited, invited, opened, consents), read again after each sending.
  const invitations = useQuery({ queryKey: queryKeys.organiser.invitations(eventId), queryFn: ({ signal }) => organiserApi.invitationStatuses(eventId, signal) });
  const invitationsChanged = () => void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.invitations(eventId) });
  const statusOf = new Map((invitations.data ?? []).map((s) => [s.personId, s]));
  const [deleted, setDeleted] = useState<string | null>(null);
  const labels = usePersonLabels();
  const amphi = useAmphiForm<PersonFormValues, CreatePersonInput>({
    schema: createPersonSchema,
    toInput: (v) => {
      const title = localizedOrNull(v.title);
      return {
        name: v.name,
        ...(v.email.trim() ? { email: v.email } : {}),
        ...(v.affiliation.trim() ? { affiliation: v.affiliation } : {}),
        ...(title ? { title } : {}),
      };
    },
    errorPath: personErrorPath,
    defaultValues: personFormValues(),
  });

  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <Loading />;

  const submit = amphi.onSubmit(
    (input) => organiserApi.addPerson(eventId, input),
    () => {
      amphi.form.reset(personFormValues());
      void peopleChanged(eventId);
    },
  );

  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('people.heading')}</h1>
      {people.isError && <LoadError error={people.error} onRetry={() => void people.refetch()} />}
      {deleted !== null && (
        <p role="status" className="notice notice-success">
          {t('people.deleted', { name: deleted })}
        </p>
      )}
      {people.isPending && <Loading />}
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
              <Link className="button" to={`/organiser/events/${eventId}/people/${p.id}`}>
                {t('people.edit')}
                <span className="visually-hidden"> {p.name}</span>
              </Link>{' '}
              {statusOf.get(p.id) && <SendAgain eventId={eventId} personId={p.id} name={p.name} status={statusOf.get(p.id)!} onDone={invitationsChanged} />}{' '}
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
                  void peopleChanged(eventId);
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {invitations.isError && <LoadError error={invitations.error} onRetry={() => void invitations.refetch()} />}
      <InvitationsPanel eventId={eventId} onSent={invitationsChanged} />
      <section aria-labelledby="add-person">
        <h2 id="add-person">{t('people.add')}</h2>
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <PersonFields amphi={amphi as AmphiForm<PersonFormValues, unknown>} labels={labels} emailHint={t('people.emailHint')} withBio={false} />
          <FormErrors errors={amphi.errors} failure={amphi.failure} labels={labels} summaryRef={amphi.summaryRef} />
          <p>
            <button type="submit" className="button button-primary" disabled={amphi.busy}>
              {t('people.addSubmit')}
            </button>
          </p>
        </form>
      </section>
    </>
  );
}

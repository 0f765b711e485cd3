import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { updatePersonSchema, type PersonView, type UpdatePersonInput } from '@amphi/contracts';
import { Loading, useDocumentTitle } from '../../components/Status';
import { useAmphiForm, type AmphiForm } from '../../forms';
import { queryKeys } from '../../query';
import { organiserApi } from './client';
import { FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import { localizedOrNull, peopleChanged, PersonFields, personErrorPath, personFormValues, usePersonLabels, type PersonFormValues } from './PeoplePage';

/** Editing one person of the event: every field PATCH /people/{id} takes; an emptied field is taken away. */
export function PersonEditPage() {
  const { t } = useTranslation('organiser');
  const { personId = '' } = useParams();
  const { eventId, event } = useOrganiserEvent();
  const people = useQuery({ queryKey: queryKeys.organiser.people(eventId), queryFn: ({ signal }) => organiserApi.people(eventId, signal) });
  const person = people.data?.find((p) => p.id === personId);
  useDocumentTitle(person ? t('personEdit.heading', { name: person.name }) : t('nav.people'));

  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (people.isError) return <LoadError error={people.error} onRetry={() => void people.refetch()} />;
  if (!event.data || !people.data) return <Loading />;
  return (
    <>
      <EventNav event={event.data} />
      <p>
        <Link to={`/organiser/events/${eventId}/people`}>{t('personEdit.back')}</Link>
      </p>
      {person ? (
        // Keyed by the person: another person's page starts from their values.
        <PersonEditForm key={person.id} eventId={eventId} person={person} />
      ) : (
        <>
          <h1>{t('nav.people')}</h1>
          <p className="notice notice-error">{t('personEdit.notFound')}</p>
        </>
      )}
    </>
  );
}

function PersonEditForm({ eventId, person }: { eventId: string; person: PersonView }) {
  const { t } = useTranslation('organiser');
  const labels = usePersonLabels();
  const [saved, setSaved] = useState<string | null>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  const amphi = useAmphiForm<PersonFormValues, UpdatePersonInput>({
    schema: updatePersonSchema,
    // Every field is sent: an emptied one becomes null, which takes it away.
    toInput: (v) => ({
      name: v.name,
      email: v.email.trim() ? v.email : null,
      affiliation: v.affiliation.trim() ? v.affiliation : null,
      title: localizedOrNull(v.title),
      bio: localizedOrNull(v.bio),
    }),
    errorPath: personErrorPath,
    defaultValues: personFormValues(person),
  });
  const submit = amphi.onSubmit(
    (input) => {
      setSaved(null);
      return organiserApi.updatePerson(eventId, person.id, input);
    },
    (updated) => {
      amphi.form.reset(personFormValues(updated));
      setSaved(updated.name);
      void peopleChanged(eventId);
    },
  );
  return (
    <>
      <h1>{t('personEdit.heading', { name: person.name })}</h1>
      {saved && (
        <p role="status" className="notice notice-success" tabIndex={-1} ref={savedRef}>
          {t('personEdit.saved', { name: saved })}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <PersonFields amphi={amphi as AmphiForm<PersonFormValues, unknown>} labels={labels} emailHint={t('personEdit.emailHint')} withBio />
        <FormErrors errors={amphi.errors} failure={amphi.failure} labels={labels} summaryRef={amphi.summaryRef} />
        <p>
          <button type="submit" className="button button-primary" disabled={amphi.busy}>
            {t('personEdit.submit')}
          </button>
        </p>
      </form>
    </>
  );
}

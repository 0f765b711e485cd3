import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldArray } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { COMMITTEES, createPersonSchema, updateEventSchema, type Committee, type CommitteeMemberView, type CreatePersonInput, type OrganiserEventView, type PersonView, type UpdateEventInput } from '@amphi/contracts';
import { Loading, useDocumentTitle } from '../../components/Status';
import { FormText, useAmphiForm } from '../../forms';
import { queryClient, queryKeys } from '../../query';
import { organiserApi } from './client';
import { FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import { localizedOrNull } from './PeoplePage';

/** The scientific committee first: it is the one a call for communications names. */
const SHOWN: Committee[] = ['scientific', 'organising'];

interface MemberValues {
  personId: string;
  role: { fr: string; en: string };
}
/** Shaped as the API's PATCH /events/{id} body, so that its 422 paths ("committees.scientific.1.role.fr") are the form's. */
type CommitteeValues = { committees: Partial<Record<Committee, MemberValues[]>> };

const membersOf = (members: CommitteeMemberView[]): MemberValues[] => members.map((m) => ({ personId: m.person.id, role: { fr: m.role?.fr ?? '', en: m.role?.en ?? '' } }));

/**
 * The event's committees (issue 13, item 4): each one a list of the event's people with their role in
 * French and English, in the order shown publicly. Members are added (from the people of the event, or
 * a new person made on the spot), moved up and down with buttons, removed; "Save" replaces the
 * committee's list at once (the API takes the list whole, under the event's lock).
 */
export function CommitteesPage() {
  const { t } = useTranslation('organiser');
  useDocumentTitle(t('committees.heading'));
  const { eventId, event } = useOrganiserEvent();
  const people = useQuery({ queryKey: queryKeys.organiser.people(eventId), queryFn: ({ signal }) => organiserApi.people(eventId, signal) });
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (people.isError) return <LoadError error={people.error} onRetry={() => void people.refetch()} />;
  if (!event.data || !people.data) return <Loading />;
  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('committees.heading')}</h1>
      <p>{t('committees.intro')}</p>
      {SHOWN.filter((c) => COMMITTEES.includes(c)).map((committee) => (
        <CommitteeForm key={committee} committee={committee} event={event.data!} people={people.data} />
      ))}
    </>
  );
}

function CommitteeForm({ committee, event, people }: { committee: Committee; event: OrganiserEventView; people: PersonView[] }) {
  const { t } = useTranslation('organiser');
  const name = t(`committees.names.${committee}`);
  const lowerName = name.charAt(0).toLowerCase() + name.slice(1);
  const path = `committees.${committee}` as const;
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<CommitteeValues, UpdateEventInput>({
    schema: updateEventSchema,
    toInput: (v) => ({
      committees: {
        [committee]: (v.committees[committee] ?? []).map((m) => {
          const role = localizedOrNull(m.role);
          return { personId: m.personId, ...(role ? { role } : {}) };
        }),
      },
    }),
    defaultValues: { committees: { [committee]: membersOf(event.committees[committee]) } },
  });
  const { fields, append, remove, move } = useFieldArray({ control: form.control, name: path as `committees.scientific` });
  const byId = new Map(people.map((p) => [p.id, p]));
  const personName = (id: string) => byId.get(id)?.name ?? '…';
  const [said, setSaid] = useState<{ text: string; kind: 'saved' | 'change' } | null>(null);
  const [choice, setChoice] = useState('');
  // After a move, the focus follows the moved member (to the other button when this one is now disabled).
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());
  const [focusAfterMove, setFocusAfterMove] = useState<{ fieldId: string; direction: 'up' | 'down' } | null>(null);
  useEffect(() => {
    if (!focusAfterMove) return;
    const { fieldId, direction } = focusAfterMove;
    const wanted = buttons.current.get(`${fieldId}:${direction}`);
    const other = buttons.current.get(`${fieldId}:${direction === 'up' ? 'down' : 'up'}`);
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove, fields]);

  const labels: Record<string, string> = { committees: name, [path]: name };
  fields.forEach((field, i) => {
    const who = personName(field.personId);
    labels[`${path}.${i}`] = who;
    labels[`${path}.${i}.personId`] = who;
    labels[`${path}.${i}.role`] = `${t('committees.roleFr')} (${who})`;
    labels[`${path}.${i}.role.fr`] = `${t('committees.roleFr')} (${who})`;
    labels[`${path}.${i}.role.en`] = `${t('committees.roleEn')} (${who})`;
  });

  const submit = onSubmit(
    (input) => {
      setSaid(null);
      return organiserApi.updateEvent(event.id, input);
    },
    (updated) => {
      form.reset({ committees: { [committee]: membersOf(updated.committees[committee]) } });
      setSaid({ text: t('committees.saved', { committee: lowerName }), kind: 'saved' });
      queryClient.setQueryData(queryKeys.organiser.event(event.id), updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.public.event(event.slug) });
    },
  );

  const moveMember = (from: number, to: number) => {
    const fieldId = fields[from]!.id;
    move(from, to);
    setFocusAfterMove({ fieldId, direction: to < from ? 'up' : 'down' });
    setSaid({ text: t('committees.moved', { name: personName(fields[from]!.personId), position: to + 1 }), kind: 'change' });
  };
  const inCommittee = new Set(fields.map((f) => f.personId));
  const candidates = people.filter((p) => !inCommittee.has(p.id));
  const addMember = (person: { id: string; name: string }) => {
    append({ personId: person.id, role: { fr: '', en: '' } });
    setSaid({ text: t('committees.added', { name: person.name }), kind: 'change' });
  };

  const headingId = `committee-${committee}`;
  return (
    <section aria-labelledby={headingId} className="committee">
      <h2 id={headingId}>{name}</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {fields.length === 0 && <p className="muted">{t('committees.empty')}</p>}
        {fields.length > 0 && (
          <ol className="committee-members">
            {fields.map((field, i) => {
              const who = personName(field.personId);
              return (
                <li key={field.id} className="committee-member">
                  <p>
                    <strong>{who}</strong>
                    {byId.get(field.personId)?.affiliation && <span className="muted">, {byId.get(field.personId)!.affiliation}</span>}
                  </p>
                  <FormText form={form} name={`${path}.${i}.role.fr` as `committees.scientific.0.role.fr`} label={labels[`${path}.${i}.role.fr`]} lang="fr" errors={errors} hint={i === 0 ? t('committees.roleHint') : undefined} />
                  <FormText form={form} name={`${path}.${i}.role.en` as `committees.scientific.0.role.en`} label={labels[`${path}.${i}.role.en`]} lang="en" errors={errors} />
                  {errors[`${path}.${i}.personId`] && <p className="field-error">{errors[`${path}.${i}.personId`]}</p>}
                  <p className="committee-actions">
                    <button type="button" className="button" disabled={i === 0} ref={(b) => void buttons.current.set(`${field.id}:up`, b)} onClick={() => moveMember(i, i - 1)}>
                      {t('committees.moveUp')}
                      <span className="visually-hidden"> {who}</span>
                    </button>{' '}
                    <button type="button" className="button" disabled={i === fields.length - 1} ref={(b) => void buttons.current.set(`${field.id}:down`, b)} onClick={() => moveMember(i, i + 1)}>
                      {t('committees.moveDown')}
                      <span className="visually-hidden"> {who}</span>
                    </button>{' '}
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        remove(i);
                        setSaid({ text: t('committees.removed', { name: who }), kind: 'change' });
                      }}
                    >
                      {t('committees.remove')}
                      <span className="visually-hidden"> {who}</span>
                    </button>
                  </p>
                </li>
              );
            })}
          </ol>
        )}
        <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
        <p role="status" className={said?.kind === 'saved' ? 'notice notice-success' : said ? 'notice' : undefined}>
          {said?.text}
          {said?.kind === 'change' && ` ${t('committees.unsaved')}`}
        </p>
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('committees.save', { committee: lowerName })}
          </button>
        </p>
      </form>
      <div className="committee-add">
        <h3>{t('committees.addExisting')}</h3>
        {/* A picker, not a field of the saved form: no "required/optional" mark. */}
        <div className="field">
          <label htmlFor={`choose-${committee}`}>{`${t('committees.choose')} (${lowerName})`}</label>
          <select id={`choose-${committee}`} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t('committees.chooseNone')}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button
            type="button"
            className="button"
            onClick={() => {
              const person = candidates.find((p) => p.id === choice);
              if (!person) return setSaid({ text: t('committees.noPerson'), kind: 'change' });
              addMember(person);
              setChoice('');
            }}
          >
            {t('committees.addSubmit')}
            <span className="visually-hidden"> ({lowerName})</span>
          </button>
        </p>
        <NewPerson eventId={event.id} committee={committee} committeeName={lowerName} onCreated={addMember} />
      </div>
    </section>
  );
}

/** A person who is not among the event's people yet, made on the spot and added to the committee. */
function NewPerson({ eventId, committee, committeeName, onCreated }: { eventId: string; committee: Committee; committeeName: string; onCreated: (person: { id: string; name: string }) => void }) {
  const { t } = useTranslation('organiser');
  // Shown inside the committee's form: sent from its button, not by a form of its own (forms do not nest).
  const prefix = `new-person-${committee}-`;
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<{ name: string }, CreatePersonInput>({
    schema: createPersonSchema,
    defaultValues: { name: '' },
    errorPath: (key) => prefix + key,
  });
  const label = `${t('committees.newName')} (${committeeName})`;
  const create = onSubmit(
    (input) => organiserApi.addPerson(eventId, input),
    (person) => {
      form.reset();
      onCreated(person);
      void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.people(eventId) });
    },
  );
  return (
    <>
      <h3>{t('committees.addNew')}</h3>
      <FormText form={form} idPrefix={prefix} name="name" label={label} errors={errors} required />
      <FormErrors errors={errors} failure={failure} labels={{ [`${prefix}name`]: label }} summaryRef={summaryRef} />
      <p>
        <button type="button" className="button" disabled={busy} onClick={() => void create()}>
          {t('committees.newSubmit')}
          <span className="visually-hidden"> ({committeeName})</span>
        </button>
      </p>
    </>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import {
  LANGUAGES,
  SESSION_TYPES,
  createSessionSchema,
  pickText,
  updateSessionSchema,
  type CreateSessionInput,
  type Language,
  type OrganiserEventView,
  type PersonView,
  type ProgrammeConflict,
  type SessionType,
  type SessionView,
  type UpdateSessionInput,
} from '@amphi/contracts';
import { useLanguage } from '../../../i18n';
import { pick } from '../../../components/Localized';
import { ErrorMessage } from '../../../components/Status';
import { FormCheckbox, FormSelect, FormText, useAmphiForm } from '../../../forms';
import { conflictsOf } from '../../../error-text';
import { download, exportLinks, organiserApi, wallTime } from '../client';
import { ConfirmDelete, FormErrors } from '../form';
import { ConflictList } from './ConflictList';
import { wallTimeAt, type Slot } from './timetable-model';

/**
 * A session's full form, in a modal dialog over the timetable: type, titles and descriptions in French
 * and English, stage, times (in the event's zone), chairs, talks with their speakers and minutes,
 * panelists, language, recorded. An existing session also has its live room, chair console, question
 * exports and deletion here. Checked with the API's own schema before sending (forms.tsx); the API's
 * 409 lists its conflicts by the button, where the focus goes.
 */

interface TextPair {
  fr: string;
  en: string;
}
interface SessionFormValues {
  type: SessionType;
  title: TextPair;
  description: TextPair;
  startsAt: string;
  endsAt: string;
  stage: string;
  language: Language;
  recorded: boolean;
  chairs: string[];
  panelists: string[];
  /** `talkId`, not `id`: react-hook-form's field arrays keep `id` for themselves. */
  talks: Array<{ talkId: string; title: TextPair; plannedMinutes: string; speakers: string[] }>;
}

const pair = (text: { fr?: string; en?: string } | null | undefined): TextPair => ({ fr: text?.fr ?? '', en: text?.en ?? '' });
const given = (text: TextPair) => ({ ...(text.fr.trim() ? { fr: text.fr } : {}), ...(text.en.trim() ? { en: text.en } : {}) });

export type SessionDialogTarget = { kind: 'new'; slot: Slot } | { kind: 'edit'; session: SessionView };

export function SessionDialog({
  event,
  people,
  target,
  onClose,
  onSaved,
  onDeleted,
  onConflicts,
}: {
  event: OrganiserEventView;
  people: PersonView[];
  target: SessionDialogTarget;
  onClose: () => void;
  onSaved: (session: SessionView, title: string, isNew: boolean) => Promise<void>;
  onDeleted: (title: string) => Promise<void>;
  /** The conflicts the API found for this form's session (marked on the timetable too). */
  onConflicts: (conflicts: ProgrammeConflict[]) => void;
}) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const ref = useRef<HTMLDialogElement>(null);
  const session = target.kind === 'edit' ? target.session : undefined;
  const title = session ? (pick(session.title, lang, event.mainLanguage)?.text ?? '') : '';
  const [exportError, setExportError] = useState<unknown>(undefined);

  // A modal dialog (the browser keeps the focus in it, Escape closes it, the focus goes back where it was).
  useEffect(() => {
    const dialog = ref.current;
    // Once, even under StrictMode's second run (the element is the same and already open).
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const exportQuestions = async (format: 'json' | 'csv') => {
    if (!session) return;
    setExportError(undefined);
    try {
      await download(exportLinks.questions(event.id, session.id, format), `questions-${session.id}.${format}`);
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <dialog ref={ref} className="tt-dialog" aria-labelledby="session-dialog-title" onClose={onClose}>
      <div className="tt-dialog-head">
        <h2 id="session-dialog-title">{session ? t('timetable.editTitle', { title }) : t('programme.create')}</h2>
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          {t('timetable.close')}
        </button>
      </div>
      {session && (
        <>
          {/* The live room knows the organiser by their sign-in cookie, in this tab or a new one, and gives them the chair console. */}
          <ul className="inline-links">
            <li>
              <Link to={`/events/${event.slug}/sessions/${session.id}/live`}>
                {t('programme.liveRoom')}
                <span className="visually-hidden"> {title}</span>
              </Link>
            </li>
            <li>
              <Link to={`/events/${event.slug}/sessions/${session.id}/live#console-title`}>
                {t('programme.chairConsole')}
                <span className="visually-hidden"> {title}</span>
              </Link>
            </li>
          </ul>
          <p className="button-row">
            <button type="button" className="button" onClick={() => void exportQuestions('json')}>
              {t('programme.questionsJson')}
              <span className="visually-hidden"> {title}</span>
            </button>
            <button type="button" className="button" onClick={() => void exportQuestions('csv')}>
              {t('programme.questionsCsv')}
              <span className="visually-hidden"> {title}</span>
            </button>
          </p>
          {exportError !== undefined && <ErrorMessage error={exportError} />}
          <div className="button-row">
            <ConfirmDelete
              label={
                <>
                  {t('programme.delete')}
                  <span className="visually-hidden"> {title}</span>
                </>
              }
              question={t('programme.confirmDelete', { title })}
              confirmLabel={t('programme.confirmDeleteYes')}
              onConfirm={async () => {
                await organiserApi.deleteSession(event.id, session.id);
                await onDeleted(title);
              }}
            />
          </div>
        </>
      )}
      <SessionForm event={event} people={people} target={target} onSaved={onSaved} onConflicts={onConflicts} />
    </dialog>
  );
}

function SessionForm({
  event,
  people,
  target,
  onSaved,
  onConflicts,
}: {
  event: OrganiserEventView;
  people: PersonView[];
  target: SessionDialogTarget;
  onSaved: (session: SessionView, title: string, isNew: boolean) => Promise<void>;
  onConflicts: (conflicts: ProgrammeConflict[]) => void;
}) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const session = target.kind === 'edit' ? target.session : undefined;
  const defaults: SessionFormValues = session
    ? {
        type: session.type,
        title: pair(session.title),
        description: pair(session.description),
        startsAt: wallTime(session.startsAt),
        endsAt: wallTime(session.endsAt),
        stage: session.stage,
        language: session.language,
        recorded: session.recorded,
        chairs: session.chairs.map((p) => p.id),
        panelists: session.panelists.map((p) => p.id),
        talks: session.talks.map((tk) => ({ talkId: tk.id, title: pair(tk.title), plannedMinutes: String(tk.plannedMinutes), speakers: tk.speakers.map((p) => p.id) })),
      }
    : {
        type: 'plenary',
        title: pair(null),
        description: pair(null),
        startsAt: target.kind === 'new' ? wallTimeAt(target.slot.day, target.slot.start) : '',
        endsAt: target.kind === 'new' ? wallTimeAt(target.slot.day, target.slot.end) : '',
        stage: target.kind === 'new' ? target.slot.stage : 'main',
        language: event.mainLanguage,
        recorded: false,
        chairs: [],
        panelists: [],
        talks: [],
      };
  const toInput = (v: SessionFormValues) => ({
    type: v.type,
    title: given(v.title),
    // Emptied on an edit: removed (null); never given on an add: left out.
    ...(v.description.fr.trim() || v.description.en.trim() ? { description: given(v.description) } : session ? { description: null } : {}),
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    stage: v.stage,
    language: v.language,
    recorded: v.recorded,
    chairs: v.chairs,
    panelists: v.panelists,
    talks: v.talks.map((tk) => ({ ...(tk.talkId ? { id: tk.talkId } : {}), title: given(tk.title), speakers: tk.speakers, plannedMinutes: tk.plannedMinutes.trim() === '' ? Number.NaN : Number(tk.plannedMinutes) })),
  });
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<SessionFormValues, CreateSessionInput | UpdateSessionInput>({
    defaultValues: defaults,
    toInput,
    schema: session ? updateSessionSchema : createSessionSchema,
  });
  const talks = useFieldArray({ control: form.control, name: 'talks' });
  const conflicts = conflictsOf(failure).conflicts;
  useEffect(() => onConflicts(conflicts), [failure]); // eslint-disable-line react-hooks/exhaustive-deps

  const labels: Record<string, string> = {
    type: t('session.type'),
    'title.fr': t('session.titleFr'),
    'title.en': t('session.titleEn'),
    title: t('session.title'),
    startsAt: t('session.startsAt'),
    endsAt: t('session.endsAt'),
    stage: t('session.stage'),
    chairs: t('session.chairs'),
    panelists: t('session.panelists'),
    'description.fr': t('session.descriptionFr'),
    'description.en': t('session.descriptionEn'),
    description: t('session.description'),
    language: t('session.language'),
    recorded: t('session.recorded'),
    talks: t('session.talks'),
  };
  // A talk's fields are named with its number: "Talk 2 — Title in English", never "talks.1.title.en".
  talks.fields.forEach((_, i) => {
    const talk = t('session.talkN', { n: i + 1 });
    const of = (field: string) => t('session.talkField', { talk, field });
    labels[`talks.${i}`] = talk;
    labels[`talks.${i}.title`] = of(t('session.title'));
    labels[`talks.${i}.title.fr`] = of(t('session.titleFr'));
    labels[`talks.${i}.title.en`] = of(t('session.titleEn'));
    labels[`talks.${i}.plannedMinutes`] = of(t('session.minutes'));
    labels[`talks.${i}.speakers`] = of(t('session.speakers'));
  });
  /** A text missing in both languages is said on the French field (the first of the two). */
  const withWhole = (whole: string) => ({ ...errors, [`${whole}.fr`]: errors[`${whole}.fr`] ?? errors[whole] ?? '' });

  const submit = onSubmit(
    async (input) => {
      onConflicts([]);
      const saved = session ? await organiserApi.updateSession(event.id, session.id, input as UpdateSessionInput) : await organiserApi.createSession(event.id, input as CreateSessionInput);
      return saved;
    },
    (saved) => void onSaved(saved, pickText(saved.title, lang, event.mainLanguage) ?? '', !session),
  );

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={session ? t('session.editLabel') : t('programme.create')}>
      <FormSelect form={form} name="type" label={t('session.type')} errors={errors} options={SESSION_TYPES.map((s) => ({ value: s, label: t(`sessionTypes.${s}`) }))} required />
      <FormText form={form} name="title.fr" label={t('session.titleFr')} lang="fr" errors={withWhole('title')} />
      <FormText form={form} name="title.en" label={t('session.titleEn')} lang="en" errors={errors} />
      <FormText form={form} name="startsAt" type="datetime-local" label={t('session.startsAt')} hint={t('session.zoneHint', { zone: event.timeZone })} errors={errors} required />
      <FormText form={form} name="endsAt" type="datetime-local" label={t('session.endsAt')} hint={t('session.zoneHint', { zone: event.timeZone })} errors={errors} required />
      <FormText form={form} name="stage" label={t('session.stage')} errors={errors} required />
      <FormText form={form} name="description.fr" label={t('session.descriptionFr')} lang="fr" multiline errors={withWhole('description')} />
      <FormText form={form} name="description.en" label={t('session.descriptionEn')} lang="en" multiline errors={errors} />
      <FormSelect form={form} name="language" label={t('session.language')} errors={errors} options={LANGUAGES.map((l) => ({ value: l, label: t(`session.languages.${l}`) }))} required />
      <FormCheckbox form={form} name="recorded" label={t('session.recorded')} errors={errors} />
      <PersonBoxes form={form} name="chairs" legend={t('session.chairs')} people={people} errors={errors} />
      <PersonBoxes form={form} name="panelists" legend={t('session.panelists')} people={people} errors={errors} />
      <fieldset className="field">
        <legend>{t('session.talks')}</legend>
        {talks.fields.map((field, i) => (
          <fieldset key={field.id} className="talk">
            <legend>{t('session.talkN', { n: i + 1 })}</legend>
            <FormText form={form} name={`talks.${i}.title.fr`} label={t('session.titleFr')} lang="fr" errors={withWhole(`talks.${i}.title`)} />
            <FormText form={form} name={`talks.${i}.title.en`} label={t('session.titleEn')} lang="en" errors={errors} />
            <FormText form={form} name={`talks.${i}.plannedMinutes`} type="number" label={t('session.minutes')} errors={errors} required />
            <PersonBoxes form={form} name={`talks.${i}.speakers`} legend={t('session.speakers')} people={people} errors={errors} />
            <button type="button" className="button" onClick={() => talks.remove(i)}>
              {t('session.removeTalk', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" className="button" onClick={() => talks.append({ talkId: '', title: pair(null), plannedMinutes: '30', speakers: [] }, { shouldFocus: false })}>
          {t('session.addTalk')}
        </button>
      </fieldset>
      {/* Here, by the button, and focused: a long form's errors are where the person looks after sending. */}
      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef}>
        {conflicts.length > 0 ? <ConflictList conflicts={conflicts} event={event} people={people} /> : undefined}
      </FormErrors>
      <p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {session ? t('common.save') : t('programme.createSubmit')}
        </button>
      </p>
    </form>
  );
}

type PersonListPath = 'chairs' | 'panelists' | `talks.${number}.speakers`;

/** A list of the event's people as checkboxes; the first one's id is the list's (`field-chairs`), where its errors link to. */
function PersonBoxes({ form, name, legend, people, errors }: { form: UseFormReturn<SessionFormValues>; name: PersonListPath; legend: string; people: PersonView[]; errors: Record<string, string> }) {
  const { t } = useTranslation('organiser');
  const selected = (form.watch(name) as string[] | undefined) ?? [];
  const error = errors[name];
  return (
    <fieldset className="field" aria-describedby={error ? `field-${name}-error` : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p id={`field-${name}-error`} className="field-error">
          {error}
        </p>
      )}
      {people.length === 0 && <p className="muted">{t('session.noPeople')}</p>}
      {people.map((p, i) => {
        const id = i === 0 ? `field-${name}` : `field-${name}-${p.id}`;
        return (
          <div className="checkbox" key={p.id}>
            <input
              type="checkbox"
              id={id}
              checked={selected.includes(p.id)}
              onChange={(e) => form.setValue(name, e.target.checked ? [...selected, p.id] : selected.filter((x) => x !== p.id), { shouldDirty: true })}
            />
            <label htmlFor={id}>{p.name}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LANGUAGES, SESSION_TYPES, type Language, type OrganiserEventView, type PersonView, type ProgrammeConflict, type SessionType, type SessionView } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDay, formatTimeRange } from '../../format';
import { pick } from '../../components/Localized';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/Status';
import { useResource } from '../../components/useResource';
import { useErrorsT } from '../../components/useErrorText';
import { conflictsOf, conflictText } from '../../error-text';
import { download, exportLinks, organiserApi, wallTime } from './client';
import { ConfirmDelete, FormErrors, SelectField, TextField, useSubmit } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';

export function ProgrammePage() {
  const { t } = useTranslation('organiser');
  const { eventId, event } = useOrganiserEvent();
  const people = useResource(`people:${eventId}`, (signal) => organiserApi.people(eventId, signal));
  useDocumentTitle(t('nav.programme'));
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data || !people.data) return people.error !== undefined ? <LoadError error={people.error} /> : <Loading />;
  return <Programme event={event.data} people={people.data} reload={() => void event.refetch()} />;
}

function Programme({ event, people, reload }: { event: OrganiserEventView; people: PersonView[]; reload: () => void }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const [editing, setEditing] = useState<string | null>(null);
  /**
   * Conflicts the last save reported, by the other session they concern: marked on that session's card
   * too. The form that was saved lists them itself, next to its button.
   */
  const [conflicts, setConflicts] = useState<Record<string, ProgrammeConflict[]>>({});
  const [exportError, setExportError] = useState<unknown>(undefined);
  const [deleted, setDeleted] = useState<string | null>(null);
  /** What the last save did, said once it is done ("“Opening” is added."). */
  const [saved, setSaved] = useState<string | null>(null);
  /** Remounts the new-session form after an add: an empty form for the next one, not the last one's values. */
  const [newFormKey, setNewFormKey] = useState(0);
  const sessions = [...event.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const title = (s: SessionView) => pick(s.title, lang, event.mainLanguage)?.text ?? '';
  const onConflicts = (list: ProgrammeConflict[]) => {
    const next: Record<string, ProgrammeConflict[]> = {};
    for (const c of list) if (c.otherSessionId) (next[c.otherSessionId] ??= []).push(c);
    setConflicts(next);
  };
  const exportQuestions = async (s: SessionView, format: 'json' | 'csv') => {
    setExportError(undefined);
    try {
      await download(exportLinks.questions(event.id, s.id, format), `questions-${s.id}.${format}`);
    } catch (error) {
      setExportError(error);
    }
  };
  return (
    <>
      <EventNav event={event} />
      <h1>{t('programme.title')}</h1>
      <p className="muted">{t('programme.zone', { zone: event.timeZone })}</p>
      {exportError !== undefined && <ErrorMessage error={exportError} />}
      {deleted !== null && (
        <p role="status" className="notice notice-success">
          {t('programme.deleted', { title: deleted })}
        </p>
      )}
      {sessions.length === 0 && <p>{t('programme.none')}</p>}
      {saved !== null && (
        <p role="status" className="notice notice-success">
          {saved}
        </p>
      )}
      <ul className="card-list">
        {sessions.map((s) => (
          <li key={s.id} className="card" aria-labelledby={`session-${s.id}`}>
            <h2 id={`session-${s.id}`} className="card-title">
              {title(s)}
            </h2>
            <p className="meta">
              {formatDay(s.startsAt, event.timeZone, lang)}, <time dateTime={s.startsAt}>{formatTimeRange(s.startsAt, s.endsAt, event.timeZone, lang)}</time> · {s.stage} · {t(`sessionTypes.${s.type}`)}
            </p>
            {s.chairs.length > 0 && <p>{t('programme.chairsAre', { names: s.chairs.map((p) => p.name).join(', ') })}</p>}
            {/* The live room knows the organiser by their sign-in cookie, in this tab or a new one, and gives them the chair console. */}
            <ul className="inline-links">
              <li>
                <Link to={`/events/${event.slug}/sessions/${s.id}/live`}>
                  {t('programme.liveRoom')}
                  <span className="visually-hidden"> {title(s)}</span>
                </Link>
              </li>
              <li>
                <Link to={`/events/${event.slug}/sessions/${s.id}/live#console-title`}>
                  {t('programme.chairConsole')}
                  <span className="visually-hidden"> {title(s)}</span>
                </Link>
              </li>
            </ul>
            {s.talks.length > 0 && (
              <ul>
                {s.talks.map((talk) => (
                  <li key={talk.id}>
                    {pick(talk.title, lang, event.mainLanguage)?.text} ({talk.plannedMinutes} min){talk.speakers.length > 0 && ` — ${talk.speakers.map((p) => p.name).join(', ')}`}
                  </li>
                ))}
              </ul>
            )}
            <ConflictList conflicts={conflicts[s.id]} event={event} people={people} />
            <p className="button-row">
              <button type="button" className="button" aria-expanded={editing === s.id} onClick={() => setEditing(editing === s.id ? null : s.id)}>
                {t('programme.edit')}
                <span className="visually-hidden"> {title(s)}</span>
              </button>
              <button type="button" className="button" onClick={() => void exportQuestions(s, 'json')}>
                {t('programme.questionsJson')}
                <span className="visually-hidden"> {title(s)}</span>
              </button>
              <button type="button" className="button" onClick={() => void exportQuestions(s, 'csv')}>
                {t('programme.questionsCsv')}
                <span className="visually-hidden"> {title(s)}</span>
              </button>
            </p>
            <div className="button-row">
              <ConfirmDelete
                label={
                  <>
                    {t('programme.delete')}
                    <span className="visually-hidden"> {title(s)}</span>
                  </>
                }
                question={t('programme.confirmDelete', { title: title(s) })}
                confirmLabel={t('programme.confirmDeleteYes')}
                onConfirm={async () => {
                  await organiserApi.deleteSession(event.id, s.id);
                  setDeleted(title(s));
                  if (editing === s.id) setEditing(null);
                  reload();
                }}
              />
            </div>
            {editing === s.id && (
              <SessionForm
                event={event}
                people={people}
                session={s}
                onConflicts={onConflicts}
                onSaved={(savedTitle) => {
                  setEditing(null);
                  setConflicts({});
                  setSaved(t('programme.savedSession', { title: savedTitle }));
                  reload();
                }}
              />
            )}
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-session">
        <h2 id="new-session">{t('programme.create')}</h2>
        <SessionForm
          key={newFormKey}
          event={event}
          people={people}
          onConflicts={onConflicts}
          onSaved={(savedTitle) => {
            setConflicts({});
            setSaved(t('programme.added', { title: savedTitle }));
            setNewFormKey((k) => k + 1);
            reload();
          }}
        />
      </section>
    </>
  );
}

/**
 * Programme conflicts, each in the reader's words from its kind and details (the other session's title
 * and times, the person's name), times in the event's zone like the rest of this page.
 */
function ConflictList({ conflicts, event, people }: { conflicts: ProgrammeConflict[] | undefined; event: OrganiserEventView; people: PersonView[] }) {
  const { t } = useTranslation('organiser');
  const errorsT = useErrorsT();
  const lang = useLanguage();
  if (!conflicts?.length) return null;
  // What an older API did not put in a conflict, from what this page knows.
  const known = (c: ProgrammeConflict): Partial<ProgrammeConflict> => {
    const other = c.otherSessionId ? event.sessions.find((s) => s.id === c.otherSessionId) : undefined;
    const self = c.sessionId ? event.sessions.find((s) => s.id === c.sessionId) : undefined;
    return {
      ...(self ? { sessionTitle: pick(self.title, lang, event.mainLanguage)?.text ?? '', startsAt: self.startsAt, endsAt: self.endsAt } : {}),
      ...(other ? { otherSessionTitle: pick(other.title, lang, event.mainLanguage)?.text ?? '', otherStartsAt: other.startsAt, otherEndsAt: other.endsAt } : {}),
      ...(c.personId ? { personName: people.find((p) => p.id === c.personId)?.name } : {}),
    };
  };
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{t('programme.conflicts')}</strong>
      </p>
      <ul>
        {conflicts.map((c, i) => (
          <li key={i}>{conflictText(c, errorsT, lang, event.timeZone, known(c))}</li>
        ))}
      </ul>
    </div>
  );
}

interface TalkForm {
  id?: string;
  titleFr: string;
  titleEn: string;
  speakers: string[];
  minutes: string;
}

function SessionForm({ event, people, session, onSaved, onConflicts }: { event: OrganiserEventView; people: PersonView[]; session?: SessionView; onSaved: (title: string) => void; onConflicts: (c: ProgrammeConflict[]) => void }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const prefix = session ? `s-${session.id}-` : 'new-';
  const [form, setForm] = useState({
    type: (session?.type ?? 'plenary') as string,
    titleFr: session?.title.fr ?? '',
    titleEn: session?.title.en ?? '',
    startsAt: session ? wallTime(session.startsAt) : `${event.startDate}T09:00`,
    endsAt: session ? wallTime(session.endsAt) : `${event.startDate}T10:00`,
    stage: session?.stage ?? 'main',
    descriptionFr: session?.description?.fr ?? '',
    descriptionEn: session?.description?.en ?? '',
    language: (session?.language ?? event.mainLanguage) as string,
  });
  const [recorded, setRecorded] = useState(session?.recorded ?? false);
  const [chairs, setChairs] = useState<string[]>(session?.chairs.map((p) => p.id) ?? []);
  const [panelists, setPanelists] = useState<string[]>(session?.panelists.map((p) => p.id) ?? []);
  const [talks, setTalks] = useState<TalkForm[]>(
    session?.talks.map((tk) => ({ id: tk.id, titleFr: tk.title.fr ?? '', titleEn: tk.title.en ?? '', speakers: tk.speakers.map((p) => p.id), minutes: String(tk.plannedMinutes) })) ?? [],
  );
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const { errors: rawErrors, failure, busy, run, summaryRef } = useSubmit();
  // Field ids are unique per form: the API's `title.en` is this form's `<prefix>title.en`.
  const errors = Object.fromEntries(Object.entries(rawErrors).map(([k, v]) => [prefix + k, v]));
  const labels: Record<string, string> = {
    [`${prefix}type`]: t('session.type'),
    [`${prefix}title.fr`]: t('session.titleFr'),
    [`${prefix}title.en`]: t('session.titleEn'),
    [`${prefix}title`]: t('session.title'),
    [`${prefix}startsAt`]: t('session.startsAt'),
    [`${prefix}endsAt`]: t('session.endsAt'),
    [`${prefix}stage`]: t('session.stage'),
    [`${prefix}chairs`]: t('session.chairs'),
    [`${prefix}panelists`]: t('session.panelists'),
    [`${prefix}description.fr`]: t('session.descriptionFr'),
    [`${prefix}description.en`]: t('session.descriptionEn'),
    [`${prefix}description`]: t('session.description'),
    [`${prefix}language`]: t('session.language'),
    [`${prefix}recorded`]: t('session.recorded'),
    [`${prefix}talks`]: t('session.talks'),
  };
  // A talk's fields are named with its number: "Talk 2 — Title in English", never "talks.1.title.en".
  talks.forEach((_, i) => {
    const tp = `${prefix}talks.${i}`;
    const talk = t('session.talkN', { n: i + 1 });
    const of = (field: string) => t('session.talkField', { talk, field });
    labels[tp] = talk;
    labels[`${tp}.title`] = of(t('session.title'));
    labels[`${tp}.title.fr`] = of(t('session.titleFr'));
    labels[`${tp}.title.en`] = of(t('session.titleEn'));
    labels[`${tp}.plannedMinutes`] = of(t('session.minutes'));
    labels[`${tp}.speakers`] = of(t('session.speakers'));
  });
  const text = (fr: string, en: string) => ({ ...(fr.trim() ? { fr } : {}), ...(en.trim() ? { en } : {}) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    onConflicts([]);
    const body = {
      type: form.type as SessionType,
      title: text(form.titleFr, form.titleEn),
      startsAt: form.startsAt,
      endsAt: form.endsAt,
      stage: form.stage,
      // Emptied on an edit: removed (null); never given on an add: left out.
      ...(form.descriptionFr.trim() || form.descriptionEn.trim() ? { description: text(form.descriptionFr, form.descriptionEn) } : {}),
      language: form.language as Language,
      recorded,
      chairs,
      panelists,
      talks: talks.map((tk) => ({ ...(tk.id ? { id: tk.id } : {}), title: text(tk.titleFr, tk.titleEn), speakers: tk.speakers, plannedMinutes: Number(tk.minutes) })),
    };
    let conflictList: ProgrammeConflict[] = [];
    const saved = await run(async () => {
      try {
        return await (session ? organiserApi.updateSession(event.id, session.id, { description: null, ...body }) : organiserApi.createSession(event.id, body));
      } catch (error) {
        conflictList = conflictsOf(error).conflicts;
        throw error;
      }
    });
    onConflicts(conflictList);
    if (saved) onSaved(pick(body.title, lang, event.mainLanguage)?.text ?? '');
  };
  const personBoxes = (name: string, selected: string[], onChange: (ids: string[]) => void, legend: string) => (
    <fieldset className="field" aria-describedby={errors[name] ? `field-${name}-error` : undefined}>
      <legend>{legend}</legend>
      {errors[name] && (
        <p id={`field-${name}-error`} className="field-error">
          {errors[name]}
        </p>
      )}
      {people.length === 0 && <p className="muted">{t('session.noPeople')}</p>}
      {people.map((p, i) => (
        <div className="checkbox" key={p.id}>
          <input
            type="checkbox"
            id={i === 0 ? `field-${name}` : `field-${name}-${p.id}`}
            checked={selected.includes(p.id)}
            onChange={(e) => onChange(e.target.checked ? [...selected, p.id] : selected.filter((id) => id !== p.id))}
          />
          <label htmlFor={i === 0 ? `field-${name}` : `field-${name}-${p.id}`}>{p.name}</label>
        </div>
      ))}
    </fieldset>
  );
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={session ? t('session.editLabel') : t('programme.create')}>
      <SelectField name={`${prefix}type`} label={t('session.type')} value={form.type} onChange={set('type')} errors={errors} options={SESSION_TYPES.map((s) => ({ value: s, label: t(`sessionTypes.${s}`) }))} required />
      <TextField name={`${prefix}title.fr`} label={t('session.titleFr')} lang="fr" value={form.titleFr} onChange={set('titleFr')} errors={{ ...errors, [`${prefix}title.fr`]: errors[`${prefix}title.fr`] ?? errors[`${prefix}title`] }} />
      <TextField name={`${prefix}title.en`} label={t('session.titleEn')} lang="en" value={form.titleEn} onChange={set('titleEn')} errors={errors} />
      <TextField name={`${prefix}startsAt`} type="datetime-local" lang={lang} label={t('session.startsAt')} hint={t('session.zoneHint', { zone: event.timeZone })} value={form.startsAt} onChange={set('startsAt')} errors={errors} required />
      <TextField name={`${prefix}endsAt`} type="datetime-local" lang={lang} label={t('session.endsAt')} hint={t('session.zoneHint', { zone: event.timeZone })} value={form.endsAt} onChange={set('endsAt')} errors={errors} required />
      <TextField name={`${prefix}stage`} label={t('session.stage')} value={form.stage} onChange={set('stage')} errors={errors} required />
      <TextField name={`${prefix}description.fr`} label={t('session.descriptionFr')} lang="fr" multiline value={form.descriptionFr} onChange={set('descriptionFr')} errors={{ ...errors, [`${prefix}description.fr`]: errors[`${prefix}description.fr`] ?? errors[`${prefix}description`] }} />
      <TextField name={`${prefix}description.en`} label={t('session.descriptionEn')} lang="en" multiline value={form.descriptionEn} onChange={set('descriptionEn')} errors={errors} />
      <SelectField name={`${prefix}language`} label={t('session.language')} value={form.language} onChange={set('language')} errors={errors} options={LANGUAGES.map((l) => ({ value: l, label: t(`session.languages.${l}`) }))} required />
      <div className="checkbox">
        <input type="checkbox" id={`field-${prefix}recorded`} checked={recorded} onChange={(e) => setRecorded(e.target.checked)} />
        <label htmlFor={`field-${prefix}recorded`}>{t('session.recorded')}</label>
      </div>
      {personBoxes(`${prefix}chairs`, chairs, setChairs, t('session.chairs'))}
      {personBoxes(`${prefix}panelists`, panelists, setPanelists, t('session.panelists'))}
      <fieldset className="field">
        <legend>{t('session.talks')}</legend>
        {talks.map((tk, i) => {
          const tp = `${prefix}talks.${i}.`;
          const setTalk = (patch: Partial<TalkForm>) => setTalks((list) => list.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <fieldset key={i} className="talk">
              <legend>{t('session.talkN', { n: i + 1 })}</legend>
              <TextField name={`${tp}title.fr`} label={t('session.titleFr')} lang="fr" value={tk.titleFr} onChange={(v) => setTalk({ titleFr: v })} errors={{ ...errors, [`${tp}title.fr`]: errors[`${tp}title.fr`] ?? errors[`${tp}title`] }} />
              <TextField name={`${tp}title.en`} label={t('session.titleEn')} lang="en" value={tk.titleEn} onChange={(v) => setTalk({ titleEn: v })} errors={errors} />
              <TextField name={`${tp}plannedMinutes`} type="number" label={t('session.minutes')} value={tk.minutes} onChange={(v) => setTalk({ minutes: v })} errors={errors} required />
              {personBoxes(`${tp}speakers`, tk.speakers, (ids) => setTalk({ speakers: ids }), t('session.speakers'))}
              <button type="button" className="button" onClick={() => setTalks((list) => list.filter((_, j) => j !== i))}>
                {t('session.removeTalk', { n: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button type="button" className="button" onClick={() => setTalks((list) => [...list, { titleFr: '', titleEn: '', speakers: [], minutes: '30' }])}>
          {t('session.addTalk')}
        </button>
      </fieldset>
      {/* Here, by the button, and focused: a long form's errors are where the person looks after sending. */}
      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef}>
        {conflictsOf(failure).conflicts.length > 0 ? <ConflictList conflicts={conflictsOf(failure).conflicts} event={event} people={people} /> : undefined}
      </FormErrors>
      <p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {session ? t('common.save') : t('programme.createSubmit')}
        </button>
      </p>
    </form>
  );
}

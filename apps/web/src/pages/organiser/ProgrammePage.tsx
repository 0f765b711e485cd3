import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { OrganiserEventView, PersonView, ProgrammeConflict, SessionView } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDay, formatTimeRange } from '../../format';
import { pick } from '../../components/Localized';
import { Loading, useDocumentTitle } from '../../components/Status';
import { TimeZoneToggle, useShownZone } from '../../components/TimeZone';
import { useErrorText } from '../../components/useErrorText';
import { conflictsOf } from '../../error-text';
import { queryClient, queryKeys } from '../../query';
import { organiserApi } from './client';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import { Timetable, type Draft } from './timetable/Timetable';
import { SessionDialog, type SessionDialogTarget } from './timetable/SessionDialog';
import { useConflictTexts } from './timetable/ConflictList';
import { conflictsOfMove, eventDays, instant, slotOf, stagesOf, wallTimeAt, type Slot } from './timetable/timetable-model';

export function ProgrammePage() {
  const { t } = useTranslation('organiser');
  const { eventId, event } = useOrganiserEvent();
  const people = useQuery({ queryKey: queryKeys.organiser.people(eventId), queryFn: ({ signal }) => organiserApi.people(eventId, signal) });
  useDocumentTitle(t('nav.programme'));
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (people.isError) return <LoadError error={people.error} onRetry={() => void people.refetch()} />;
  if (!event.data || !people.data) return <Loading />;
  return <Programme event={event.data} people={people.data} />;
}

const sameSlot = (a: Slot, b: Slot) => a.day === b.day && a.stage === b.stage && a.start === b.start && a.end === b.end;

/**
 * The timetable editor: the grid (Timetable), what a move would break as it is made (the API's rule,
 * from libs/contracts), the save of a move (the API decides, its refusal is said next to the block and
 * takes the focus), and the session's full form in a dialog.
 */
function Programme({ event, people }: { event: OrganiserEventView; people: PersonView[] }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const errorText = useErrorText();
  const conflictTexts = useConflictTexts(event, people);
  const { zone: shownZone } = useShownZone(event.timeZone);
  /**
   * Stages shown though no session uses them (any more): added by the organiser, or emptied by a move
   * during this visit (a column does not vanish under the pointer). An empty programme starts with the
   * API's default stage, "main".
   */
  const [addedStages, setAddedStages] = useState<string[]>(() => (event.sessions.length ? [] : ['main']));
  useEffect(() => {
    setAddedStages((list) => {
      const missing = [...new Set(event.sessions.map((s) => s.stage))].filter((stage) => !list.includes(stage));
      return missing.length ? [...list, ...missing] : list;
    });
  }, [event.sessions]);
  const [draft, setDraftState] = useState<Draft | null>(null);
  // The pointer's drop commits in the same tick as its last move: the latest draft is read from here.
  const draftRef = useRef<Draft | null>(null);
  const setDraft = (next: Draft | null) => {
    draftRef.current = next;
    setDraftState(next);
  };
  const [newSlot, setNewSlot] = useState<Slot | null>(null);
  const [dialog, setDialog] = useState<SessionDialogTarget | null>(null);
  /** Conflicts the dialog's last save was refused with: the sessions they concern are marked on the grid. */
  const [formConflicts, setFormConflicts] = useState<ProgrammeConflict[]>([]);
  /** What the last change did, said once it is done ("“Opening” is saved."). */
  const [status, setStatus] = useState('');
  /** What a keyboard move did, for screen readers (the block itself shows it). */
  const [announcement, setAnnouncement] = useState('');
  const [refusals, setRefusals] = useState(0);
  /** The block to give the focus back to once the timetable shows it (after a save or a cancel). */
  const [focusBlock, setFocusBlock] = useState<string | null>(null);
  const [newStage, setNewStage] = useState('');
  const [stageError, setStageError] = useState('');

  const days = eventDays(event);
  const stages = stagesOf(event.sessions, [...addedStages, ...(draft ? [draft.slot.stage] : []), ...(newSlot ? [newSlot.stage] : [])], lang);
  const title = (s: SessionView) => pick(s.title, lang, event.mainLanguage)?.text ?? '';
  const sessionById = (id: string) => event.sessions.find((s) => s.id === id);
  const describeSlot = (slot: Slot) =>
    t('timetable.slot', {
      day: formatDay(instant(slot.day, 12 * 60, event.timeZone).toISOString(), event.timeZone, lang),
      times: formatTimeRange(instant(slot.day, slot.start, event.timeZone).toISOString(), instant(slot.day, slot.end, event.timeZone).toISOString(), shownZone, lang),
      stage: slot.stage,
    });

  useEffect(() => {
    if (!focusBlock) return;
    const block = document.getElementById(`tt-block-${focusBlock}`);
    if (block) {
      block.focus();
      setFocusBlock(null);
    }
  }, [focusBlock, event]);

  const move = useMutation({
    mutationFn: ({ sessionId, slot }: { sessionId: string; slot: Slot }) =>
      organiserApi.updateSession(event.id, sessionId, { startsAt: wallTimeAt(slot.day, slot.start), endsAt: wallTimeAt(slot.day, slot.end), stage: slot.stage }),
    // Awaited by mutateAsync: the block leaves its draft once the timetable shows where it was saved.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.organiser.event(event.id) }),
  });

  const onDraft = (sessionId: string, slot: Slot, via: Draft['via']) => {
    const session = sessionById(sessionId);
    if (!session) return;
    const conflicts = conflictsOfMove(session, slot, event);
    setDraft({ sessionId, slot, via, conflicts });
    if (via === 'key') {
      const said = [title(session), describeSlot(slot), conflicts.length ? t('timetable.conflictCount', { count: conflicts.length }) : '', t('timetable.enterToSave')];
      setAnnouncement(said.filter(Boolean).join(' — '));
    }
  };

  const refuse = (current: Draft, conflicts: ProgrammeConflict[], error?: unknown) => {
    const attempt = refusals + 1;
    setRefusals(attempt);
    setDraft({ ...current, refused: { conflicts, error, attempt } });
    setAnnouncement('');
  };

  const onCommit = async () => {
    const current = draftRef.current;
    if (!current || move.isPending) return;
    const session = sessionById(current.sessionId);
    if (!session) return setDraft(null);
    if (sameSlot(current.slot, slotOf(session, event.timeZone))) {
      setDraft(null);
      setFocusBlock(session.id);
      return;
    }
    // The rule first, here: a move it refuses is not sent; the API checks again under its lock.
    const local = conflictsOfMove(session, current.slot, event);
    if (local.length) return refuse(current, local);
    try {
      await move.mutateAsync({ sessionId: session.id, slot: current.slot });
      setDraft(null);
      setStatus(t('programme.savedSession', { title: title(session) }));
      setFocusBlock(session.id);
    } catch (error) {
      const { conflicts } = conflictsOf(error);
      refuse(current, conflicts, conflicts.length ? undefined : error);
    }
  };

  const onCancel = () => {
    const current = draftRef.current;
    setDraft(null);
    setAnnouncement(current ? t('timetable.putBackDone') : '');
    if (current) setFocusBlock(current.sessionId);
  };

  const onCreate = (slot: Slot, final: boolean) => {
    setNewSlot(slot);
    if (final) {
      setDraft(null);
      setDialog({ kind: 'new', slot });
    }
  };

  const closeDialog = () => {
    setDialog(null);
    setNewSlot(null);
    setFormConflicts([]);
  };

  const addStage = (e: FormEvent) => {
    e.preventDefault();
    const name = newStage.trim();
    if (!name) return setStageError(t('timetable.stageMissing'));
    setStageError('');
    setNewStage('');
    if (stages.includes(name)) return setStatus(t('timetable.stageExists', { stage: name }));
    setAddedStages((list) => [...list, name]);
    setStatus(t('timetable.stageAdded', { stage: name }));
  };

  const collidingIds = new Set<string>();
  for (const c of [...(draft?.refused?.conflicts ?? draft?.conflicts ?? []), ...formConflicts]) if (c.otherSessionId) collidingIds.add(c.otherSessionId);

  const renderNote = (d: Draft) => {
    const conflicts = d.refused ? d.refused.conflicts : d.conflicts;
    if (!d.refused && conflicts.length === 0) return null;
    return (
      <div
        id={`tt-note-${d.sessionId}`}
        className="tt-note notice notice-error"
        tabIndex={-1}
        role={d.refused ? 'alert' : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      >
        <p>
          <strong>{d.refused ? t('programme.conflicts') : t('timetable.wouldConflict')}</strong>
        </p>
        {conflicts.length > 0 ? (
          <ul>
            {conflictTexts(conflicts).map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
        ) : (
          <p>{errorText(d.refused?.error)}</p>
        )}
        <p>
          <button type="button" className="button" onClick={onCancel}>
            {t('timetable.putBack')}
          </button>
        </p>
      </div>
    );
  };

  return (
    <>
      <EventNav event={event} />
      <h1>{t('programme.title')}</h1>
      <TimeZoneToggle eventZone={event.timeZone} />
      <p className="muted">{t('timetable.layout', { zone: event.timeZone })}</p>
      <div className="tt-help">
        <p id="tt-keys-short">{t('timetable.keysShort')}</p>
        <details>
          <summary>{t('timetable.keysTitle')}</summary>
          <ul>
            <li>{t('timetable.keys.create')}</li>
            <li>{t('timetable.keys.move')}</li>
            <li>{t('timetable.keys.stage')}</li>
            <li>{t('timetable.keys.resize')}</li>
            <li>{t('timetable.keys.save')}</li>
            <li>{t('timetable.keys.open')}</li>
            <li>{t('timetable.keys.mouse')}</li>
          </ul>
        </details>
      </div>
      <div className="tt-toolbar">
        <button type="button" className="button button-primary" onClick={() => onCreate({ day: days[0]!, stage: stages[0]!, start: 9 * 60, end: 10 * 60 }, true)}>
          {t('programme.create')}
        </button>
        <form className="tt-add-stage" onSubmit={addStage} noValidate aria-label={t('timetable.addStage')}>
          <div className={`field${stageError ? ' field-invalid' : ''}`}>
            <label htmlFor="tt-new-stage">{t('timetable.newStage')}</label>
            {stageError && (
              <p id="tt-new-stage-error" className="field-error">
                {stageError}
              </p>
            )}
            <input id="tt-new-stage" value={newStage} maxLength={100} aria-invalid={stageError ? true : undefined} aria-describedby={stageError ? 'tt-new-stage-error' : undefined} onChange={(e) => setNewStage(e.target.value)} />
          </div>
          <button type="submit" className="button">
            {t('timetable.addStage')}
          </button>
        </form>
      </div>
      <p role="status" className={status ? 'notice notice-success' : 'visually-hidden'}>
        {status}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {event.sessions.length === 0 && <p>{t('programme.none')}</p>}
      <Timetable
        event={event}
        days={days}
        stages={stages}
        shownZone={shownZone}
        draft={draft}
        newSlot={newSlot}
        saving={move.isPending}
        onDraft={onDraft}
        onCommit={() => void onCommit()}
        onCancel={onCancel}
        onCreate={onCreate}
        onOpen={(session) => {
          setStatus('');
          setDialog({ kind: 'edit', session });
        }}
        renderNote={renderNote}
        collidingIds={collidingIds}
      />
      {dialog && (
        <SessionDialog
          key={dialog.kind === 'edit' ? dialog.session.id : 'new'}
          event={event}
          people={people}
          target={dialog}
          onClose={closeDialog}
          onConflicts={setFormConflicts}
          onSaved={async (saved, savedTitle, isNew) => {
            await queryClient.invalidateQueries({ queryKey: queryKeys.organiser.event(event.id) });
            closeDialog();
            setStatus(t(isNew ? 'programme.added' : 'programme.savedSession', { title: savedTitle }));
            setFocusBlock(saved.id);
          }}
          onDeleted={async (deletedTitle) => {
            await queryClient.invalidateQueries({ queryKey: queryKeys.organiser.event(event.id) });
            closeDialog();
            setStatus(t('programme.deleted', { title: deletedTitle }));
          }}
        />
      )}
    </>
  );
}

import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganiserEventView, ProgrammeConflict, SessionView } from '@amphi/contracts';
import { useLanguage } from '../../../i18n';
import { formatDay, formatTime, formatTimeRange } from '../../../format';
import { pick } from '../../../components/Localized';
import { DEFAULT_MINUTES, SNAP_MINUTES, instant, slotAfterKey, slotOf, snap, visibleRange, type Slot } from './timetable-model';

/**
 * The organiser's programme as a grid: the event's days side by side, a column per stage, a session a
 * block as long as it lasts (times laid out in the event's zone, written in the zone the reader chose).
 * With the mouse: drag over an empty slot (or click it) to add a session there, drag a block to another
 * time, stage or day, drag its bottom edge to change its length. With the keyboard: a block's arrows
 * move it, Shift+arrows change its length, Enter saves, Escape puts it back. Snapped to 5 minutes.
 * Under 40em wide (a phone, a 200 % zoom) the same blocks are a list per day and stage (styles.css).
 *
 * This component only says what the organiser is doing (`onDraft`, `onCommit`, `onCreate`); the page
 * decides what is checked, saved and said.
 */

/** A move or resize not saved yet: where the session would be, and what that would break. */
export interface Draft {
  sessionId: string;
  slot: Slot;
  /** From the keyboard (the focus follows the block) or the mouse. */
  via: 'key' | 'pointer';
  /** Conflicts by the shared rule, as the organiser edits. */
  conflicts: ProgrammeConflict[];
  /** The last save was refused: by the rule before sending, or by the API (its 409, or another failure). */
  refused?: { conflicts: ProgrammeConflict[]; error?: unknown; attempt: number };
}

interface TimetableProps {
  event: OrganiserEventView;
  days: string[];
  stages: string[];
  /** The zone times are written in (the event's, or the viewer's on request). */
  shownZone: string;
  draft: Draft | null;
  /** A slot being drawn for a new session (the dialog is open on it). */
  newSlot: Slot | null;
  saving: boolean;
  onDraft: (sessionId: string, slot: Slot, via: Draft['via']) => void;
  onCommit: () => void;
  onCancel: () => void;
  onCreate: (slot: Slot, final: boolean) => void;
  onOpen: (session: SessionView) => void;
  /** Drawn under a block whose draft has conflicts or was refused (the conflicts in words, a way back). */
  renderNote: (draft: Draft) => ReactNode;
  /** Sessions another session's draft collides with: marked in words, not by colour alone. */
  collidingIds: Set<string>;
}

type Gesture =
  | { kind: 'move'; session: SessionView; origin: Slot; grab: number; x: number; y: number; moved: boolean; pointerId: number }
  | { kind: 'resize'; session: SessionView; origin: Slot; pointerId: number }
  | { kind: 'create'; day: string; stage: string; anchor: number; x: number; y: number; moved: boolean; pointerId: number };

/** Beyond this many pixels a press is a drag, not a click. */
const DRAG_THRESHOLD = 4;

export function Timetable(props: TimetableProps) {
  const { event, days, stages, shownZone, draft, newSlot, saving, onDraft, onCommit, onCancel, onCreate, onOpen, renderNote, collidingIds } = props;
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  const zone = event.timeZone;
  const boardRef = useRef<HTMLDivElement>(null);
  const gesture = useRef<Gesture | null>(null);
  const slots = new Map(event.sessions.map((s) => [s.id, draft?.sessionId === s.id ? draft.slot : slotOf(s, zone)]));
  const range = visibleRange([...slots.values(), ...(newSlot ? [newSlot] : [])]);
  const columns = days.flatMap((day) => stages.map((stage) => ({ day, stage })));
  const title = (s: SessionView) => pick(s.title, lang, event.mainLanguage)?.text ?? '';
  const dayLabel = (day: string) => formatDay(instant(day, 12 * 60, zone).toISOString(), zone, lang);
  const slotTimes = (slot: Slot) => formatTimeRange(instant(slot.day, slot.start, zone).toISOString(), instant(slot.day, slot.end, zone).toISOString(), shownZone, lang);

  // A block moved with the keyboard to another column is a new element there: the focus follows it.
  useLayoutEffect(() => {
    if (draft?.via !== 'key') return;
    const block = document.getElementById(`tt-block-${draft.sessionId}`);
    if (block && document.activeElement !== block && !draft.refused) block.focus();
  }, [draft]);

  // A refused save: the focus goes to what says why, next to the block.
  useEffect(() => {
    if (draft?.refused) document.getElementById(`tt-note-${draft.sessionId}`)?.focus();
  }, [draft?.refused?.attempt, draft?.sessionId, draft?.refused]);

  /** The column under a point, and the wall-clock minute at that height (unsnapped). */
  const pointAt = (x: number, y: number): { day: string; stage: string; minute: number } | null => {
    for (const el of document.elementsFromPoint(x, y)) {
      if (!(el instanceof HTMLElement) || !el.dataset.ttDay) continue;
      const rect = el.getBoundingClientRect();
      // A block's conflict note overflows its column: the column it hangs from is not the one under the point.
      if (x < rect.left || x > rect.right) continue;
      return { day: el.dataset.ttDay, stage: el.dataset.ttStage ?? '', minute: range.from + ((y - rect.top) / rect.height) * (range.to - range.from) };
    }
    return null;
  };
  /** The grid is laid out (not the narrow list, where blocks are not positioned and nothing is dragged). */
  const isGrid = () => !!boardRef.current && getComputedStyle(boardRef.current).getPropertyValue('--tt-layout').trim() === 'grid';
  const clampStart = (start: number, length: number) => Math.max(range.from, Math.min(range.to - length, start));

  const startMove = (e: ReactPointerEvent, session: SessionView) => {
    if (e.button !== 0 || !isGrid() || saving) return;
    const origin = slots.get(session.id)!;
    const at = pointAt(e.clientX, e.clientY);
    gesture.current = { kind: 'move', session, origin, grab: (at?.minute ?? origin.start) - origin.start, x: e.clientX, y: e.clientY, moved: false, pointerId: e.pointerId };
  };
  const startResize = (e: ReactPointerEvent, session: SessionView) => {
    if (e.button !== 0 || !isGrid() || saving) return;
    e.stopPropagation();
    e.preventDefault();
    boardRef.current?.setPointerCapture(e.pointerId);
    gesture.current = { kind: 'resize', session, origin: slots.get(session.id)!, pointerId: e.pointerId };
  };
  const startCreate = (e: ReactPointerEvent<HTMLElement>) => {
    // Only on the column itself: a press on a block is that block's.
    if (e.button !== 0 || e.target !== e.currentTarget || !isGrid() || saving) return;
    const at = pointAt(e.clientX, e.clientY);
    if (!at) return;
    e.preventDefault();
    gesture.current = { kind: 'create', day: at.day, stage: at.stage, anchor: Math.floor(at.minute / SNAP_MINUTES) * SNAP_MINUTES, x: e.clientX, y: e.clientY, moved: false, pointerId: e.pointerId };
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    if (g.kind !== 'resize' && !g.moved) {
      if (Math.hypot(e.clientX - g.x, e.clientY - g.y) < DRAG_THRESHOLD) return;
      g.moved = true;
      // Captured by the board, which stays while the block changes column (and so no click follows the drop).
      boardRef.current?.setPointerCapture(e.pointerId);
    }
    const at = pointAt(e.clientX, e.clientY);
    if (g.kind === 'move') {
      if (!at) return;
      const length = g.origin.end - g.origin.start;
      const start = clampStart(snap(at.minute - g.grab), length);
      onDraft(g.session.id, { day: at.day, stage: at.stage, start, end: start + length }, 'pointer');
    } else if (g.kind === 'resize') {
      const column = document.querySelector<HTMLElement>(`[data-tt-day="${g.origin.day}"][data-tt-stage="${CSS.escape(g.origin.stage)}"]`);
      if (!column) return;
      const rect = column.getBoundingClientRect();
      const minute = range.from + ((e.clientY - rect.top) / rect.height) * (range.to - range.from);
      onDraft(g.session.id, { ...g.origin, end: Math.min(range.to, Math.max(g.origin.start + SNAP_MINUTES, snap(minute))) }, 'pointer');
    } else {
      const column = document.querySelector<HTMLElement>(`[data-tt-day="${g.day}"][data-tt-stage="${CSS.escape(g.stage)}"]`);
      if (!column) return;
      const rect = column.getBoundingClientRect();
      const minute = Math.max(range.from, Math.min(range.to, snap(range.from + ((e.clientY - rect.top) / rect.height) * (range.to - range.from))));
      const start = Math.min(g.anchor, minute);
      const end = Math.max(g.anchor, minute, start + SNAP_MINUTES);
      onCreate({ day: g.day, stage: g.stage, start, end }, false);
    }
  };
  const onPointerUp = (e: ReactPointerEvent) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    gesture.current = null;
    if (boardRef.current?.hasPointerCapture(e.pointerId)) boardRef.current.releasePointerCapture(e.pointerId);
    if (g.kind === 'create') {
      if (g.moved && newSlot) onCreate(newSlot, true);
      else {
        const start = clampStart(g.anchor, DEFAULT_MINUTES);
        onCreate({ day: g.day, stage: g.stage, start, end: start + DEFAULT_MINUTES }, true);
      }
    } else if (g.kind === 'resize' || g.moved) onCommit();
  };
  const onPointerCancel = (e: ReactPointerEvent) => {
    if (gesture.current?.pointerId !== e.pointerId) return;
    gesture.current = null;
    onCancel();
  };

  const onBlockKey = (e: KeyboardEvent, session: SessionView) => {
    if (e.key === 'Enter' && draft?.sessionId === session.id) {
      e.preventDefault();
      onCommit();
      return;
    }
    if (e.key === 'Escape' && draft?.sessionId === session.id) {
      e.preventDefault();
      onCancel();
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || saving) return;
    const next = slotAfterKey(slots.get(session.id)!, e.key, e.shiftKey, columns);
    if (!next) return;
    e.preventDefault();
    onDraft(session.id, next, 'key');
  };

  const hours: number[] = [];
  for (let h = Math.ceil(range.from / 60) * 60; h <= range.to; h += 60) hours.push(h);
  const minutesShown = range.to - range.from;
  const place = (slot: Slot) => ({
    top: `calc(${Math.max(0, slot.start - range.from)} * var(--tt-minute))`,
    height: `calc(${Math.max(SNAP_MINUTES, Math.min(slot.end, range.to) - Math.max(slot.start, range.from))} * var(--tt-minute))`,
  });

  return (
    <div className="tt-scroll">
      <div className="tt-board" ref={boardRef} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerCancel}>
        {days.map((day) => (
          <section key={day} className="tt-day" aria-labelledby={`tt-day-${day}`} style={{ gridTemplateColumns: `var(--tt-ruler) repeat(${stages.length}, minmax(var(--tt-column), 1fr))` }}>
            <h2 id={`tt-day-${day}`} className="tt-day-title">
              {dayLabel(day)}
            </h2>
            <div className="tt-ruler" aria-hidden="true" style={{ height: `calc(${minutesShown} * var(--tt-minute))` }}>
              {hours.map((h) => (
                <span key={h} className="tt-hour" style={{ top: `calc(${h - range.from} * var(--tt-minute))` }}>
                  {formatTime(instant(day, h, zone).toISOString(), shownZone, lang)}
                </span>
              ))}
            </div>
            {stages.map((stage, index) => {
              const here = event.sessions
                .filter((s) => {
                  const slot = slots.get(s.id)!;
                  return slot.day === day && slot.stage === stage;
                })
                .sort((a, b) => slots.get(a.id)!.start - slots.get(b.id)!.start);
              const columnName = t('timetable.column', { stage, day: dayLabel(day) });
              return (
                <section key={stage} className="tt-column" aria-label={columnName} style={{ gridColumn: index + 2 }}>
                  <div className="tt-column-head">
                    <h3 className="tt-stage">{stage}</h3>
                    <button type="button" className="button tt-add" onClick={() => onCreate(firstFreeSlot(day, stage, here.map((s) => slots.get(s.id)!)), true)}>
                      <span aria-hidden="true">+ </span>
                      {t('timetable.add')}
                      <span className="visually-hidden"> {columnName}</span>
                    </button>
                  </div>
                  <div
                    className="tt-column-body"
                    data-tt-day={day}
                    data-tt-stage={stage}
                    style={{ height: `calc(${minutesShown} * var(--tt-minute))`, backgroundSize: `100% calc(60 * var(--tt-minute))`, backgroundPositionY: `calc(${(60 - (range.from % 60)) % 60} * var(--tt-minute))` }}
                    onPointerDown={startCreate}
                  >
                    {here.length === 0 && <p className="tt-empty">{t('timetable.empty')}</p>}
                    <ul className="tt-blocks">
                      {here.map((s) => {
                        const slot = slots.get(s.id)!;
                        const isDraft = draft?.sessionId === s.id;
                        const conflicted = (isDraft && (draft.conflicts.length > 0 || !!draft.refused)) || collidingIds.has(s.id);
                        return (
                          <li key={s.id} className={`tt-block tt-type-${s.type}${isDraft ? ' tt-block-draft' : ''}${conflicted ? ' tt-block-conflict' : ''}`} style={place(slot)}>
                            <button
                              type="button"
                              id={`tt-block-${s.id}`}
                              className="tt-block-main"
                              aria-describedby="tt-keys-short"
                              aria-keyshortcuts="ArrowUp ArrowDown ArrowLeft ArrowRight Shift+ArrowUp Shift+ArrowDown Enter Escape"
                              onPointerDown={(e) => startMove(e, s)}
                              onKeyDown={(e) => onBlockKey(e, s)}
                              onClick={() => {
                                if (!isDraft) onOpen(s);
                              }}
                            >
                              <span className="tt-block-title">{title(s)}</span>{' '}
                              <span className="tt-block-time">
                                <time dateTime={instant(slot.day, slot.start, zone).toISOString()}>{slotTimes(slot)}</time>
                              </span>
                              {isDraft && <span className="tt-flag tt-flag-draft"> {t('timetable.unsaved')}</span>}
                              {conflicted && (
                                <span className="tt-flag tt-flag-conflict">
                                  {' '}
                                  <span aria-hidden="true">⚠ </span>
                                  {t('timetable.inConflict')}
                                </span>
                              )}
                            </button>
                            <span className="tt-resize" aria-hidden="true" onPointerDown={(e) => startResize(e, s)} title={t('timetable.resize')} />
                            {isDraft && renderNote(draft)}
                          </li>
                        );
                      })}
                    </ul>
                    {newSlot && newSlot.day === day && newSlot.stage === stage && (
                      <div className="tt-ghost" style={place(newSlot)} aria-hidden="true">
                        {slotTimes(newSlot)}
                      </div>
                    )}
                  </div>
                </section>
              );
            })}
          </section>
        ))}
      </div>
    </div>
  );

  /** Where the keyboard's "Add a session" proposes: after the column's last session that day, else at 09:00. */
  function firstFreeSlot(day: string, stage: string, taken: Slot[]): Slot {
    const start = taken.length ? Math.max(...taken.map((s) => s.end)) : 9 * 60;
    const from = Math.min(start, 24 * 60 - DEFAULT_MINUTES);
    return { day, stage, start: from, end: from + DEFAULT_MINUTES };
  }
}

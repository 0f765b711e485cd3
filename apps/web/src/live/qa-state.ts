import type { LiveStateView, QaAbilities, QaJoinAnswer, QaRole, QaServerEvent, QaSettingsView, QuestionView, RaisedHandView } from '@amphi/contracts';

/**
 * The client side of the Q&A reconnect protocol (written down in libs/contracts/src/qa.ts), with
 * no I/O: what a person sees of a session's Q&A, and the seq up to which they have applied
 * everything. The live page's hook and the tests drive this very module.
 */

/** What a person sees of a session's Q&A. */
export interface QaView {
  role: QaRole | null;
  can: QaAbilities | null;
  settings: QaSettingsView | null;
  questions: QuestionView[];
  hands: RaisedHandView[];
  highlightedQuestionId: string | null;
  live: LiveStateView | null;
  /** More approved questions exist beyond those received (ask with 'questions:page'). */
  nextCursor: string | null;
}

export interface QaSeqState {
  view: QaView;
  /**
   * The highest seq up to which every change has been applied (contiguous), null before the first
   * answer to a join. A rejoin sends it as lastSeq.
   */
  seq: number | null;
  /** Events received ahead of a gap (or before the join's answer), by seq, waiting their turn. */
  pending: QaServerEvent[];
}

export const emptyView: QaView = { role: null, can: null, settings: null, questions: [], hands: [], highlightedQuestionId: null, live: null, nextCursor: null };
export const initialSeqState: QaSeqState = { view: emptyView, seq: null, pending: [] };

/** Adds or replaces a question; `mine` and `votedByMe` stick (only the person's own events say so). */
export function upsertQuestion(list: QuestionView[], q: QuestionView): QuestionView[] {
  const i = list.findIndex((x) => x.id === q.id);
  if (i < 0) return [...list, q];
  const next = list.slice();
  next[i] = { ...q, mine: q.mine || list[i].mine, votedByMe: q.votedByMe || list[i].votedByMe };
  return next;
}

const withHighlight = (questions: QuestionView[], id: string | null) => questions.map((q) => (q.highlighted === (q.id === id) ? q : { ...q, highlighted: q.id === id }));

/** One event's change to the view (its seq is the caller's business). */
export function applyEvent(view: QaView, event: QaServerEvent): QaView {
  switch (event.type) {
    case 'question': {
      const q = event.question;
      const highlightedQuestionId = q.highlighted ? q.id : view.highlightedQuestionId === q.id ? null : view.highlightedQuestionId;
      return { ...view, highlightedQuestionId, questions: withHighlight(upsertQuestion(view.questions, q), highlightedQuestionId) };
    }
    case 'question_removed': {
      const highlightedQuestionId = view.highlightedQuestionId === event.questionId ? null : view.highlightedQuestionId;
      return { ...view, highlightedQuestionId, questions: withHighlight(view.questions.filter((q) => q.id !== event.questionId || q.mine), highlightedQuestionId) };
    }
    case 'votes': {
      const counts = new Map(event.counts.map((c) => [c.questionId, c.votes]));
      return { ...view, questions: view.questions.map((q) => (counts.has(q.id) ? { ...q, votes: counts.get(q.id)! } : q)) };
    }
    case 'hands':
      return { ...view, hands: event.hands };
    case 'settings':
      return { ...view, settings: event.settings };
    case 'live':
      return { ...view, live: event.live };
    case 'skip':
      return view;
  }
}

/**
 * A join's answer. A snapshot replaces what it covers and keeps what lies beyond its page (the
 * client never drops what it holds on a bounded snapshot, unless the snapshot is complete); a sync
 * upserts what changed and removes only what it names. Then the events buffered after its seq.
 */
export function applyJoinAnswer(state: QaSeqState, answer: QaJoinAnswer): QaSeqState {
  const base = { ...state.view, role: answer.role, can: answer.can, settings: answer.settings, hands: answer.hands, live: answer.live ?? state.view.live };
  let questions: QuestionView[];
  let nextCursor = state.view.nextCursor;
  if (answer.mode === 'snapshot') {
    const fresh = new Set(answer.questions.map((q) => q.id));
    const complete = answer.nextCursor === null;
    // Held questions the snapshot does not name: gone from this person's view if the snapshot is
    // complete (their own stay: they always see them), else possibly beyond the page: kept.
    const kept = state.view.questions.filter((q) => !fresh.has(q.id) && (!complete || q.mine) && (q.mine || q.state === 'approved' || q.state === 'answered' || answer.can.moderate));
    questions = answer.questions.reduce((list, q) => upsertQuestion(list, q), kept);
    nextCursor = answer.nextCursor;
  } else {
    const removed = new Set(answer.removedQuestionIds);
    questions = answer.questions.reduce((list, q) => upsertQuestion(list, q), state.view.questions.filter((q) => !removed.has(q.id) || q.mine));
  }
  const view: QaView = { ...base, questions: withHighlight(questions, answer.highlightedQuestionId), highlightedQuestionId: answer.highlightedQuestionId, nextCursor };
  return drain({ view, seq: answer.seq, pending: state.pending });
}

/** What `receive` tells its caller: whether a gap is open (events beyond seq+1 wait for one that has not come). */
export interface Received {
  state: QaSeqState;
  gap: boolean;
}

/** An event from the channel: applied if it is the next seq, kept for later if it is beyond, ignored if already covered. */
export function receiveEvent(state: QaSeqState, event: QaServerEvent): Received {
  if (state.seq !== null && event.seq <= state.seq) return { state, gap: state.pending.length > 0 };
  if (state.pending.some((e) => e.seq === event.seq && e.type === event.type)) return { state, gap: state.pending.length > 0 };
  const pending = [...state.pending, event].sort((a, b) => a.seq - b.seq);
  const next = state.seq === null ? { ...state, pending } : drain({ ...state, pending });
  return { state: next, gap: next.seq !== null && next.pending.length > 0 };
}

/** Applies the buffered events that follow the contiguous seq, in order; drops those it already covers; keeps those beyond a gap. */
function drain(state: QaSeqState): QaSeqState {
  if (state.seq === null) return state;
  let { view, seq } = state;
  let i = 0;
  for (; i < state.pending.length; i++) {
    const event = state.pending[i];
    if (event.seq <= seq) continue;
    if (event.seq !== seq + 1) break;
    view = applyEvent(view, event);
    seq = event.seq;
  }
  return { view, seq, pending: state.pending.slice(i).filter((e) => e.seq > seq) };
}

/**
 * The person's own question, from the ack of their 'question:ask'. Its event on the channel may
 * come before or after the ack; an event is newer than the ack, so a question already held stays as it is.
 */
export function applyOwnQuestion(state: QaSeqState, question: QuestionView): QaSeqState {
  const held = state.view.questions.find((q) => q.id === question.id);
  const questions = held ? state.view.questions.map((q) => (q.id === question.id ? { ...q, mine: true } : q)) : [...state.view.questions, { ...question, mine: true }];
  return { ...state, view: { ...state.view, questions } };
}

/** A vote acknowledged: the count this person saw change, and their vote marked. */
export function applyOwnVote(state: QaSeqState, questionId: string, votes: number, on: boolean): QaSeqState {
  return { ...state, view: { ...state.view, questions: state.view.questions.map((q) => (q.id === questionId ? { ...q, votes, votedByMe: on } : q)) } };
}

/** A further page of approved questions. */
export function applyPage(state: QaSeqState, page: { questions: QuestionView[]; nextCursor: string | null }): QaSeqState {
  return { ...state, view: { ...state.view, questions: page.questions.reduce((list, q) => upsertQuestion(list, q), state.view.questions), nextCursor: page.nextCursor } };
}

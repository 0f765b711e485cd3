import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ErrorBody,
  LiveStateView,
  ModerateInput,
  QaClientEvents,
  QaRole,
  QaServerEvent,
  QaServerEvents,
  QaSettingsView,
  QuestionView,
  RaisedHandView,
} from '@amphi/contracts';

/** QA_NAMESPACE in the contracts (a value import would evaluate their zod schemas in this chunk). */
const QA_NAMESPACE = '/qa';

export type QaSocket = Socket<QaServerEvents, QaClientEvents>;
/** What an event's ack carries when it succeeds. */
type AckData<E extends keyof QaClientEvents> = Parameters<Parameters<QaClientEvents[E]>[1]>[0] extends Ack<infer D> ? D : never;

export interface QaState {
  connected: boolean;
  joined: boolean;
  error: ErrorBody | null;
  role: QaRole | null;
  settings: QaSettingsView | null;
  questions: QuestionView[];
  hands: RaisedHandView[];
  highlightedQuestionId: string | null;
  live: LiveStateView | null;
}

const initial: QaState = { connected: false, joined: false, error: null, role: null, settings: null, questions: [], hands: [], highlightedQuestionId: null, live: null };

/** Adds or replaces a question; `mine` sticks (only the asker's own events say so). */
function upsert(list: QuestionView[], q: QuestionView): QuestionView[] {
  const i = list.findIndex((x) => x.id === q.id);
  if (i < 0) return [...list, q];
  const next = list.slice();
  next[i] = { ...q, mine: q.mine || list[i].mine, votedByMe: q.votedByMe || list[i].votedByMe };
  return next;
}

export class QaAckError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

/**
 * The session's Q&A over socket.io (namespace /qa, the access token in the handshake's auth). Keeps
 * the last seq seen and rejoins with it after a reconnection; the server answers with a `sync` event.
 */
export function useQa(sessionId: string, token: string | null) {
  const [state, setState] = useState<QaState>(initial);
  const socketRef = useRef<QaSocket | null>(null);
  const seqRef = useRef<number | null>(null);

  useEffect(() => {
    if (!token) return;
    const socket: QaSocket = io(QA_NAMESPACE, { auth: { token }, transports: ['websocket', 'polling'] });
    socketRef.current = socket;
    const seen = (seq: number) => {
      if (seqRef.current === null || seq > seqRef.current) seqRef.current = seq;
    };
    const join = () => {
      const lastSeq = seqRef.current;
      socket.emit('session:join', lastSeq === null ? { sessionId } : { sessionId, lastSeq }, (r) => {
        if (!r.ok) return setState((s) => ({ ...s, error: r.error, joined: false }));
        const snap = r.data;
        seen(snap.seq);
        setState((s) => ({
          ...s,
          joined: true,
          error: null,
          role: snap.role,
          settings: snap.settings,
          // A full snapshot: what this person may see now (their own questions keep their `mine`).
          questions: snap.questions.reduce((list, q) => upsert(list, q), s.questions.filter((q) => snap.questions.some((n) => n.id === q.id))),
          hands: snap.hands,
          highlightedQuestionId: snap.highlightedQuestionId,
        }));
      });
    };
    socket.on('connect', () => {
      setState((s) => ({ ...s, connected: true }));
      join();
    });
    socket.on('disconnect', () => setState((s) => ({ ...s, connected: false })));
    socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: ErrorBody }).data;
      setState((s) => ({ ...s, connected: false, error: data ?? s.error }));
    });
    socket.on('qa:event', (event: QaServerEvent) => {
      if (event.sessionId !== sessionId) return;
      seen(event.seq);
      setState((s) => apply(s, event));
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [sessionId, token]);

  const emit = useCallback(<E extends keyof QaClientEvents>(name: E, input: Parameters<QaClientEvents[E]>[0]): Promise<AckData<E>> => {
    const socket = socketRef.current;
    if (!socket) return Promise.reject(new Error('not connected'));
    const timed = socket.timeout(10_000) as unknown as { emitWithAck: (n: E, i: unknown) => Promise<Ack<AckData<E>>> };
    return timed.emitWithAck(name, input).then((ack) => {
      if (!ack.ok) throw new QaAckError(ack.error);
      return ack.data;
    });
  }, []);

  const ask = useCallback(
    async (text: string, anonymous: boolean, clientId: string) => {
      const data = await emit('question:ask', { sessionId, clientId, text, anonymous });
      setState((s) => ({ ...s, questions: upsert(s.questions, { ...data.question, mine: true }) }));
      return data.question;
    },
    [emit, sessionId],
  );
  const vote = useCallback(
    async (questionId: string, on: boolean) => {
      const data = await emit(on ? 'question:vote' : 'question:unvote', { sessionId, questionId });
      setState((s) => ({ ...s, questions: s.questions.map((q) => (q.id === questionId ? { ...q, votes: data.votes, votedByMe: on } : q)) }));
    },
    [emit, sessionId],
  );
  const moderate = useCallback(
    async (input: Omit<ModerateInput, 'sessionId'>) => {
      const data = await emit('question:moderate', { sessionId, ...input });
      setState((s) => apply(s, { type: 'question', sessionId, seq: data.seq, question: data.question }));
    },
    [emit, sessionId],
  );
  const hand = useCallback((raise: boolean) => emit(raise ? 'hand:raise' : 'hand:lower', { sessionId }), [emit, sessionId]);
  const setLive = useCallback((live: LiveStateView) => setState((s) => ({ ...s, live })), []);

  return { ...state, ask, vote, moderate, hand, setLive };
}

function apply(s: QaState, event: QaServerEvent): QaState {
  switch (event.type) {
    case 'question': {
      const questions = upsert(s.questions, event.question);
      const highlightedQuestionId = event.question.highlighted ? event.question.id : s.highlightedQuestionId === event.question.id ? null : s.highlightedQuestionId;
      return { ...s, questions, highlightedQuestionId };
    }
    case 'question_removed':
      return { ...s, questions: s.questions.filter((q) => q.id !== event.questionId || q.mine) };
    case 'votes': {
      const counts = new Map(event.counts.map((c) => [c.questionId, c.votes]));
      return { ...s, questions: s.questions.map((q) => (counts.has(q.id) ? { ...q, votes: counts.get(q.id)! } : q)) };
    }
    case 'highlight':
      return { ...s, highlightedQuestionId: event.questionId, questions: s.questions.map((q) => ({ ...q, highlighted: q.id === event.questionId })) };
    case 'hands':
      return { ...s, hands: event.hands };
    case 'settings':
      return { ...s, settings: event.settings };
    case 'live':
      return { ...s, live: event.live };
    case 'sync': {
      const removed = new Set(event.removedQuestionIds);
      const questions = event.questions.reduce((list, q) => upsert(list, q), s.questions.filter((q) => !removed.has(q.id) || q.mine));
      return { ...s, questions, highlightedQuestionId: event.highlightedQuestionId };
    }
  }
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { QaJoinAnswer, QaServerEvent, QuestionView } from '@amphi/contracts';
import { applyJoinAnswer, applyOwnQuestion, initialSeqState, receiveEvent, type QaSeqState } from './qa-state';

const S = '00000000-0000-4000-8000-000000000001';
const question = (id: string, patch: Partial<QuestionView> = {}): QuestionView => ({
  id,
  sessionId: S,
  text: `question ${id}`,
  talkId: null,
  panelistId: null,
  anonymous: false,
  authorName: 'Ada',
  mine: false,
  state: 'approved',
  dismissReason: null,
  mergedIntoId: null,
  votes: 0,
  votedByMe: false,
  pinned: false,
  highlighted: false,
  answer: null,
  answeredAt: null,
  createdAt: '2026-11-30T10:00:00.000Z',
  ...patch,
});
const common = { sessionId: S, role: 'attendee' as const, can: { ask: true, vote: true, raiseHand: true, moderate: false }, settings: null as never, hands: [], live: null };
const snapshot = (seq: number, questions: QuestionView[], nextCursor: string | null = null, highlightedQuestionId: string | null = null): QaJoinAnswer => ({
  mode: 'snapshot',
  ...common,
  seq,
  questions,
  nextCursor,
  highlightedQuestionId,
});
const sync = (fromSeq: number, seq: number, questions: QuestionView[], removedQuestionIds: string[] = []): QaJoinAnswer => ({
  mode: 'sync',
  ...common,
  fromSeq,
  seq,
  questions,
  removedQuestionIds,
  highlightedQuestionId: null,
});
const asked = (seq: number, id: string, patch: Partial<QuestionView> = {}): QaServerEvent => ({ type: 'question', sessionId: S, seq, question: question(id, patch) });
const skip = (seq: number): QaServerEvent => ({ type: 'skip', sessionId: S, seq });
const ids = (s: QaSeqState) => s.view.questions.map((q) => q.id).sort();
const feed = (s: QaSeqState, ...events: QaServerEvent[]) => events.reduce((state, e) => receiveEvent(state, e).state, s);

describe('the Q&A client state (the reconnect protocol)', () => {
  it('keeps the highest contiguous seq: an event beyond a gap waits, the gap is reported, and the missing one releases it', () => {
    let s = applyJoinAnswer(initialSeqState, snapshot(10, [question('a')]));
    s = feed(s, asked(11, 'b'));
    assert.equal(s.seq, 11);
    const ahead = receiveEvent(s, asked(13, 'd'));
    assert.equal(ahead.gap, true);
    assert.equal(ahead.state.seq, 11, 'not the highest seen');
    assert.deepEqual(ids(ahead.state), ['a', 'b']);
    const filled = receiveEvent(ahead.state, skip(12));
    assert.equal(filled.gap, false);
    assert.equal(filled.state.seq, 13);
    assert.deepEqual(ids(filled.state), ['a', 'b', 'd']);
  });

  it('buffers what arrives before the join answer, then applies only what follows the answer’s seq', () => {
    let s = feed(initialSeqState, asked(5, 'old'), asked(7, 'new'), skip(6));
    assert.equal(s.seq, null);
    s = applyJoinAnswer(s, snapshot(5, [question('old')]));
    assert.equal(s.seq, 7);
    assert.deepEqual(ids(s), ['new', 'old']);
    assert.equal(s.pending.length, 0);
  });

  it('ignores what it already covers (a duplicate after a rejoin)', () => {
    let s = applyJoinAnswer(initialSeqState, snapshot(3, [question('a', { votes: 2 })]));
    s = feed(s, asked(3, 'a', { votes: 0 }), asked(2, 'z'));
    assert.deepEqual(ids(s), ['a']);
    assert.equal(s.view.questions[0].votes, 2);
  });

  it('a bounded snapshot never drops what the client holds beyond its page; a complete one drops what left the view (but the person’s own)', () => {
    let s = applyJoinAnswer(initialSeqState, snapshot(1, [question('a'), question('far')]));
    s = applyOwnQuestion(s, question('mine', { state: 'pending' }));
    const bounded = applyJoinAnswer(s, snapshot(9, [question('a')], 'cursor'));
    assert.deepEqual(ids(bounded), ['a', 'far', 'mine']);
    const complete = applyJoinAnswer(s, snapshot(9, [question('a')], null));
    assert.deepEqual(ids(complete), ['a', 'mine']);
  });

  it('a sync upserts what changed and removes only what it names, then the events after its seq', () => {
    let s = applyJoinAnswer(initialSeqState, snapshot(4, [question('a'), question('b'), question('c')]));
    s = feed(s, asked(9, 'later'));
    s = applyJoinAnswer(s, sync(4, 8, [question('a', { votes: 5 }), question('n')], ['b']));
    assert.equal(s.seq, 9);
    assert.deepEqual(ids(s), ['a', 'c', 'later', 'n']);
    assert.equal(s.view.questions.find((q) => q.id === 'a')!.votes, 5);
  });

  it('moves the highlight with the question’s own event, and clears it when the question leaves', () => {
    let s = applyJoinAnswer(initialSeqState, snapshot(1, [question('a'), question('b')]));
    s = feed(s, asked(2, 'a', { highlighted: true }));
    assert.equal(s.view.highlightedQuestionId, 'a');
    s = feed(s, asked(3, 'b', { highlighted: true }));
    assert.equal(s.view.highlightedQuestionId, 'b');
    assert.equal(s.view.questions.find((q) => q.id === 'a')!.highlighted, false);
    s = feed(s, { type: 'question_removed', sessionId: S, seq: 4, questionId: 'b' });
    assert.equal(s.view.highlightedQuestionId, null);
    assert.deepEqual(ids(s), ['a']);
  });

  it('the ack of one’s own question does not overwrite a newer state that came on the channel first', () => {
    let s = applyJoinAnswer(initialSeqState, snapshot(1, []));
    s = feed(s, asked(2, 'q', { state: 'approved', mine: true }));
    s = applyOwnQuestion(s, question('q', { state: 'pending' }));
    assert.equal(s.view.questions[0].state, 'approved');
    assert.equal(s.view.questions[0].mine, true);
  });
});

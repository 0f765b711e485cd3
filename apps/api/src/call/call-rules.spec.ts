import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReviewCriterion } from '@amphi/contracts';
import { abstractLength, callState, editableUntil, proposalScore, proposalState, weightedScore } from './call-rules';

const at = (iso: string) => new Date(iso);
const call = { published: true, opensAt: at('2030-03-01T08:00:00Z'), closesAt: at('2030-05-30T21:59:00Z'), editableUntil: null as Date | null };

describe('call rules: the length of an abstract', () => {
  it('counts characters as people do: an accent is one, composed or not; an emoji is one; line breaks count', () => {
    assert.equal(abstractLength('état', 'characters'), 4);
    assert.equal(abstractLength('e\u0301tat', 'characters'), 4, 'e + combining accent is é');
    assert.equal(abstractLength('Pair-aidance 🎉', 'characters'), 14);
    assert.equal(abstractLength('a\nb', 'characters'), 3);
    assert.equal(abstractLength('', 'characters'), 0);
    assert.equal(abstractLength('x'.repeat(3000), 'characters'), 3000);
  });
  it('counts words: apostrophes and hyphens join, punctuation and emoji do not count', () => {
    assert.equal(abstractLength("l'état de l’art", 'words'), 3);
    assert.equal(abstractLength('peer-support, self-help: 2 models!', 'words'), 4);
    assert.equal(abstractLength('  Intro  \n\n 🎉 — fin. ', 'words'), 2);
    assert.equal(abstractLength('', 'words'), 0);
    assert.equal(abstractLength('aujourd’hui', 'words'), 1);
  });
});

describe('call rules: the state of the call and its deadlines', () => {
  it('is unpublished, upcoming, open, closed; the closing instant is closed', () => {
    assert.equal(callState({ ...call, published: false }, at('2030-04-01T00:00:00Z')), 'unpublished');
    assert.equal(callState(call, at('2030-03-01T07:59:59Z')), 'upcoming');
    assert.equal(callState(call, at('2030-03-01T08:00:00Z')), 'open');
    assert.equal(callState(call, at('2030-05-30T21:58:59Z')), 'open');
    assert.equal(callState(call, at('2030-05-30T21:59:00Z')), 'closed');
  });
  it('keeps proposals editable until the later deadline for changes, else until the close', () => {
    assert.deepEqual(editableUntil(call), call.closesAt);
    assert.deepEqual(editableUntil({ ...call, editableUntil: at('2030-06-10T10:00:00Z') }), at('2030-06-10T10:00:00Z'));
    assert.deepEqual(editableUntil({ ...call, editableUntil: at('2030-05-01T00:00:00Z') }), call.closesAt, 'never before the close');
  });
});

describe('call rules: the state of a proposal', () => {
  const base = { status: 'submitted' as const, sentDecision: null, decisionSentAt: null, confirmedAt: null, declinedAt: null };
  const sent = at('2030-07-15T10:00:00Z');
  it('is draft, withdrawn or submitted until a decision is sent', () => {
    assert.equal(proposalState({ ...base, status: 'draft' }), 'draft');
    assert.equal(proposalState({ ...base, status: 'withdrawn' }), 'withdrawn');
    assert.equal(proposalState(base), 'submitted');
    assert.equal(proposalState({ ...base, sentDecision: 'accepted' }), 'submitted', 'a decision not sent is not known');
  });
  it('is the decision sent, then confirmed or declined', () => {
    assert.equal(proposalState({ ...base, sentDecision: 'accepted', decisionSentAt: sent }), 'accepted');
    assert.equal(proposalState({ ...base, sentDecision: 'accepted_as_poster', decisionSentAt: sent }), 'accepted_as_poster');
    assert.equal(proposalState({ ...base, sentDecision: 'rejected', decisionSentAt: sent }), 'rejected');
    assert.equal(proposalState({ ...base, sentDecision: 'accepted', decisionSentAt: sent, confirmedAt: sent }), 'confirmed');
    assert.equal(proposalState({ ...base, sentDecision: 'accepted', decisionSentAt: sent, declinedAt: sent }), 'declined');
  });
});

describe('call rules: scores', () => {
  const criteria: ReviewCriterion[] = [
    { key: 'quality', label: { en: 'Quality' }, weight: 2 },
    { key: 'fit', label: { en: 'Fit' }, weight: 1 },
  ];
  const review = (quality: number, fit: number, submitted = true, recommendation: 'accept' | 'reject' = 'accept') => ({
    scores: { quality, fit },
    recommendation,
    submittedAt: submitted ? at('2030-07-01T00:00:00Z') : null,
  });
  it('weighs the criteria, over those scored only', () => {
    assert.equal(weightedScore({ quality: 5, fit: 2 }, criteria), 4);
    assert.equal(weightedScore({ quality: 3 }, criteria), 3);
    assert.equal(weightedScore({}, criteria), null);
    assert.equal(weightedScore({ quality: 4 }, [{ key: 'quality', label: { en: 'Q' }, weight: 0 }]), null);
  });
  it('gives the mean, median and disagreement of the submitted reviews only', () => {
    const score = proposalScore([review(5, 2), review(2, 2), review(4, 1), review(1, 1, false, 'reject')], criteria);
    // Weighted: 4, 2, 3 (the draft is left out).
    assert.deepEqual(score, { reviews: 3, mean: 3, median: 3, disagreement: 0.82, recommendations: { accept: 3 } });
    assert.deepEqual(proposalScore([review(5, 5), review(3, 3)], criteria), { reviews: 2, mean: 4, median: 4, disagreement: 1, recommendations: { accept: 2 } });
  });
  it('has no score without submitted reviews', () => {
    assert.deepEqual(proposalScore([review(5, 5, false)], criteria), { reviews: 0, mean: null, median: null, disagreement: null, recommendations: {} });
    assert.deepEqual(proposalScore([], criteria).mean, null);
  });
});

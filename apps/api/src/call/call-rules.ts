import type { CallState, Decision, ProposalScore, ProposalState, Recommendation, ReviewCriterion } from '@amphi/contracts';
import type { CallForProposals, Submission } from './call.entities';

/**
 * The rules of the call that do not need the database, in one place for every feature of the call
 * (submitting, reviewing, deciding) and their unit tests.
 */

/** Where the call stands at `now`, as a visitor reads it. */
export function callState(call: Pick<CallForProposals, 'published' | 'opensAt' | 'closesAt'>, now: Date): CallState {
  if (!call.published) return 'unpublished';
  if (now < call.opensAt) return 'upcoming';
  if (now >= call.closesAt) return 'closed';
  return 'open';
}

/** Until when submitted proposals may be changed or withdrawn: the later deadline for modifications, else the close of the call. */
export function editableUntil(call: Pick<CallForProposals, 'closesAt' | 'editableUntil'>): Date {
  return call.editableUntil && call.editableUntil > call.closesAt ? call.editableUntil : call.closesAt;
}

/** The length of an abstract in its type's unit: one rule for the API and the web app's live count (libs/contracts/src/call.ts). */
export { abstractLength } from '@amphi/contracts';

/** The state of a proposal as its submitter and the organisers read it. */
export function proposalState(s: Pick<Submission, 'status' | 'sentDecision' | 'decisionSentAt' | 'confirmedAt' | 'declinedAt'>): ProposalState {
  if (s.status === 'draft' || s.status === 'withdrawn') return s.status;
  if (!s.decisionSentAt || !s.sentDecision) return 'submitted';
  if (s.declinedAt) return 'declined';
  if (s.confirmedAt) return 'confirmed';
  return s.sentDecision as Decision;
}

/** A review's weighted score (1–5) over the criteria it scored; null when it scored none (or all weights are 0). */
export function weightedScore(scores: Record<string, number>, criteria: ReviewCriterion[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const score = scores[c.key];
    if (typeof score !== 'number') continue;
    sum += score * c.weight;
    weights += c.weight;
  }
  return weights > 0 ? Math.round((sum / weights) * 100) / 100 : null;
}

/** The committee's view of a proposal from its submitted reviews: mean, median, disagreement (standard deviation), recommendations. */
export function proposalScore(reviews: Array<{ scores: Record<string, number>; recommendation: Recommendation; submittedAt: Date | null }>, criteria: ReviewCriterion[]): ProposalScore {
  const submitted = reviews.filter((r) => r.submittedAt);
  const recommendations: Partial<Record<Recommendation, number>> = {};
  for (const r of submitted) recommendations[r.recommendation] = (recommendations[r.recommendation] ?? 0) + 1;
  const values = submitted.map((r) => weightedScore(r.scores, criteria)).filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (values.length === 0) return { reviews: submitted.length, mean: null, median: null, disagreement: null, recommendations };
  const round = (v: number) => Math.round(v * 100) / 100;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const mid = Math.floor(values.length / 2);
  const median = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  const disagreement = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return { reviews: submitted.length, mean: round(mean), median: round(median), disagreement: round(disagreement), recommendations };
}

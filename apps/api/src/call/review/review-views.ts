import type { ReviewCriterion, ReviewView } from '@amphi/contracts';
import { weightedScore } from '../call-rules';
import type { Review } from '../call.entities';

/** A review as the API answers it: its scores, recommendation, comments, dates (ISO-8601) and weighted score. */
export function reviewView(r: Review, criteria: ReviewCriterion[]): ReviewView {
  return {
    scores: r.scores ?? {},
    recommendation: r.recommendation,
    commentToAuthors: r.commentToAuthors,
    commentToCommittee: r.commentToCommittee,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    weightedScore: weightedScore(r.scores ?? {}, criteria),
  };
}

import { CONFLICT_SOURCES, type ConflictSource } from '@amphi/contracts';

/**
 * Conflicts of interest between the reviewers of a call and its proposals: declared by the authors
 * (the proposal's conflictPersonIds), declared by the reviewer (reviewer_conflict rows), or detected
 * (same affiliation, the reviewer is an author, the reviewer co-authored another proposal of the
 * call with one of this one's authors). Pure: plain data in, a map out, no I/O.
 */

/** Someone who writes a proposal: an author (the submitter is one). */
export interface AuthorIdentity {
  name: string;
  email?: string | null;
  affiliation?: string | null;
}

export interface ConflictReviewer {
  personId: string;
  name: string;
  email: string | null;
  affiliation: string | null;
}

export interface ConflictProposal {
  id: string;
  /** Every author, the submitter included. */
  authors: AuthorIdentity[];
  /** Members of the committee the authors declared a conflict with. */
  conflictPersonIds: string[];
}

export interface ConflictInput {
  /** Every proposal of the call that may be reviewed or co-written (drafts and withdrawn ones count for co-authorship). */
  proposals: ConflictProposal[];
  reviewers: ConflictReviewer[];
  /** Conflicts the reviewers declared themselves. */
  declaredByReviewers: Array<{ proposalId: string; personId: string }>;
}

/** The key of a (proposal, reviewer) pair in the answers of this module. */
export const conflictKey = (proposalId: string, personId: string): string => `${proposalId}:${personId}`;

/**
 * Text compared as people mean it: no case, no accents, punctuation and runs of spaces as one space
 * ("Univ. Lyon 2" and "univ  lyon-2" are the same; "Université" and "universite" too).
 */
export function normaliseText(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const normaliseEmail = (email: string | null | undefined): string => (email ?? '').trim().toLowerCase();

/**
 * Whether two people are the same: by e-mail when both have one (an address is who someone is),
 * otherwise by their normalised name; an empty name never matches.
 */
export function samePerson(a: AuthorIdentity, b: AuthorIdentity): boolean {
  const ea = normaliseEmail(a.email);
  const eb = normaliseEmail(b.email);
  if (ea && eb) return ea === eb;
  const na = normaliseText(a.name);
  return na !== '' && na === normaliseText(b.name);
}

/** Two affiliations are the same when they read the same once normalised; an empty one never matches. */
export function sameAffiliation(a: string | null | undefined, b: string | null | undefined): boolean {
  const na = normaliseText(a);
  return na !== '' && na === normaliseText(b);
}

const SOURCE_ORDER = new Map<ConflictSource, number>(CONFLICT_SOURCES.map((s, i) => [s, i]));

/**
 * Every conflict of every reviewer with every proposal, with its sources (in CONFLICT_SOURCES
 * order); pairs without a conflict are absent. Keys: conflictKey(proposalId, personId).
 */
export function detectConflicts(input: ConflictInput): Map<string, ConflictSource[]> {
  const found = new Map<string, Set<ConflictSource>>();
  const add = (proposalId: string, personId: string, source: ConflictSource) => {
    const key = conflictKey(proposalId, personId);
    let sources = found.get(key);
    if (!sources) found.set(key, (sources = new Set()));
    sources.add(source);
  };
  const reviewerIds = new Set(input.reviewers.map((r) => r.personId));
  const proposalIds = new Set(input.proposals.map((p) => p.id));

  for (const p of input.proposals) for (const personId of p.conflictPersonIds) if (reviewerIds.has(personId)) add(p.id, personId, 'declared_by_author');
  for (const d of input.declaredByReviewers) if (reviewerIds.has(d.personId) && proposalIds.has(d.proposalId)) add(d.proposalId, d.personId, 'declared_by_reviewer');

  for (const reviewer of input.reviewers) {
    const me: AuthorIdentity = { name: reviewer.name, email: reviewer.email };
    // The proposals this reviewer wrote, and the people they wrote them with.
    const written = new Set<string>();
    for (const p of input.proposals) if (p.authors.some((a) => samePerson(a, me))) written.add(p.id);
    for (const p of input.proposals) {
      if (written.has(p.id)) add(p.id, reviewer.personId, 'is_author');
      if (p.authors.some((a) => sameAffiliation(a.affiliation, reviewer.affiliation))) add(p.id, reviewer.personId, 'same_affiliation');
    }
    if (written.size === 0) continue;
    const coAuthors = input.proposals.filter((p) => written.has(p.id)).map((p) => ({ id: p.id, others: p.authors.filter((a) => !samePerson(a, me)) }));
    for (const p of input.proposals) {
      const withAnother = coAuthors.some((w) => w.id !== p.id && w.others.some((c) => p.authors.some((a) => !samePerson(a, me) && samePerson(a, c))));
      if (withAnother) add(p.id, reviewer.personId, 'co_author');
    }
  }

  const answer = new Map<string, ConflictSource[]>();
  for (const [key, sources] of found) answer.set(key, [...sources].sort((a, b) => SOURCE_ORDER.get(a)! - SOURCE_ORDER.get(b)!));
  return answer;
}

/** The conflicts of one reviewer with one proposal, in the context of the whole call (co-authorship needs the other proposals). */
export function conflictsOf(input: ConflictInput, proposalId: string, personId: string): ConflictSource[] {
  return detectConflicts(input).get(conflictKey(proposalId, personId)) ?? [];
}

import type { CallState, Decision, LengthUnit, ProposalState } from '@amphi/contracts';
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

/** Words as people count them: runs of letters, digits, apostrophes and hyphens ("l'état", "peer-support" are one each). */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** The length of an abstract in the unit of its type's limit: characters as people count them (code points, line breaks included), or words. */
export function abstractLength(text: string, unit: LengthUnit): number {
  if (unit === 'words') return text.match(WORD)?.length ?? 0;
  return [...text.normalize('NFC')].length;
}

/** The state of a proposal as its submitter and the organisers read it. */
export function proposalState(s: Pick<Submission, 'status' | 'sentDecision' | 'decisionSentAt' | 'confirmedAt' | 'declinedAt'>): ProposalState {
  if (s.status === 'draft' || s.status === 'withdrawn') return s.status;
  if (!s.decisionSentAt || !s.sentDecision) return 'submitted';
  if (s.declinedAt) return 'declined';
  if (s.confirmedAt) return 'confirmed';
  return s.sentDecision as Decision;
}

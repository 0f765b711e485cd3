import type {
  AssignmentResult,
  AutoAssignInput,
  CallSettingsInput,
  CallSettingsView,
  CallStatistics,
  ConflictSource,
  DecisionMailPreview,
  PlaceProposalInput,
  PrepareDecisionInput,
  ProposalAdminView,
  ProposalListQuery,
  ProposalScore,
  ReviewerProgress,
  ReviewView,
  SendDecisionsInput,
} from '@amphi/contracts';
import { ApiError, call } from '../../../api';
import { queryKeys } from '../../../query';
import './texts';

/** The organiser's call routes (BRIEF of issue 14), through the app's one fetch wrapper with the sign-in cookie. */
const base = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/call`;
const proposal = (eventId: string, proposalId: string) => `${base(eventId)}/proposals/${encodeURIComponent(proposalId)}`;

export interface ProposalPage {
  items: ProposalAdminView[];
  nextCursor: string | null;
  total: number;
}
export interface ProposalReviews {
  score: ProposalScore;
  reviews: Array<ReviewView & { personId: string; reviewer: string }>;
}
export interface CallConflict {
  proposalId: string;
  personId: string;
  sources: ConflictSource[];
}

export const callApi = {
  settings: (eventId: string, signal?: AbortSignal) => call<CallSettingsView>(base(eventId), { signal }),
  saveSettings: (eventId: string, input: CallSettingsInput) => call<CallSettingsView>(base(eventId), { method: 'PUT', body: input }),
  proposals: (eventId: string, query: ProposalListQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    const qs = params.toString();
    return call<ProposalPage>(`${base(eventId)}/proposals${qs ? `?${qs}` : ''}`, { signal });
  },
  reviews: (eventId: string, proposalId: string, signal?: AbortSignal) => call<ProposalReviews>(`${proposal(eventId, proposalId)}/reviews`, { signal }),
  setReviewers: (eventId: string, proposalId: string, personIds: string[]) => call<{ personIds: string[] }>(`${proposal(eventId, proposalId)}/reviewers`, { method: 'PUT', body: { personIds } }),
  prepareDecision: (eventId: string, proposalId: string, input: PrepareDecisionInput) => call<ProposalAdminView>(`${proposal(eventId, proposalId)}/decision`, { method: 'PUT', body: input }),
  place: (eventId: string, proposalId: string, input: PlaceProposalInput) => call<{ talkId: string; sessionId: string }>(`${proposal(eventId, proposalId)}/place`, { method: 'POST', body: input }),
  reviewers: (eventId: string, signal?: AbortSignal) => call<ReviewerProgress[]>(`${base(eventId)}/reviewers`, { signal }),
  setReviewerThemes: (eventId: string, personId: string, themeKeys: string[]) =>
    call<ReviewerProgress>(`${base(eventId)}/reviewers/${encodeURIComponent(personId)}`, { method: 'PUT', body: { themeKeys } }),
  autoAssign: (eventId: string, input: AutoAssignInput) => call<AssignmentResult>(`${base(eventId)}/assignments/auto`, { method: 'POST', body: input }),
  conflicts: (eventId: string, signal?: AbortSignal) => call<CallConflict[]>(`${base(eventId)}/conflicts`, { signal }),
  previewDecisions: (eventId: string, input: Omit<SendDecisionsInput, 'preview'>) =>
    call<{ previews: DecisionMailPreview[] }>(`${base(eventId)}/decisions/send`, { method: 'POST', body: { ...input, preview: true } }),
  sendDecisions: (eventId: string, input: Omit<SendDecisionsInput, 'preview'>) => call<{ sent: number }>(`${base(eventId)}/decisions/send`, { method: 'POST', body: { ...input, preview: false } }),
  statistics: (eventId: string, signal?: AbortSignal) => call<CallStatistics>(`${base(eventId)}/statistics`, { signal }),
};

/** The call's reads, under queryKeys.organiser.call(eventId): a change invalidates that prefix. */
export const callKeys = {
  all: (eventId: string) => queryKeys.organiser.call(eventId),
  settings: (eventId: string) => [...queryKeys.organiser.call(eventId), 'settings'] as const,
  proposals: (eventId: string, query: ProposalListQuery) => [...queryKeys.organiser.call(eventId), 'proposals', query] as const,
  proposal: (eventId: string, proposalId: string) => [...queryKeys.organiser.call(eventId), 'proposal', proposalId] as const,
  reviews: (eventId: string, proposalId: string) => [...queryKeys.organiser.call(eventId), 'proposal', proposalId, 'reviews'] as const,
  reviewers: (eventId: string) => [...queryKeys.organiser.call(eventId), 'reviewers'] as const,
  conflicts: (eventId: string) => [...queryKeys.organiser.call(eventId), 'conflicts'] as const,
  statistics: (eventId: string) => [...queryKeys.organiser.call(eventId), 'statistics'] as const,
};

/** One proposal as the organisers see it; null when there is none (a draft, another event's). */
export async function findProposal(eventId: string, proposalId: string, signal?: AbortSignal): Promise<ProposalAdminView | null> {
  try {
    return await call<ProposalAdminView>(proposal(eventId, proposalId), { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Every proposal's title by id (the conflicts and the decisions name proposals by id only). */
export async function findProposalTitles(eventId: string, signal?: AbortSignal): Promise<Map<string, string>> {
  return new Map((await allProposals(eventId, signal)).map((p) => [p.id, p.title]));
}

/** Every proposal of the call, read by pages of 200. */
export async function allProposals(eventId: string, signal?: AbortSignal): Promise<ProposalAdminView[]> {
  const out: ProposalAdminView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const answer = await callApi.proposals(eventId, { limit: 200, ...(cursor ? { cursor } : {}) }, signal);
    out.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return out;
}

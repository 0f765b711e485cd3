import type {
  BookOfAbstracts,
  CallView,
  CreateProposalInput,
  Language,
  ProposalView,
  ReviewCriterion,
  ReviewInput,
  ReviewerProposalView,
  ReviewView,
  SubmitterSignUpInput,
  UpdateProposalInput,
} from '@amphi/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call, eventPath } from '../../api';

/** GET /api/me/proposals. */
export interface MyProposals {
  submitter: { id: string; name: string; email: string; affiliation: string | null; language: Language };
  call: CallView;
  proposals: ProposalView[];
}

/** GET /api/me/reviews. */
export interface MyReviews {
  criteria: ReviewCriterion[];
  reviewDeadline: string | null;
  anonymousReview: boolean;
  timeZone: string;
  items: Array<{ proposalId: string; title: string; themeKey: string | null; typeKey: string; status: 'to_do' | 'draft' | 'submitted' }>;
}

const proposalPath = (id: string) => `/api/me/proposals/${encodeURIComponent(id)}`;
const reviewPath = (id: string) => `/api/me/reviews/${encodeURIComponent(id)}`;

/** The call's routes for visitors, submitters and reviewers (BRIEF: the API's routes), through the one fetch wrapper. */
export const callApi = {
  call: (slug: string, signal?: AbortSignal) => call<CallView>(`${eventPath(slug)}/call`, { signal }),
  abstracts: (slug: string, signal?: AbortSignal) => call<BookOfAbstracts>(`${eventPath(slug)}/abstracts`, { signal }),
  signUp: (slug: string, input: SubmitterSignUpInput) => call<{ message: string }>(`${eventPath(slug)}/call/submitters`, { method: 'POST', body: input }),
  myProposals: (token: string, signal?: AbortSignal) => call<MyProposals>('/api/me/proposals', { token, signal }),
  proposal: (token: string, id: string, signal?: AbortSignal) => call<ProposalView>(proposalPath(id), { token, signal }),
  create: (token: string, input: CreateProposalInput) => call<ProposalView>('/api/me/proposals', { method: 'POST', token, body: input }),
  update: (token: string, id: string, input: UpdateProposalInput) => call<ProposalView>(proposalPath(id), { method: 'PATCH', token, body: input }),
  submit: (token: string, id: string) => call<ProposalView>(`${proposalPath(id)}/submit`, { method: 'POST', token }),
  withdraw: (token: string, id: string) => call<ProposalView>(`${proposalPath(id)}/withdraw`, { method: 'POST', token }),
  confirm: (token: string, id: string, confirm: boolean) => call<ProposalView>(`${proposalPath(id)}/confirmation`, { method: 'POST', token, body: { confirm } }),
  myReviews: (token: string, signal?: AbortSignal) => call<MyReviews>('/api/me/reviews', { token, signal }),
  review: (token: string, id: string, signal?: AbortSignal) => call<ReviewerProposalView>(reviewPath(id), { token, signal }),
  saveReview: (token: string, id: string, input: ReviewInput) => call<ReviewView>(reviewPath(id), { method: 'PUT', token, body: input }),
  conflict: (token: string, id: string, reason?: string) =>
    call<null>(`${reviewPath(id)}/conflict`, { method: 'POST', token, body: { conflict: true, ...(reason ? { reason } : {}) } }),
};

/** Downloads of the book of abstracts, followed by the browser itself. */
export const abstractsLinks = (slug: string) => ({
  pdf: `${eventPath(slug)}/abstracts.pdf`,
  csv: `${eventPath(slug)}/abstracts.csv`,
  json: `${eventPath(slug)}/abstracts.json`,
});

/** Where these pages' reads are cached (under the app's 'public' and 'me' prefixes, so their invalidations reach them). */
export const callKeys = {
  call: (slug: string) => ['public', 'event', slug, 'call'] as const,
  abstracts: (slug: string) => ['public', 'event', slug, 'abstracts'] as const,
  myProposals: (token: string) => ['me', token, 'proposals'] as const,
  proposal: (token: string, id: string) => ['me', token, 'proposals', id] as const,
  myReviews: (token: string) => ['me', token, 'reviews'] as const,
  review: (token: string, id: string) => ['me', token, 'reviews', id] as const,
};

export const callQueries = {
  call: (slug: string) => queryOptions({ queryKey: callKeys.call(slug), queryFn: ({ signal }) => callApi.call(slug, signal) }),
  abstracts: (slug: string) => queryOptions({ queryKey: callKeys.abstracts(slug), queryFn: ({ signal }) => callApi.abstracts(slug, signal) }),
  myProposals: (token: string) => queryOptions({ queryKey: callKeys.myProposals(token), queryFn: ({ signal }) => callApi.myProposals(token, signal) }),
  proposal: (token: string, id: string) => queryOptions({ queryKey: callKeys.proposal(token, id), queryFn: ({ signal }) => callApi.proposal(token, id, signal) }),
  myReviews: (token: string) => queryOptions({ queryKey: callKeys.myReviews(token), queryFn: ({ signal }) => callApi.myReviews(token, signal) }),
  review: (token: string, id: string) => queryOptions({ queryKey: callKeys.review(token, id), queryFn: ({ signal }) => callApi.review(token, id, signal) }),
};

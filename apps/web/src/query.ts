import { QueryClient, queryOptions } from '@tanstack/react-query';
import { ApiError, api } from './api';

/**
 * The web app's one cache of what it read from the API (TanStack Query). Pages ask with `useQuery`
 * and a key from `queryKeys`; a change (`useMutation`) invalidates the keys it makes stale, so every
 * page showing them reads them again, and nothing is reloaded by hand.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Going from the event to a session or a person and back does not read the event again for 30 s.
      staleTime: 30_000,
      // An answer the API gave on purpose (404, 401, 422…) is not asked again; a network failure or a
      // 5xx (a restart, a database that did not answer) is, twice, with Query's backoff.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

/**
 * Every key the app reads under, in one place: a mutation invalidates a prefix (`organiser.event(id)`
 * invalidates that event's people, sessions… too), a page reads a leaf.
 */
export const queryKeys = {
  public: {
    events: () => ['public', 'events'] as const,
    event: (slug: string) => ['public', 'event', slug] as const,
    session: (slug: string, sessionId: string) => ['public', 'event', slug, 'session', sessionId] as const,
    person: (slug: string, personId: string) => ['public', 'event', slug, 'person', personId] as const,
    recordings: (slug: string, personId?: string) => ['public', 'event', slug, 'recordings', personId ?? 'all'] as const,
    recording: (slug: string, recordingId: string) => ['public', 'event', slug, 'recording', recordingId] as const,
  },
  me: (accessToken: string) => ['me', accessToken] as const,
  /** An invitation to co-organise, as its link's page shows it. */
  organiserInvitation: (token: string) => ['organiser-invitation', token] as const,
  /** Whether this registrant receives reminders. */
  meReminders: (accessToken: string) => ['me', accessToken, 'reminders'] as const,
  /** A speaker's recordings and their consents. */
  meRecordings: (accessToken: string) => ['me', accessToken, 'recordings'] as const,
  /** What Amphi keeps about this registrant. */
  meData: (accessToken: string) => ['me', accessToken, 'data'] as const,
  /** The participants of a live room, as the chair's console sees them. */
  liveRoom: (sessionId: string) => ['live', sessionId, 'room'] as const,
  /** The live state of a session (open, live, ended…), as this tab's access token may read it. */
  liveState: (sessionId: string) => ['live', sessionId, 'state'] as const,
  organiser: {
    events: () => ['organiser', 'events'] as const,
    /** The event itself (title, dates, sessions…); the prefix of everything below. */
    event: (eventId: string) => ['organiser', 'event', eventId] as const,
    people: (eventId: string) => ['organiser', 'event', eventId, 'people'] as const,
    invitations: (eventId: string) => ['organiser', 'event', eventId, 'invitations'] as const,
    organiserInvitations: (eventId: string) => ['organiser', 'event', eventId, 'organiser-invitations'] as const,
    registrations: (eventId: string, q: string, status: string) => ['organiser', 'event', eventId, 'registrations', q, status] as const,
    recordings: (eventId: string) => ['organiser', 'event', eventId, 'recordings'] as const,
    /** The event's files and its talks' materials. */
    downloads: (eventId: string) => ['organiser', 'event', eventId, 'downloads'] as const,
    reminderSettings: (eventId: string) => ['organiser', 'event', eventId, 'reminder-settings'] as const,
    messages: (eventId: string) => ['organiser', 'event', eventId, 'messages'] as const,
    /** The event's call for communications: its settings, proposals, reviewers, statistics (the call's pages add their leaves). */
    call: (eventId: string) => ['organiser', 'event', eventId, 'call'] as const,
  },
};

/**
 * The public reads, as query options (key + how to read) so that every page asking for the same thing
 * shares one cache entry: the event a session page reads is the one the event page read.
 */
export const publicQueries = {
  events: () => queryOptions({ queryKey: queryKeys.public.events(), queryFn: ({ signal }) => api.events(signal) }),
  event: (slug: string) => queryOptions({ queryKey: queryKeys.public.event(slug), queryFn: ({ signal }) => api.event(slug, signal) }),
  session: (slug: string, sessionId: string) => queryOptions({ queryKey: queryKeys.public.session(slug, sessionId), queryFn: ({ signal }) => api.session(slug, sessionId, signal) }),
  person: (slug: string, personId: string) => queryOptions({ queryKey: queryKeys.public.person(slug, personId), queryFn: ({ signal }) => api.person(slug, personId, signal) }),
  recordings: (slug: string, personId?: string) =>
    queryOptions({ queryKey: queryKeys.public.recordings(slug, personId), queryFn: ({ signal }) => api.recordings(slug, personId ? { personId } : {}, signal) }),
  recording: (slug: string, recordingId: string) => queryOptions({ queryKey: queryKeys.public.recording(slug, recordingId), queryFn: ({ signal }) => api.recording(slug, recordingId, signal) }),
};

/** What a page that needs several reads shows first: the first failure (with one retry for all), else whether all arrived. */
export function firstFailure(...reads: ReadonlyArray<{ error: unknown; refetch: () => unknown }>): { error: unknown; retry: () => void } | null {
  const failed = reads.find((r) => r.error);
  return failed ? { error: failed.error, retry: () => reads.forEach((r) => void r.refetch()) } : null;
}

import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

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
  organiser: {
    events: () => ['organiser', 'events'] as const,
    /** The event itself (title, dates, sessions…); the prefix of everything below. */
    event: (eventId: string) => ['organiser', 'event', eventId] as const,
    people: (eventId: string) => ['organiser', 'event', eventId, 'people'] as const,
    invitations: (eventId: string) => ['organiser', 'event', eventId, 'invitations'] as const,
    registrations: (eventId: string, q: string, status: string) => ['organiser', 'event', eventId, 'registrations', q, status] as const,
    recordings: (eventId: string) => ['organiser', 'event', eventId, 'recordings'] as const,
  },
};

import type { LiveState, SessionRole } from '@amphi/contracts';

/** What someone may do in one session. Each feature checks the one it needs, in its service. */
export const CAPABILITIES = ['joinRoom', 'publish', 'ask', 'vote', 'raiseHand', 'moderate', 'controlRoom', 'record'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * Someone acting in one session, resolved in one query: who they are there (the key that names
 * them in the Q&A, the live room and attendance: r:<registration>, p:<person>, o:<organiser>),
 * their role, and for each capability whether they have it now (or why not).
 */
export interface SessionActor {
  key: string;
  name: string;
  affiliation: string | null;
  role: SessionRole;
  registrationId: string | null;
  personId: string | null;
  organiserId: string | null;
  sessionId: string;
  eventId: string;
  /** Chairs of the session and organisers of the event. */
  moderator: boolean;
  can: Record<Capability, boolean>;
  /** For each capability refused: the code and the reason (English; the web app translates by code). */
  refusals: Partial<Record<Capability, { code: string; details?: Record<string, unknown> }>>;
  event: { id: string; timeZone: string; mainLanguage: string; qaAnonymousNamesToModerators: boolean };
  session: { id: string; type: string; startsAt: Date; endsAt: Date };
  /** The live room's stored state (scheduled, live, ended) and its times. */
  room: { state: LiveState; wentLiveAt: Date | null; endedAt: Date | null; roomStartedAt: Date | null; roomFinishedAt: Date | null; onStage: string[] };
  /** The Q&A settings (defaults when the session's Q&A was never opened). */
  qa: { preModeration: boolean; openEarlyMinutes: number; stayOpenMinutes: number };
}

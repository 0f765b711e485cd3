import { ErrorCode, type LiveState, type RegistrationStatus, type SessionRole } from '@amphi/contracts';
import { admission, currentState, liveTimes, reopenableUntil, type LiveTimes } from '../live/live-rules';
import { revokedRefusal, type LinkRevokedReason } from '../access/link-revocation';
import { toZonedIso } from '../programme/zoned-time';
import { CAPABILITIES, type Capability, type SessionActor } from './session-access.types';

/**
 * The session-access policy without I/O: from what the database says about someone and a session
 * (read in one query by SessionAccessService), the clock and the configured windows, who they are
 * in the session and what they may do there now — or why not. Every feature asks this policy
 * instead of deciding for itself. Unit-tested in session-access.rules.spec.ts.
 */

/** Everything the policy needs, as read from the database (nulls where nothing was found). */
export interface SessionAccessFacts {
  principal: { kind: 'organiser'; organiserId: string } | { kind: 'participant'; registrationId: string | null; personId: string | null };
  /** The personal link behind a participant's access token (null for organisers; found: false when it no longer exists). */
  link: { found: boolean; revokedReason: LinkRevokedReason | null; revoked: boolean } | null;
  /** The organiser's account (organisers only; null when it no longer exists). */
  organiser: { id: string; name: string } | null;
  /** Null: no such session where this principal may look (another event's, or none at all). */
  session: { id: string; eventId: string; type: string; startsAt: Date; endsAt: Date } | null;
  event: SessionActor['event'] | null;
  /** A row in event_organiser for this organiser and the session's event. */
  organisesEvent: boolean;
  /** The invited person of the session's event behind the link, and what they do in this session. */
  person: { id: string; name: string; affiliation: string | null; chairs: boolean; speaks: boolean; panelist: boolean } | null;
  /**
   * Organisers only: what the account does in this session's programme, as a person of the
   * session's event with the account's e-mail (compared case-insensitively) — chairs, speaks, is a panelist.
   */
  organiserInProgramme: ProgrammeParts | null;
  /** The registration of the session's event behind the link. */
  registration: { id: string; name: string; affiliation: string | null; status: RegistrationStatus } | null;
  /** The live room's row (absent until someone uses the room). */
  room: { state: LiveState; wentLiveAt: Date | null; endedAt: Date | null; roomStartedAt: Date | null; roomFinishedAt: Date | null; onStage: string[] } | null;
  /** The session's Q&A settings (absent until its Q&A is used). */
  qa: SessionActor['qa'] | null;
  /** The chair removed this person from the session. */
  removal: { reason: string | null } | null;
}

export interface AccessMinutes {
  backstageOpen: number;
  doorsOpen: number;
  overrun: number;
  /** The Q&A defaults, for a session whose Q&A was never opened. */
  qaOpenEarly: number;
  qaStayOpen: number;
}

/** Why someone may not act: the HTTP status, the precise code and its details (the API and the web app word it by code). */
export interface AccessRefusal {
  statusCode: 401 | 403 | 404;
  code: ErrorCode;
  details?: Record<string, unknown>;
}

export type AccessOutcome = { ok: true; actor: SessionActor } | { ok: false; refusal: AccessRefusal };

type Refusal = NonNullable<SessionActor['refusals'][Capability]>;

/** A capability refused for a role, for any reason, is always 403: the person is known, the action is not theirs (now). */
export const CAPABILITY_REFUSAL_STATUS = 403;

// --- roles -----------------------------------------------------------------------

/** What someone does in a session's programme. */
export interface ProgrammeParts {
  chairs: boolean;
  speaks: boolean;
  panelist: boolean;
}

export type RoleDecision = { role: SessionRole } | { role: null; reason: 'waitlisted' | 'cancelled' | 'break' | 'no-role' };

/** The part someone plays on stage in a session's programme, the strongest first: chair, speaker, panelist. */
function presenterRole(p: ProgrammeParts | null): 'chair' | 'speaker' | 'panelist' | null {
  if (p?.chairs) return 'chair';
  if (p?.speaks) return 'speaker';
  if (p?.panelist) return 'panelist';
  return null;
}

/**
 * The strongest role someone has in a session: chair, speaker, panelist (an invited person of the
 * programme), then attendee (a confirmed registration, in any session but the breaks). An
 * organiser of the event is 'organiser' (a hidden observer) unless they are also in this session's
 * programme (`person`: what the account's e-mail does there): then they take that part on stage, and
 * keep an organiser's rights besides (ORGANISER_RIGHTS). Being chair of one session gives nothing in another.
 */
export function sessionRole(input: {
  organisesEvent: boolean;
  person: ProgrammeParts | null;
  registration: { status: RegistrationStatus } | null;
  sessionType: string;
}): RoleDecision {
  const presenter = presenterRole(input.person);
  if (presenter) return { role: presenter };
  if (input.organisesEvent) return { role: 'organiser' };
  const r = input.registration;
  if (r?.status === 'waitlisted') return { role: null, reason: 'waitlisted' };
  if (r?.status === 'cancelled') return { role: null, reason: 'cancelled' };
  if (r?.status === 'confirmed') {
    if (input.sessionType === 'break') return { role: null, reason: 'break' };
    return { role: 'attendee' };
  }
  return { role: null, reason: 'no-role' };
}

// --- windows -------------------------------------------------------------------------

/**
 * When questions, votes and raised hands are accepted: from openEarly minutes before the start
 * until stayOpen minutes after the end — the chair's end when it came before the planned one
 * (a session ended early closes its questions early; reopening it opens them again). An end in
 * the overrun does not push the window past the planned end: it would reopen questions already closed.
 */
export function qaWindow(session: { startsAt: Date; endsAt: Date }, room: { state: LiveState; endedAt: Date | null } | null, qa: { openEarlyMinutes: number; stayOpenMinutes: number }) {
  const endedAt = room?.state === 'ended' && room.endedAt ? room.endedAt : null;
  const end = endedAt && endedAt < session.endsAt ? endedAt : session.endsAt;
  return {
    opensAt: new Date(session.startsAt.getTime() - qa.openEarlyMinutes * 60_000),
    closesAt: new Date(end.getTime() + qa.stayOpenMinutes * 60_000),
  };
}

// --- the policy ---------------------------------------------------------------------------

const notFound: AccessRefusal = { statusCode: 404, code: ErrorCode.NotFound, details: { resource: 'session' } };

/** Who this principal is in the session and what they may do now, or why they are not let in at all. */
export function decideAccess(facts: SessionAccessFacts, now: Date, minutes: AccessMinutes): AccessOutcome {
  // A link revoked (cancelled, replaced, erased) ends access at once, in this same query.
  if (facts.principal.kind === 'participant') {
    if (!facts.link?.found) return { ok: false, refusal: { statusCode: 401, code: ErrorCode.LinkGone } };
    if (facts.link.revoked) return { ok: false, refusal: { statusCode: 401, ...revokedRefusal(facts.link.revokedReason) } };
  } else if (!facts.organiser) {
    return { ok: false, refusal: { statusCode: 401, code: ErrorCode.AccountGone } };
  }
  const { session, event } = facts;
  // Another event's session does not exist for this principal; nor does any session of an event an organiser does not run.
  if (!session || !event) return { ok: false, refusal: notFound };
  if (facts.principal.kind === 'organiser' && !facts.organisesEvent) return { ok: false, refusal: notFound };

  // Past this point an organiser principal organises the event.
  const organises = facts.principal.kind === 'organiser';
  const decided = sessionRole({
    organisesEvent: organises,
    person: organises ? facts.organiserInProgramme : facts.person,
    registration: organises || facts.person ? null : facts.registration,
    sessionType: session.type,
  });
  if (!decided.role) return { ok: false, refusal: { statusCode: 403, code: ErrorCode.NoSessionRole, details: { reason: decided.reason } } };
  const role = decided.role;

  const who = identityOf(facts);
  const room = facts.room ?? { state: 'scheduled' as const, wentLiveAt: null, endedAt: null, roomStartedAt: null, roomFinishedAt: null, onStage: [] };
  const qa = facts.qa ?? { preModeration: false, openEarlyMinutes: minutes.qaOpenEarly, stayOpenMinutes: minutes.qaStayOpen };
  const times = liveTimes(session.startsAt, session.endsAt, { backstageOpen: minutes.backstageOpen, doorsOpen: minutes.doorsOpen, overrun: minutes.overrun });
  const moderator = organises || role === 'chair';
  const refusals = facts.removal
    ? removedEverywhere(facts.removal.reason)
    : refusalsFor({ role, organises, key: who.key, room, qa, times, session, timeZone: event.timeZone, now });
  const can = Object.fromEntries(CAPABILITIES.map((c) => [c, !refusals[c]])) as Record<Capability, boolean>;
  return {
    ok: true,
    actor: { ...who, role, moderator, sessionId: session.id, eventId: session.eventId, can, refusals, event, session, room, qa },
  };
}

function identityOf(facts: SessionAccessFacts): Pick<SessionActor, 'key' | 'name' | 'affiliation' | 'registrationId' | 'personId' | 'organiserId'> {
  const none = { registrationId: null, personId: null, organiserId: null };
  if (facts.principal.kind === 'organiser') return { ...none, key: `o:${facts.organiser!.id}`, name: facts.organiser!.name, affiliation: null, organiserId: facts.organiser!.id };
  if (facts.person) return { ...none, key: `p:${facts.person.id}`, name: facts.person.name, affiliation: facts.person.affiliation, personId: facts.person.id };
  const r = facts.registration!;
  return { ...none, key: `r:${r.id}`, name: r.name, affiliation: r.affiliation, registrationId: r.id };
}

/** Removed by a chair: nothing in this session any more, whatever the role. */
function removedEverywhere(reason: string | null): SessionActor['refusals'] {
  const refusal: Refusal = {
    code: ErrorCode.RemovedFromSession,
    details: { reason },
  };
  return Object.fromEntries(CAPABILITIES.map((c) => [c, refusal]));
}

/** What each role may do, by the table in DESIGN.md ("Roles"), and what the clock allows now. */
const ROLE_CAPABILITIES: Record<SessionRole, ReadonlyArray<Capability>> = {
  // Organisers watch hidden: everything but publishing.
  organiser: ['joinRoom', 'ask', 'vote', 'raiseHand', 'moderate', 'controlRoom', 'record'],
  chair: ['joinRoom', 'publish', 'ask', 'vote', 'raiseHand', 'moderate', 'controlRoom', 'record'],
  speaker: ['joinRoom', 'publish', 'ask', 'vote', 'raiseHand'],
  panelist: ['joinRoom', 'publish', 'ask', 'vote', 'raiseHand'],
  // Publishing only once a chair invited them on stage (checked below).
  attendee: ['joinRoom', 'publish', 'ask', 'vote', 'raiseHand'],
};

/**
 * What an organiser of the event keeps whatever their role in the session: an organiser who speaks
 * in it presents as a speaker and still moderates, runs the room and records.
 */
const ORGANISER_RIGHTS: ReadonlyArray<Capability> = ['moderate', 'controlRoom', 'record'];

function refusalsFor(input: {
  role: SessionRole;
  /** An organiser of the event (whatever their role in this session). */
  organises: boolean;
  key: string;
  room: NonNullable<SessionAccessFacts['room']>;
  qa: SessionActor['qa'];
  times: LiveTimes;
  session: NonNullable<SessionAccessFacts['session']>;
  timeZone: string;
  now: Date;
}): SessionActor['refusals'] {
  const { role, room, times, timeZone, now } = input;
  const zoned = (d: Date) => toZonedIso(d, timeZone);
  const refusals: SessionActor['refusals'] = {};
  const allowed = input.organises ? [...ROLE_CAPABILITIES[role], ...ORGANISER_RIGHTS] : ROLE_CAPABILITIES[role];
  for (const capability of CAPABILITIES) {
    if (!allowed.includes(capability)) refusals[capability] = { code: ErrorCode.NotAllowed, details: { capability } };
  }

  const state = currentState(room.state, times, now);
  const ended = (): Refusal => {
    const until = reopenableUntil(room.state, room.endedAt, times, now);
    return {
      code: ErrorCode.LiveEnded,
      details: { state, endedAt: room.endedAt ? zoned(room.endedAt) : null, reopenableUntil: until ? zoned(until) : null, timeZone },
    };
  };

  // Entering the room: the live rooms' own rule (organisers always, hidden; chairs and speakers backstage; attendees once live).
  // An organiser who chairs or speaks enters as the chair or speaker they are: backstage and live, visible.
  if (!refusals.joinRoom) {
    const admitted = admission(role, state, times);
    if (!admitted.allowed) {
      if (state === 'ended') refusals.joinRoom = ended();
      else {
        const opensAt = admitted.opensAt ? zoned(admitted.opensAt) : undefined;
        refusals.joinRoom = {
          code: ErrorCode.LiveNotOpen,
          details: { state, ...(opensAt ? { opensAt } : {}), timeZone },
        };
      }
    }
  }

  // An attendee speaks only on stage, where a chair invited them.
  if (role === 'attendee' && !room.onStage.includes(input.key))
    refusals.publish = { code: ErrorCode.NotAllowed, details: { capability: 'publish' } };

  // A raised hand asks for the floor, which exists only until the room is over.
  if (!refusals.raiseHand && state === 'ended') refusals.raiseHand = ended();

  // Questions, votes and hands within the Q&A window. Moderators keep moderating after it (written answers).
  const window = qaWindow(input.session, room, input.qa);
  const details = { opensAt: zoned(window.opensAt), closesAt: zoned(window.closesAt), timeZone };
  const closed: Refusal | null =
    now < window.opensAt
      ? { code: ErrorCode.QaClosed, details }
      : now >= window.closesAt
        ? { code: ErrorCode.QaClosed, details }
        : null;
  if (closed) for (const capability of ['ask', 'vote', 'raiseHand'] as const) refusals[capability] ??= closed;
  return refusals;
}

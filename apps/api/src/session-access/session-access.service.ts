import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ErrorCode, LiveState, RegistrationStatus, SessionRole } from '@amphi/contracts';
import type { Principal } from '../accounts/access-token.service';
import type { LinkRevokedReason } from '../access/link-revocation';
import { AccessRefused, NotFound } from '../common/domain-errors';
import { isUuid } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CAPABILITY_REFUSAL_STATUS, decideAccess, sessionRole, type AccessMinutes, type SessionAccessFacts } from './session-access.rules';
import type { Capability, SessionActor } from './session-access.types';

/**
 * The one place that answers "who is this person in this session, and what may they do": the
 * live rooms, recordings, the Q&A and the personal space all ask here. Everything is read in one
 * query (the session, its event, the principal's registration, person or organiser account and
 * what they do in this session — for an organiser, as a person of the event with the account's
 * e-mail —, the room, the Q&A settings, a removal, the personal link), then
 * the pure rules in session-access.rules.ts decide.
 */
@Injectable()
export class SessionAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The principal as an actor of the session: 401 for a revoked link, 404 for a session they
   * cannot see (another event's, an event an organiser does not run, not an id), 403
   * NO_SESSION_ROLE when they have no role in it. Capabilities refused now are in `refusals`.
   */
  async resolve(principal: Principal, sessionId: string, now = new Date()): Promise<SessionActor> {
    const facts = await this.facts(principal, sessionId);
    const outcome = decideAccess(facts, now, this.minutes());
    if (!outcome.ok) throw new AccessRefused(outcome.refusal.statusCode, outcome.refusal.code, outcome.refusal.details);
    return outcome.actor;
  }

  /**
   * The actor, if they may do this now; else the policy's refusal as a DomainError
   * (REMOVED_FROM_SESSION, LIVE_NOT_OPEN, LIVE_ENDED, QA_CLOSED, NOT_ALLOWED...).
   * With an actor already resolved it checks at once (no query); with a principal it resolves first.
   */
  require(actor: SessionActor, capability: Capability): SessionActor;
  require(principal: Principal, sessionId: string, capability: Capability): Promise<SessionActor>;
  require(who: Principal | SessionActor, sessionIdOrCapability: string, capability?: Capability): SessionActor | Promise<SessionActor> {
    if (isActor(who)) return check(who, (capability ?? sessionIdOrCapability) as Capability);
    return this.resolve(who, sessionIdOrCapability).then((actor) => check(actor, capability!));
  }

  /**
   * The principal's role in each session of an event, in one query (the personal space's
   * programme): null where they have none. The personal link itself is checked by the caller's
   * guard; another event's programme is 404.
   */
  async rolesInEvent(principal: Principal, eventId: string): Promise<Map<string, SessionRole | null>> {
    if (!isUuid(eventId) || (principal.kind === 'participant' && principal.eventId !== eventId)) throw new NotFound('event');
    const organiserId = principal.kind === 'organiser' ? principal.organiserId : null;
    const personId = principal.kind === 'participant' ? principal.personId : null;
    const registrationId = principal.kind === 'participant' ? principal.registrationId : null;
    // The programme's people who are this principal: the person behind the link, or the persons of
    // the event with the organiser account's e-mail (compared case-insensitively).
    const rows: RoleRow[] = await this.dataSource.query(
      `WITH me AS (
         SELECT p.id FROM person p
          WHERE p.event_id = $1::uuid AND (p.id = $3::uuid OR lower(p.email) = (SELECT lower(o.email) FROM organiser o WHERE o.id = $2::uuid))
       )
       SELECT s.id, s.type,
              EXISTS (SELECT 1 FROM event_organiser eo WHERE eo.event_id = s.event_id AND eo.organiser_id = $2::uuid) AS organises_event,
              EXISTS (SELECT 1 FROM session_chair sc WHERE sc.session_id = s.id AND sc.person_id IN (SELECT id FROM me)) AS chairs,
              EXISTS (SELECT 1 FROM talk t JOIN talk_speaker ts ON ts.talk_id = t.id WHERE t.session_id = s.id AND ts.person_id IN (SELECT id FROM me)) AS speaks,
              EXISTS (SELECT 1 FROM session_panelist sp WHERE sp.session_id = s.id AND sp.person_id IN (SELECT id FROM me)) AS panelist,
              r.status AS registration_status
         FROM session s
         LEFT JOIN registration r ON r.id = $4::uuid AND r.event_id = s.event_id
        WHERE s.event_id = $1::uuid`,
      [eventId, organiserId, personId, registrationId],
    );
    if (principal.kind === 'organiser' && rows.length && !rows[0].organises_event) throw new NotFound('event');
    return new Map(
      rows.map((row) => [
        row.id,
        sessionRole({
          organisesEvent: row.organises_event,
          person: personId || organiserId ? { chairs: row.chairs, speaks: row.speaks, panelist: row.panelist } : null,
          registration: row.registration_status ? { status: row.registration_status } : null,
          sessionType: row.type,
        }).role,
      ]),
    );
  }

  private minutes(): AccessMinutes {
    const { backstageOpenMinutes, doorsOpenMinutes, overrunMinutes } = this.config.live;
    return { backstageOpen: backstageOpenMinutes, doorsOpen: doorsOpenMinutes, overrun: overrunMinutes, qaOpenEarly: this.config.qa.openEarlyMinutes, qaStayOpen: this.config.qa.stayOpenMinutes };
  }

  /**
   * Everything the rules need, in one statement. It starts from a one-row table so that the
   * personal link is read even when the session is not found (a revoked link says so first).
   */
  private async facts(principal: Principal, sessionId: string): Promise<SessionAccessFacts> {
    const participant = principal.kind === 'participant' ? principal : null;
    const organiserId = principal.kind === 'organiser' ? principal.organiserId : null;
    const personId = participant?.personId ?? null;
    const registrationId = personId ? null : (participant?.registrationId ?? null);
    const key = principalKey(principal);
    const [row]: AccessRow[] = await this.dataSource.query(
      // A named statement: PostgreSQL plans it once per connection instead of at every call (its
      // planning took ten times its execution, at every join, ask and vote). pg takes a query
      // config where TypeORM hands the text through, so TypeORM's logging and hooks still see it.
      FACTS_STATEMENT as unknown as string,
      [isUuid(sessionId) ? sessionId : null, participant?.eventId ?? null, organiserId, registrationId, personId, participant?.linkId ?? null, key],
    );
    return {
      principal: participant ? { kind: 'participant', registrationId, personId } : { kind: 'organiser', organiserId: organiserId! },
      link: participant ? { found: row.link_id !== null, revoked: row.link_revoked === true, revokedReason: row.revoked_reason } : null,
      organiser: row.organiser_id ? { id: row.organiser_id, name: row.organiser_name! } : null,
      session: row.session_id ? { id: row.session_id, eventId: row.event_id!, type: row.type!, startsAt: row.starts_at!, endsAt: row.ends_at! } : null,
      event: row.session_id
        ? { id: row.event_id!, timeZone: row.time_zone!, mainLanguage: row.main_language!, qaAnonymousNamesToModerators: row.qa_anonymous_names_to_moderators === true }
        : null,
      organisesEvent: row.organises_event === true,
      person: row.person_id ? { id: row.person_id, name: row.person_name!, affiliation: row.person_affiliation, chairs: row.chairs, speaks: row.speaks, panelist: row.panelist } : null,
      organiserInProgramme: participant ? null : { chairs: row.organiser_chairs, speaks: row.organiser_speaks, panelist: row.organiser_panelist },
      registration: row.registration_id ? { id: row.registration_id, name: row.registration_name!, affiliation: row.registration_affiliation, status: row.registration_status! } : null,
      room: row.has_room
        ? { state: row.state!, wentLiveAt: row.went_live_at, endedAt: row.ended_at, roomStartedAt: row.room_started_at, roomFinishedAt: row.room_finished_at, onStage: row.on_stage ?? [] }
        : null,
      qa: row.has_qa ? { preModeration: row.pre_moderation!, openEarlyMinutes: row.open_early_minutes!, stayOpenMinutes: row.stay_open_minutes! } : null,
      removal: row.removed ? { reason: row.removal_reason } : null,
    };
  }
}

/** The facts query: $1 session, $2 the link's event, $3 organiser, $4 registration, $5 person, $6 link, $7 key. */
const FACTS_STATEMENT = {
  name: 'session-access-facts',
  text: `SELECT s.id AS session_id, s.event_id, s.type, s.starts_at, s.ends_at,
              e.time_zone, e.main_language, e.qa_anonymous_names_to_moderators,
              o.id AS organiser_id, o.name AS organiser_name,
              eo.organiser_id IS NOT NULL AS organises_event,
              p.id AS person_id, p.name AS person_name, p.affiliation AS person_affiliation,
              (p.id IS NOT NULL AND EXISTS (SELECT 1 FROM session_chair sc WHERE sc.session_id = s.id AND sc.person_id = p.id)) AS chairs,
              (p.id IS NOT NULL AND EXISTS (SELECT 1 FROM talk t JOIN talk_speaker ts ON ts.talk_id = t.id WHERE t.session_id = s.id AND ts.person_id = p.id)) AS speaks,
              (p.id IS NOT NULL AND EXISTS (SELECT 1 FROM session_panelist sp WHERE sp.session_id = s.id AND sp.person_id = p.id)) AS panelist,
              (eo.organiser_id IS NOT NULL AND EXISTS (SELECT 1 FROM session_chair sc JOIN person op ON op.id = sc.person_id
                 WHERE sc.session_id = s.id AND op.event_id = s.event_id AND lower(op.email) = lower(o.email))) AS organiser_chairs,
              (eo.organiser_id IS NOT NULL AND EXISTS (SELECT 1 FROM talk t JOIN talk_speaker ts ON ts.talk_id = t.id JOIN person op ON op.id = ts.person_id
                 WHERE t.session_id = s.id AND op.event_id = s.event_id AND lower(op.email) = lower(o.email))) AS organiser_speaks,
              (eo.organiser_id IS NOT NULL AND EXISTS (SELECT 1 FROM session_panelist sp JOIN person op ON op.id = sp.person_id
                 WHERE sp.session_id = s.id AND op.event_id = s.event_id AND lower(op.email) = lower(o.email))) AS organiser_panelist,
              r.id AS registration_id, r.name AS registration_name, r.affiliation AS registration_affiliation, r.status AS registration_status,
              lr.session_id IS NOT NULL AS has_room, lr.state, lr.went_live_at, lr.ended_at, lr.room_started_at, lr.room_finished_at, lr.on_stage,
              qs.session_id IS NOT NULL AS has_qa, qs.pre_moderation, qs.open_early_minutes, qs.stay_open_minutes,
              rm.identity IS NOT NULL AS removed, rm.reason AS removal_reason,
              pl.id AS link_id, pl.revoked_at IS NOT NULL AS link_revoked, pl.revoked_reason
         FROM (SELECT 1) AS one
         LEFT JOIN session s ON s.id = $1::uuid AND ($2::uuid IS NULL OR s.event_id = $2::uuid)
         LEFT JOIN event e ON e.id = s.event_id
         LEFT JOIN organiser o ON o.id = $3::uuid
         LEFT JOIN event_organiser eo ON eo.event_id = s.event_id AND eo.organiser_id = o.id
         LEFT JOIN person p ON p.id = $5::uuid AND p.event_id = s.event_id
         LEFT JOIN registration r ON r.id = $4::uuid AND r.event_id = s.event_id
         LEFT JOIN live_room lr ON lr.session_id = s.id
         LEFT JOIN qa_session qs ON qs.session_id = s.id
         LEFT JOIN live_removal rm ON rm.session_id = s.id AND rm.identity = $7
         LEFT JOIN personal_link pl ON pl.id = $6::uuid`,
};

/**
 * The key that names a principal in every session: r:<registration>, p:<person>, o:<organiser>
 * (the Q&A's asker and rooms, the LiveKit identity, attendance). A person's link wins over a
 * registration's, as in the policy.
 */
export const principalKey = (p: Principal): string => (p.kind === 'organiser' ? `o:${p.organiserId}` : p.personId ? `p:${p.personId}` : `r:${p.registrationId}`);

const isActor = (who: Principal | SessionActor): who is SessionActor => 'can' in who && 'refusals' in who;

function check(actor: SessionActor, capability: Capability): SessionActor {
  const refusal = actor.refusals[capability];
  if (refusal) throw new AccessRefused(CAPABILITY_REFUSAL_STATUS, refusal.code as ErrorCode, refusal.details);
  return actor;
}

interface RoleRow {
  id: string;
  type: string;
  organises_event: boolean;
  chairs: boolean;
  speaks: boolean;
  panelist: boolean;
  registration_status: RegistrationStatus | null;
}

interface AccessRow {
  session_id: string | null;
  event_id: string | null;
  type: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  time_zone: string | null;
  main_language: string | null;
  qa_anonymous_names_to_moderators: boolean | null;
  organiser_id: string | null;
  organiser_name: string | null;
  organises_event: boolean;
  person_id: string | null;
  person_name: string | null;
  person_affiliation: string | null;
  chairs: boolean;
  speaks: boolean;
  panelist: boolean;
  /** An organiser of the event who is also, by their account's e-mail, a person of its programme in this session. */
  organiser_chairs: boolean;
  organiser_speaks: boolean;
  organiser_panelist: boolean;
  registration_id: string | null;
  registration_name: string | null;
  registration_affiliation: string | null;
  registration_status: RegistrationStatus | null;
  has_room: boolean;
  state: LiveState | null;
  went_live_at: Date | null;
  ended_at: Date | null;
  room_started_at: Date | null;
  room_finished_at: Date | null;
  on_stage: string[] | null;
  has_qa: boolean;
  pre_moderation: boolean | null;
  open_early_minutes: number | null;
  stay_open_minutes: number | null;
  removed: boolean;
  removal_reason: string | null;
  link_id: string | null;
  link_revoked: boolean | null;
  revoked_reason: LinkRevokedReason | null;
}

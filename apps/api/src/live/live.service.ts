import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { TrackSource, type EgressInfo, type WebhookEvent } from 'livekit-server-sdk';
import { ErrorCode, type LiveJoinView, type LiveParticipantView, type LiveRoomView, type LiveStateView, type SessionRole } from '@amphi/contracts';
import { Attendance, LiveRemoval, LiveRoom } from './live.entities';
import { LiveKitService } from './livekit.service';
import { ON_STAGE_SOURCES, admission, canGoLive, currentState, grantFor, liveTimes, roomName, sessionIdOfRoom, type LiveTimes } from './live-rules';
import { SessionRolesService, type SessionParticipant } from '../registrations/session-roles.service';
import { QaGateway } from '../qa/qa.gateway';
import type { Principal } from '../accounts/access-token.service';
import { Conflict, DomainError, Forbidden } from '../common/domain-errors';
import { isUuid } from '../common/ids';
import { toZonedIso } from '../programme/zoned-time';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** 403 for a room that is not open (yet), saying when it opens. */
export class RoomNotOpen extends DomainError {
  constructor(message: string, details: { state: string; opensAt?: string }) {
    super(403, ErrorCode.Forbidden, message, undefined, details);
  }
}

/** The permissions of an attendee, given back when a chair takes them off stage. */
const ATTENDEE_PERMISSION = { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] };
const ON_STAGE_PERMISSION = { canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: ON_STAGE_SOURCES };

/**
 * The live rooms: who enters which session's room, with which rights and when; what the chair
 * does in it; what LiveKit's webhooks tell about it. LiveKit itself is behind LiveKitService.
 */
@Injectable()
export class LiveService {
  private readonly logger = new Logger('Live');
  /** Other features follow the rooms without LiveModule depending on them (recordings start when a session goes live). */
  private readonly wentLiveListeners: Array<(sessionId: string) => Promise<void>> = [];
  private readonly egressListeners: Array<(info: EgressInfo) => Promise<void>> = [];

  onWentLive(listener: (sessionId: string) => Promise<void>): void {
    this.wentLiveListeners.push(listener);
  }

  onEgress(listener: (info: EgressInfo) => Promise<void>): void {
    this.egressListeners.push(listener);
  }

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: SessionRolesService,
    private readonly livekit: LiveKitService,
    private readonly channel: QaGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- joining -------------------------------------------------------------------

  async join(principal: Principal, sessionId: string): Promise<LiveJoinView> {
    // Attendees are the crowd arriving at once when a session goes live: one query decides for them.
    if (principal.kind === 'participant' && principal.registrationId && isUuid(sessionId)) {
      const fast = await this.joinAsAttendee(principal.eventId, principal.registrationId, sessionId);
      if (fast) return fast;
    }
    const who = await this.roles.participant(principal, sessionId);
    const { room, times, live } = await this.current(who);
    const removal = await this.dataSource.getRepository(LiveRemoval).findOneBy({ sessionId, identity: who.key });
    if (removal) throw new Forbidden(`The chair removed you from this session’s room${removal.reason ? `: ${removal.reason}` : ''}.`);
    const admitted = admission(who.role, live.state, times);
    if (!admitted.allowed) {
      const opensAt = admitted.opensAt ? toZonedIso(admitted.opensAt, who.event.timeZone) : undefined;
      throw new RoomNotOpen(`${admitted.reason}${opensAt ? ` It opens at ${opensAt}.` : ''}`, { state: live.state, ...(opensAt ? { opensAt } : {}) });
    }
    return this.admit(who, sessionId, who.role === 'attendee' && room.onStage.includes(who.key), live);
  }

  /** The token for someone admitted: the grant of their role (an attendee on stage may speak). */
  private async admit(who: Pick<SessionParticipant, 'key' | 'name' | 'affiliation' | 'role'>, sessionId: string, onStage: boolean, live: LiveStateView): Promise<LiveJoinView> {
    const name = roomName(sessionId);
    const grant = onStage ? { ...grantFor('attendee', name), ...ON_STAGE_PERMISSION } : grantFor(who.role, name);
    const { token, expiresAt } = await this.livekit.token({ identity: who.key, name: who.name, metadata: { role: who.role, affiliation: who.affiliation }, grant });
    return {
      serverUrl: this.livekit.serverUrl,
      participantToken: token,
      expiresAt: expiresAt.toISOString(),
      roomName: name,
      identity: who.key,
      role: who.role,
      canPublish: grant.canPublish === true,
      hidden: grant.hidden === true,
      live,
    };
  }

  /**
   * The join of a confirmed attendee, read in one query (session, event, registration, room,
   * removal) instead of the general path's several. Answers null when anything is unusual
   * (not confirmed, a break, no such session...): the general path then says why.
   */
  private async joinAsAttendee(eventId: string, registrationId: string, sessionId: string): Promise<LiveJoinView | null> {
    const rows: AttendeeJoinRow[] = await this.dataSource.query(
      `SELECT e.time_zone, s.starts_at, s.ends_at, r.name, r.affiliation,
              lr.state, lr.on_stage, lr.went_live_at, lr.ended_at, lr.room_started_at, lr.room_finished_at,
              rm.identity IS NOT NULL AS removed
         FROM session s
         JOIN event e ON e.id = s.event_id
         JOIN registration r ON r.id = $2 AND r.event_id = s.event_id AND r.status = 'confirmed'
         LEFT JOIN live_room lr ON lr.session_id = s.id
         LEFT JOIN live_removal rm ON rm.session_id = s.id AND rm.identity = 'r:' || r.id::text
        WHERE s.id = $1 AND s.event_id = $3 AND s.type <> 'break'`,
      [sessionId, registrationId, eventId],
    );
    const row = rows[0];
    if (!row || row.removed) return null;
    const times = this.timesOf(row.starts_at, row.ends_at);
    const live = this.stateView(sessionId, row.time_zone, times, {
      state: row.state ?? 'scheduled',
      wentLiveAt: row.went_live_at,
      endedAt: row.ended_at,
      roomStartedAt: row.room_started_at,
      roomFinishedAt: row.room_finished_at,
    });
    if (!admission('attendee', live.state, times).allowed) return null;
    const identity = `r:${registrationId}`;
    const onStage = (row.on_stage ?? []).includes(identity);
    return this.admit({ key: identity, name: row.name, affiliation: row.affiliation, role: 'attendee' }, sessionId, onStage, live);
  }

  async state(principal: Principal, sessionId: string): Promise<LiveStateView> {
    return (await this.current(await this.roles.participant(principal, sessionId))).live;
  }

  // --- the chair's actions ---------------------------------------------------------

  async goLive(principal: Principal, sessionId: string): Promise<LiveStateView> {
    const chair = await this.moderator(principal, sessionId);
    const { times, live } = await this.current(chair);
    const allowed = canGoLive(live.state, times, new Date());
    if (!allowed.allowed) throw new Conflict(allowed.reason);
    // Only one chair's click counts when two press at once.
    const updated = await this.dataSource.getRepository(LiveRoom).update({ sessionId, state: 'scheduled' }, { state: 'live', wentLiveAt: new Date() });
    if (!updated.affected) throw new Conflict('The session is already live or has ended.');
    const nowLive = await this.announce(chair);
    for (const listener of this.wentLiveListeners)
      await listener(sessionId).catch((error: Error) => this.logger.warn(`After session ${sessionId} went live: ${error.message}`));
    return nowLive;
  }

  async end(principal: Principal, sessionId: string): Promise<LiveStateView> {
    const chair = await this.moderator(principal, sessionId);
    const { live } = await this.current(chair);
    if (live.state === 'ended') throw new Conflict('This session has already ended.');
    await this.dataSource.getRepository(LiveRoom).update({ sessionId }, { state: 'ended', endedAt: new Date() });
    await this.livekit.close(roomName(sessionId)); // everyone is disconnected
    return this.announce(chair);
  }

  async inviteOnStage(principal: Principal, sessionId: string, identity: string): Promise<LiveRoomView> {
    const chair = await this.moderator(principal, sessionId);
    if (!identity.startsWith('r:')) throw new Conflict('Only attendees are invited on stage; chairs and speakers are on it already.');
    await this.livekit.setPermissions(roomName(sessionId), identity, ON_STAGE_PERMISSION);
    await this.dataSource.query(`UPDATE live_room SET on_stage = array_append(array_remove(on_stage, $2), $2) WHERE session_id = $1`, [sessionId, identity]);
    await this.channel.lowerHandOf(sessionId, identity);
    return this.roomView(chair);
  }

  async takeOffStage(principal: Principal, sessionId: string, identity: string): Promise<LiveRoomView> {
    const chair = await this.moderator(principal, sessionId);
    await this.dataSource.query(`UPDATE live_room SET on_stage = array_remove(on_stage, $2) WHERE session_id = $1`, [sessionId, identity]);
    if (identity.startsWith('r:')) await this.livekit.setPermissions(roomName(sessionId), identity, ATTENDEE_PERMISSION);
    else throw new Conflict('Chairs and speakers stay on stage; mute or remove them instead.');
    return this.roomView(chair);
  }

  async mute(principal: Principal, sessionId: string, identity: string, trackSid: string, muted: boolean): Promise<LiveRoomView> {
    const chair = await this.moderator(principal, sessionId);
    await this.livekit.mute(roomName(sessionId), identity, trackSid, muted);
    return this.roomView(chair);
  }

  async remove(principal: Principal, sessionId: string, identity: string, reason: string | undefined): Promise<LiveRoomView> {
    const chair = await this.moderator(principal, sessionId);
    if (identity === chair.key) throw new Conflict('You cannot remove yourself; leave the room instead.');
    if (identity.startsWith('o:') && chair.role !== 'organiser') throw new Forbidden('Organisers cannot be removed by a chair.');
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(LiveRemoval)
      .values({ sessionId, identity, reason: reason ?? null, removedBy: chair.key })
      .orUpdate(['reason', 'removed_by', 'removed_at'], ['session_id', 'identity'])
      .execute();
    await this.dataSource.query(`UPDATE live_room SET on_stage = array_remove(on_stage, $2) WHERE session_id = $1`, [sessionId, identity]);
    await this.livekit.remove(roomName(sessionId), identity);
    return this.roomView(chair);
  }

  /** For the chair's console: the state and who is in the room, with their tracks. */
  async room(principal: Principal, sessionId: string): Promise<LiveRoomView> {
    return this.roomView(await this.moderator(principal, sessionId));
  }

  // --- webhooks ----------------------------------------------------------------------

  /** A verified LiveKit webhook: attendance and the room's life. Rooms that are not Amphi's are ignored. */
  async onWebhook(event: WebhookEvent): Promise<void> {
    if (event.egressInfo) {
      for (const listener of this.egressListeners) await listener(event.egressInfo);
      return;
    }
    const sessionId = sessionIdOfRoom(event.room?.name ?? '');
    if (!sessionId) return;
    const at = event.createdAt ? new Date(Number(event.createdAt) * 1000) : new Date();
    const exists = await this.dataSource.query(`SELECT 1 FROM session WHERE id = $1`, [sessionId]);
    if (!exists.length) return;
    await this.ensureRoom(sessionId);
    switch (event.event) {
      case 'room_started':
        await this.dataSource.getRepository(LiveRoom).update({ sessionId }, { roomStartedAt: at, roomFinishedAt: null });
        break;
      case 'room_finished':
        await this.dataSource.getRepository(LiveRoom).update({ sessionId }, { roomFinishedAt: at });
        break;
      case 'participant_joined': {
        const p = event.participant;
        if (!p?.sid || !p.identity) return;
        // A removed person coming back with a token minted before their removal (still valid for a
        // few minutes; this LiveKit version ignores revokeTokenTs) is shown the door again at once.
        if (await this.dataSource.getRepository(LiveRemoval).existsBy({ sessionId, identity: p.identity })) {
          await this.livekit.remove(event.room!.name, p.identity);
          return;
        }
        await this.dataSource
          .createQueryBuilder()
          .insert()
          .into(Attendance)
          .values({ sessionId, identity: p.identity, participantSid: p.sid, name: p.name || p.identity, role: roleOf(p.metadata), joinedAt: p.joinedAt ? new Date(Number(p.joinedAt) * 1000) : at })
          .orIgnore() // the same webhook delivered twice counts once
          .execute();
        break;
      }
      case 'participant_left': {
        const p = event.participant;
        if (!p?.sid) return;
        await this.dataSource.getRepository(Attendance).update({ sessionId, participantSid: p.sid, leftAt: IsNull() }, { leftAt: at });
        break;
      }
      default:
        this.logger.debug?.(`LiveKit webhook ${event.event} for session ${sessionId}: nothing to do`);
    }
  }

  /** Attendance of a session, one line per stay, for the organisers (and certificates later). */
  async attendance(sessionId: string): Promise<Attendance[]> {
    return this.dataSource.getRepository(Attendance).find({ where: { sessionId }, order: { joinedAt: 'ASC' } });
  }

  // --- internals -------------------------------------------------------------------------

  private async moderator(principal: Principal, sessionId: string): Promise<SessionParticipant> {
    const who = await this.roles.participant(principal, sessionId);
    if (!who.moderator) throw new Forbidden('Only the chairs of this session and the organisers of the event run its live room.');
    return who;
  }

  private async ensureRoom(sessionId: string): Promise<LiveRoom> {
    const repo = this.dataSource.getRepository(LiveRoom);
    const existing = await repo.findOneBy({ sessionId });
    if (existing) return existing;
    await repo.createQueryBuilder().insert().values({ sessionId }).orIgnore().execute();
    return (await repo.findOneBy({ sessionId }))!;
  }

  private times(who: SessionParticipant): LiveTimes {
    return this.timesOf(new Date(who.session.startsAt), new Date(who.session.endsAt));
  }

  private timesOf(startsAt: Date, endsAt: Date): LiveTimes {
    const { backstageOpenMinutes, doorsOpenMinutes, overrunMinutes } = this.config.live;
    return liveTimes(startsAt, endsAt, { backstageOpen: backstageOpenMinutes, doorsOpen: doorsOpenMinutes, overrun: overrunMinutes });
  }

  private async current(who: SessionParticipant): Promise<{ room: LiveRoom; times: LiveTimes; live: LiveStateView }> {
    const room = await this.ensureRoom(who.sessionId);
    const times = this.times(who);
    return { room, times, live: this.stateView(who.sessionId, who.event.timeZone, times, room) };
  }

  private stateView(sessionId: string, timeZone: string, times: LiveTimes, room: Pick<LiveRoom, 'state' | 'wentLiveAt' | 'endedAt' | 'roomStartedAt' | 'roomFinishedAt'>): LiveStateView {
    const zoned = (d: Date | null) => (d ? toZonedIso(d, timeZone) : null);
    return {
      sessionId,
      state: currentState(room.state, times, new Date()),
      backstageOpensAt: zoned(times.backstageOpensAt)!,
      doorsOpenAt: zoned(times.doorsOpenAt)!,
      startsAt: zoned(times.startsAt)!,
      endsAt: zoned(times.endsAt)!,
      closesAt: zoned(times.closesAt)!,
      wentLiveAt: zoned(room.wentLiveAt),
      endedAt: zoned(room.endedAt),
      roomStartedAt: zoned(room.roomStartedAt),
      roomFinishedAt: zoned(room.roomFinishedAt),
    };
  }

  private async announce(who: SessionParticipant): Promise<LiveStateView> {
    const { live } = await this.current(who);
    await this.channel.announceLive(who.sessionId, live);
    return live;
  }

  private async roomView(who: SessionParticipant): Promise<LiveRoomView> {
    const { live } = await this.current(who);
    const participants = await this.livekit.participants(roomName(who.sessionId));
    return {
      live,
      participants: participants.map(
        (p): LiveParticipantView => ({
          identity: p.identity,
          name: p.name,
          role: roleOf(p.metadata),
          onStage: p.permission?.canPublish === true,
          hidden: p.permission?.hidden === true,
          joinedAt: p.joinedAt ? new Date(Number(p.joinedAt) * 1000).toISOString() : null,
          tracks: p.tracks.map((t) => ({ sid: t.sid, source: (TrackSource[t.source] ?? 'unknown').toLowerCase(), muted: t.muted })),
        }),
      ),
    };
  }
}

function roleOf(metadata: string | undefined): SessionRole | null {
  try {
    return (JSON.parse(metadata ?? '') as { role?: SessionRole }).role ?? null;
  } catch {
    return null;
  }
}

interface AttendeeJoinRow {
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  name: string;
  affiliation: string | null;
  state: LiveRoom['state'] | null;
  on_stage: string[] | null;
  went_live_at: Date | null;
  ended_at: Date | null;
  room_started_at: Date | null;
  room_finished_at: Date | null;
  removed: boolean;
}

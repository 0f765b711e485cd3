import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { TrackSource, type WebhookEvent } from 'livekit-server-sdk';
import { ErrorCode, type LiveJoinView, type LiveParticipantView, type LiveRoomView, type LiveStateView, type SessionRole } from '@amphi/contracts';
import { Attendance, LiveRemoval, LiveRoom } from './live.entities';
import { LiveKitService } from './livekit.service';
import { ON_STAGE_SOURCES, canGoLive, canReopen, currentState, grantFor, liveTimes, reopenableUntil, roomName, sessionIdOfRoom, type LiveTimes } from './live-rules';
import { SessionAccessService } from '../session-access/session-access.service';
import type { SessionActor } from '../session-access/session-access.types';
import { DomainEvents } from '../domain-events/domain-events';
import type { Principal } from '../accounts/access-token.service';
import { Conflict, DomainError, Forbidden } from '../common/domain-errors';
import { toZonedIso } from '../programme/zoned-time';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** The permissions of an attendee, given back when a chair takes them off stage. */
const ATTENDEE_PERMISSION = { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] };
const ON_STAGE_PERMISSION = { canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: ON_STAGE_SOURCES };

type StoredRoom = Pick<LiveRoom, 'state' | 'wentLiveAt' | 'endedAt' | 'roomStartedAt' | 'roomFinishedAt'>;

/**
 * The live rooms: who enters which session's room, with which rights and when; what the chair
 * does in it; what LiveKit's webhooks tell about it. Who may do what is the session-access
 * policy's answer (SessionAccessService); LiveKit itself is behind LiveKitService. What happens
 * here is told to the other features as domain events (went live, ended, reopened, someone
 * removed, a hand taken, egress news), not by calling them.
 */
@Injectable()
export class LiveService {
  private readonly logger = new Logger('Live');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: SessionAccessService,
    private readonly livekit: LiveKitService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- joining -------------------------------------------------------------------

  /**
   * A LiveKit token for the room, with the grant of one's role. The crowd of attendees arrives at
   * once when a session goes live: the policy's single query decides, then the token is signed.
   */
  async join(principal: Principal, sessionId: string): Promise<LiveJoinView> {
    const actor = await this.access.require(principal, sessionId, 'joinRoom');
    const name = roomName(sessionId);
    // An attendee a chair invited on stage keeps speaking after a reconnection (a new token).
    const onStage = actor.role === 'attendee' && actor.can.publish;
    const grant = onStage ? { ...grantFor('attendee', name), ...ON_STAGE_PERMISSION } : grantFor(actor.role, name);
    const { token, expiresAt } = await this.livekit.token({ identity: actor.key, name: actor.name, metadata: { role: actor.role, affiliation: actor.affiliation }, grant });
    return {
      serverUrl: this.livekit.serverUrl,
      participantToken: token,
      expiresAt: expiresAt.toISOString(),
      roomName: name,
      identity: actor.key,
      role: actor.role,
      canPublish: grant.canPublish === true,
      hidden: grant.hidden === true,
      live: this.stateView(actor, actor.room),
    };
  }

  async state(principal: Principal, sessionId: string): Promise<LiveStateView> {
    return this.stateOf(await this.access.resolve(principal, sessionId));
  }

  /** The room's state as an actor resolved by the policy sees it, without another query (the Q&A's join carries it). */
  stateOf(actor: SessionActor): LiveStateView {
    return this.stateView(actor, actor.room);
  }

  // --- the chair's actions ---------------------------------------------------------

  async goLive(principal: Principal, sessionId: string): Promise<LiveStateView> {
    const chair = await this.access.require(principal, sessionId, 'controlRoom');
    const now = new Date();
    const live = this.stateView(chair, chair.room, now);
    const allowed = canGoLive(live.state, this.times(chair), now);
    if (!allowed.allowed) {
      if (live.state === 'ended') throw this.alreadyEnded(live, chair.event.timeZone);
      if (live.state === 'live') throw new Conflict(ErrorCode.LiveAlreadyLive);
      const timeZone = chair.event.timeZone;
      throw new Conflict(ErrorCode.LiveTooEarly, { opensAt: toZonedIso(this.times(chair).doorsOpenAt, timeZone), timeZone });
    }
    // Only one chair's click counts when two press at once.
    const room = await this.write(
      `INSERT INTO live_room (session_id, state, went_live_at) VALUES ($1, 'live', $2)
       ON CONFLICT (session_id) DO UPDATE SET state = 'live', went_live_at = EXCLUDED.went_live_at WHERE live_room.state = 'scheduled'`,
      [sessionId, now],
    );
    if (!room) throw new Conflict(ErrorCode.LiveAlreadyLive);
    const nowLive = this.stateView(chair, room);
    await this.events.publish('session.went-live', { sessionId, live: nowLive });
    return nowLive;
  }

  /** Ends the session for everyone: LiveKit closes the room, and nobody gets a token after it (until a chair reopens it). */
  async end(principal: Principal, sessionId: string): Promise<LiveStateView> {
    const chair = await this.access.require(principal, sessionId, 'controlRoom');
    const now = new Date();
    const live = this.stateView(chair, chair.room, now);
    if (live.state === 'ended') throw this.alreadyEnded(live, chair.event.timeZone);
    const room = await this.write(
      `INSERT INTO live_room (session_id, state, ended_at) VALUES ($1, 'ended', $2)
       ON CONFLICT (session_id) DO UPDATE SET state = 'ended', ended_at = EXCLUDED.ended_at WHERE live_room.state <> 'ended'`,
      [sessionId, now],
    );
    if (!room) throw this.alreadyEnded(live, chair.event.timeZone); // another chair ended it a moment ago
    await this.livekit.close(roomName(sessionId)); // everyone is disconnected
    const ended = this.stateView(chair, room);
    await this.events.publish('session.ended', { sessionId, live: ended });
    return ended;
  }

  /**
   * A chair reopens a session they ended (by mistake, or the discussion goes on) until its
   * closing time: it is live again, its questions open again, people may come back in.
   */
  async reopen(principal: Principal, sessionId: string): Promise<LiveStateView> {
    const chair = await this.access.require(principal, sessionId, 'controlRoom');
    const now = new Date();
    const times = this.times(chair);
    const allowed = canReopen(chair.room.state, chair.room.endedAt, times, now);
    if (!allowed.allowed) {
      if (allowed.why === 'window-passed') {
        const until = toZonedIso(allowed.reopenableUntil, chair.event.timeZone);
        throw new Conflict(ErrorCode.ReopenWindowPassed, { reopenableUntil: until, timeZone: chair.event.timeZone });
      }
      throw new Conflict(ErrorCode.LiveNotEnded);
    }
    const room = await this.write(
      `UPDATE live_room SET state = 'live', ended_at = NULL, went_live_at = coalesce(went_live_at, $2) WHERE session_id = $1 AND state = 'ended'`,
      [sessionId, now],
    );
    if (!room) throw new Conflict(ErrorCode.LiveNotEnded); // another chair reopened it a moment ago
    const reopened = this.stateView(chair, room);
    await this.events.publish('session.reopened', { sessionId, live: reopened });
    return reopened;
  }

  async inviteOnStage(principal: Principal, sessionId: string, identity: string): Promise<LiveRoomView> {
    const chair = await this.access.require(principal, sessionId, 'controlRoom');
    if (!identity.startsWith('r:')) throw new Conflict(ErrorCode.StageAttendeesOnly);
    await this.livekit.setPermissions(roomName(sessionId), identity, ON_STAGE_PERMISSION);
    await this.dataSource.query(`UPDATE live_room SET on_stage = array_append(array_remove(on_stage, $2), $2) WHERE session_id = $1`, [sessionId, identity]);
    await this.events.publish('session.hand-taken', { sessionId, identity });
    return this.roomView(chair);
  }

  async takeOffStage(principal: Principal, sessionId: string, identity: string): Promise<LiveRoomView> {
    const chair = await this.access.require(principal, sessionId, 'controlRoom');
    if (!identity.startsWith('r:')) throw new Conflict(ErrorCode.StagePresentersStay);
    await this.dataSource.query(`UPDATE live_room SET on_stage = array_remove(on_stage, $2) WHERE session_id = $1`, [sessionId, identity]);
    await this.livekit.setPermissions(roomName(sessionId), identity, ATTENDEE_PERMISSION);
    return this.roomView(chair);
  }

  async mute(principal: Principal, sessionId: string, identity: string, trackSid: string, muted: boolean): Promise<LiveRoomView> {
    const chair = await this.access.require(principal, sessionId, 'controlRoom');
    await this.livekit.mute(roomName(sessionId), identity, trackSid, muted);
    return this.roomView(chair);
  }

  /** Removes someone from the session for good: the room, its questions and hands (the policy refuses them everything from now on). */
  async remove(principal: Principal, sessionId: string, identity: string, reason: string | undefined): Promise<LiveRoomView> {
    const chair = await this.access.require(principal, sessionId, 'controlRoom');
    if (identity === chair.key) throw new Conflict(ErrorCode.CannotRemoveSelf);
    // Organisers (hidden observers, or chairing the session themselves) may; a chair who is not an organiser may not.
    if (identity.startsWith('o:') && !chair.organiserId)
      throw new Forbidden(ErrorCode.CannotRemoveOrganiser);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(LiveRemoval)
      .values({ sessionId, identity, reason: reason ?? null, removedBy: chair.key })
      .orUpdate(['reason', 'removed_by', 'removed_at'], ['session_id', 'identity'])
      .execute();
    await this.dataSource.query(`UPDATE live_room SET on_stage = array_remove(on_stage, $2) WHERE session_id = $1`, [sessionId, identity]);
    await this.livekit.remove(roomName(sessionId), identity);
    await this.events.publish('session.participant-removed', { sessionId, identity, reason: reason ?? null });
    return this.roomView(chair);
  }

  /** For the chair's console: the state and who is in the room, with their tracks. */
  async room(principal: Principal, sessionId: string): Promise<LiveRoomView> {
    return this.roomView(await this.access.require(principal, sessionId, 'controlRoom'));
  }

  // --- webhooks ----------------------------------------------------------------------

  /** A verified LiveKit webhook: attendance and the room's life. Rooms that are not Amphi's are ignored. */
  async onWebhook(event: WebhookEvent): Promise<void> {
    if (event.egressInfo) {
      await this.events.publish('recording.egress-updated', { egressInfo: event.egressInfo });
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

  private async ensureRoom(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(LiveRoom).createQueryBuilder().insert().values({ sessionId }).orIgnore().execute();
  }

  /** Runs one write on the room's row and answers the row as it is after it, or null when the write's condition did not hold. */
  private async write(sql: string, params: unknown[]): Promise<StoredRoom | null> {
    const rows: Array<{ state: LiveRoom['state']; went_live_at: Date | null; ended_at: Date | null; room_started_at: Date | null; room_finished_at: Date | null }> =
      await this.dataSource.query(`WITH changed AS (${sql} RETURNING state, went_live_at, ended_at, room_started_at, room_finished_at) SELECT * FROM changed`, params);
    const row = rows[0];
    return row ? { state: row.state, wentLiveAt: row.went_live_at, endedAt: row.ended_at, roomStartedAt: row.room_started_at, roomFinishedAt: row.room_finished_at } : null;
  }

  private times(actor: SessionActor): LiveTimes {
    const { backstageOpenMinutes, doorsOpenMinutes, overrunMinutes } = this.config.live;
    return liveTimes(actor.session.startsAt, actor.session.endsAt, { backstageOpen: backstageOpenMinutes, doorsOpen: doorsOpenMinutes, overrun: overrunMinutes });
  }

  /** The state people see (the stored state read against the clock), its times in the event's zone, and until when a chair may reopen it. */
  private stateView(actor: SessionActor, room: StoredRoom, now = new Date()): LiveStateView {
    const times = this.times(actor);
    const zoned = (d: Date | null) => (d ? toZonedIso(d, actor.event.timeZone) : null);
    return {
      sessionId: actor.sessionId,
      state: currentState(room.state, times, now),
      backstageOpensAt: zoned(times.backstageOpensAt)!,
      doorsOpenAt: zoned(times.doorsOpenAt)!,
      startsAt: zoned(times.startsAt)!,
      endsAt: zoned(times.endsAt)!,
      closesAt: zoned(times.closesAt)!,
      wentLiveAt: zoned(room.wentLiveAt),
      endedAt: zoned(room.endedAt),
      roomStartedAt: zoned(room.roomStartedAt),
      roomFinishedAt: zoned(room.roomFinishedAt),
      reopenableUntil: zoned(reopenableUntil(room.state, room.endedAt, times, now)),
    };
  }

  private alreadyEnded(live: LiveStateView, timeZone: string): DomainError {
    return new Conflict(ErrorCode.LiveEnded, { state: 'ended', endedAt: live.endedAt, reopenableUntil: live.reopenableUntil, timeZone });
  }

  private async roomView(actor: SessionActor): Promise<LiveRoomView> {
    const participants = await this.livekit.participants(roomName(actor.sessionId));
    return {
      live: this.stateView(actor, actor.room),
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

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Namespace } from 'socket.io';
import type { ErrorCode, QaClientEvents, QaServerEvent, QaServerEvents } from '@amphi/contracts';
import { DomainError } from '../common/domain-errors';
import { socketLanguage } from '../common/language';
import { APP_CONFIG, type AppConfig } from '../config/config';

export type ChannelNamespace = Namespace<QaClientEvents, QaServerEvents, Record<string, never>, unknown>;

/** The socket.io rooms of a session's channel, and of a person across sessions. */
export const channelRooms = {
  /** Everyone following the session. */
  all: (sessionId: string) => `qa:${sessionId}`,
  /** Its chairs and the event's organisers. */
  moderators: (sessionId: string) => `qa:${sessionId}:mod`,
  /** One person in one session (all their tabs). */
  member: (sessionId: string, key: string) => `qa:${sessionId}:u:${key}`,
  /** One person everywhere (r:<registration>, p:<person>, o:<organiser>): to close their access. */
  person: (key: string) => `who:${key}`,
};
const SESSION_ROOM = /^qa:([0-9a-f-]{36})$/;
/** The server-side message asking every process to close a room's connections. */
const CLOSE_ROOM = 'amphi:close-room';

/** Why connections are closed, as data (it travels to the other processes, each writing it in its sockets' languages). */
export interface ClosingReason {
  statusCode: number;
  code: ErrorCode;
  details?: unknown;
}

/** One delivery of a change: to these rooms, except those. */
export interface Delivery {
  to: string | string[];
  except?: string | string[];
  event: QaServerEvent;
}

/**
 * A session's realtime channel: the socket.io rooms of its followers, shared between processes
 * by the adapter. Any feature may publish to it; the Q&A gateway only attaches the namespace.
 *
 * The rule it keeps: every follower of a session receives every seq. A change goes to the
 * audiences that may see it, and everybody else in the session receives a `skip` with the same
 * seq, so that a client can tell a lost event from one that was not for it (the reconnect
 * protocol in libs/contracts/src/qa.ts).
 */
@Injectable()
export class SessionChannel implements OnModuleDestroy {
  private readonly logger = new Logger('SessionChannel');
  private namespace: ChannelNamespace | null = null;
  private headTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  attach(namespace: ChannelNamespace): void {
    this.namespace = namespace;
    // A closing decided on another process: done here for this process's connections.
    (namespace as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(CLOSE_ROOM, (room, sessionId, error) =>
      this.closeHere(room as string, sessionId as string | null, error as ClosingReason),
    );
    this.headTimer = setInterval(() => void this.announceHeads(), this.config.qa.headIntervalMs);
    this.headTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.headTimer) clearInterval(this.headTimer);
  }

  /** Sends each delivery, then a `skip` with the same seq to the session's followers none of them reached. */
  publish(sessionId: string, seq: number, deliveries: Delivery[]): void {
    const ns = this.namespace;
    if (!ns) return;
    const reached = new Set<string>();
    for (const { to, except, event } of deliveries) {
      const targets = Array.isArray(to) ? to : [to];
      targets.forEach((room) => reached.add(room));
      let operator = ns.to(targets);
      if (except && except.length) operator = operator.except(except);
      operator.emit('qa:event', event);
    }
    const all = channelRooms.all(sessionId);
    if (reached.has(all)) return;
    const skip: QaServerEvent = { type: 'skip', sessionId, seq };
    ns.to(all).except([...reached]).emit('qa:event', skip);
  }

  /** The same event for everyone following the session. */
  publishToAll(event: QaServerEvent): void {
    this.publish(event.sessionId, event.seq, [{ to: channelRooms.all(event.sessionId), event }]);
  }

  /**
   * Ends the connections in a room (a person removed from a session, a cancelled registration):
   * they are told why first, then closed, on whichever process holds them.
   */
  close(room: string, sessionId: string | null, error: ClosingReason): void {
    const ns = this.namespace;
    if (!ns) return;
    this.closeHere(room, sessionId, error);
    // One message to the other processes, each doing both steps locally: through the adapter, an
    // emit and a disconnect would travel separately, and the disconnect could overtake the reason.
    if (this.config.realtime.adapter !== 'memory') (ns as unknown as { serverSideEmit(event: string, ...args: unknown[]): void }).serverSideEmit(CLOSE_ROOM, room, sessionId, error);
  }

  /** The reason first, then the close (engine.io flushes what was written before it closes). */
  private closeHere(room: string, sessionId: string | null, reason: ClosingReason): void {
    const ns = this.namespace!;
    // Each connection reads the reason in its own language (its handshake's).
    const error = new DomainError(reason.statusCode, reason.code, reason.details as never);
    for (const id of ns.adapter.rooms.get(room) ?? []) ns.sockets.get(id)?.emit('qa:closed', { sessionId, error: error.toBody(socketLanguage(ns.sockets.get(id)!.handshake)) });
    ns.local.in(room).disconnectSockets(true);
  }

  /**
   * Tells this process's followers of each session the session's head seq. A client behind it
   * with nothing on the way rejoins: that is how a change whose broadcast died with another
   * process still reaches everyone, even when no later change follows. One query per tick.
   */
  private async announceHeads(): Promise<void> {
    const ns = this.namespace;
    if (!ns) return;
    const sessionIds: string[] = [];
    for (const room of ns.adapter.rooms.keys()) {
      const match = SESSION_ROOM.exec(room);
      if (match) sessionIds.push(match[1]);
    }
    if (sessionIds.length === 0) return;
    try {
      const rows: Array<{ session_id: string; last_seq: string }> = await this.dataSource.query(`SELECT session_id, last_seq FROM qa_session WHERE session_id = ANY($1::uuid[])`, [sessionIds]);
      for (const row of rows) ns.local.to(channelRooms.all(row.session_id)).emit('qa:head', { sessionId: row.session_id, seq: Number(row.last_seq) });
    } catch (error) {
      this.logger.warn(`Head seqs not announced: ${(error as Error).message}`);
    }
  }

  /**
   * Graceful stop: each client of this process is asked to reconnect after its own random delay
   * within `spreadMs`, so that they do not all arrive at the next process at once. Resolves when
   * they have all gone, or `spreadMs` + 2 s later (the rest are then disconnected).
   */
  async drain(spreadMs: number): Promise<void> {
    const ns = this.namespace;
    if (!ns) return;
    if (this.headTimer) clearInterval(this.headTimer);
    for (const socket of ns.sockets.values()) socket.emit('qa:reconnect', { inMs: Math.round(Math.random() * spreadMs) });
    const deadline = Date.now() + spreadMs + 2000;
    while (ns.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ns.local.disconnectSockets(true);
  }

  /** Connections this process holds (for the graceful stop and the health report). */
  get connections(): number {
    return this.namespace?.sockets.size ?? 0;
  }
}

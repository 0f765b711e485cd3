import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import {
  ErrorCode,
  QA_NAMESPACE,
  askQuestionSchema,
  handSchema,
  joinSessionSchema,
  moderateSchema,
  qaSettingsSchema,
  voteSchema,
  type Ack,
  type ErrorBody,
  type QaClientEvents,
  type QaServerEvent,
  type QaServerEvents,
  type LiveStateView,
  type RaisedHandView,
} from '@amphi/contracts';
import { Inject } from '@nestjs/common';
import { AccessTokenService, type Principal } from '../accounts/access-token.service';
import { PersonalLinksService } from '../access/personal-links.service';
import { QaService, type QaMember, type QuestionChange } from './qa.service';
import { DomainError, Forbidden, Unauthenticated, ValidationFailed } from '../common/domain-errors';
import { issuesToFields } from '../common/validation';
import { APP_CONFIG, type AppConfig } from '../config/config';

interface SocketData {
  principal: Principal;
  members: Map<string, QaMember>;
  /** Token bucket for the events-per-second limit. */
  tokens: number;
  refilledAt: number;
  /** When the personal link behind this connection was last found still valid. */
  accessCheckedAt: number;
}
type QaSocket = Socket<QaClientEvents, QaServerEvents, Record<string, never>, SocketData>;

const rooms = {
  all: (sessionId: string) => `qa:${sessionId}`,
  moderators: (sessionId: string) => `qa:${sessionId}:mod`,
  member: (sessionId: string, key: string) => `qa:${sessionId}:u:${key}`,
};

/**
 * The Q&A over socket.io. It parses, authorises and delegates to QaService, then tells each
 * audience what it may see: persist, acknowledge, broadcast, every event with the session's seq.
 * Refusals come back in the ack as { ok: false, error }; a refused handshake never connects.
 */
@WebSocketGateway({ namespace: QA_NAMESPACE, cors: { origin: true } })
export class QaGateway implements OnGatewayInit, OnModuleDestroy {
  @WebSocketServer() private readonly server: Namespace<QaClientEvents, QaServerEvents, Record<string, never>, SocketData>;
  private readonly logger = new Logger('QaGateway');
  /** Questions whose vote counts changed, per session, published together every QA_VOTE_FLUSH_MS. */
  private readonly pendingVotes = new Map<string, Set<string>>();
  private readonly voteTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly qa: QaService,
    private readonly tokens: AccessTokenService,
    private readonly links: PersonalLinksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(namespace: Namespace<QaClientEvents, QaServerEvents, Record<string, never>, SocketData>): void {
    // Refuse before the connection exists: origin, then the access token from the handshake's auth.
    namespace.use(async (socket, next) => {
      try {
        const origin = socket.handshake.headers.origin;
        if (origin && !this.config.realtime.allowedOrigins.includes(origin)) throw new Forbidden(`This origin may not open the Q&A: ${origin}`);
        const token = (socket.handshake.auth as { token?: unknown })?.token;
        if (typeof token !== 'string' || !token) throw new Unauthenticated('Send your access token in the handshake: io(url, { auth: { token } }).');
        const principal = this.tokens.verify(token);
        if (principal.kind === 'participant') await this.links.requireActive(principal.linkId);
        Object.assign(socket.data, { principal, members: new Map(), tokens: this.config.qa.eventsPerSecond, refilledAt: Date.now(), accessCheckedAt: Date.now() } satisfies SocketData);
        next();
      } catch (error) {
        const body = this.errorBody(error);
        next(Object.assign(new Error(body.message), { data: body }));
      }
    });
    namespace.on('connection', (socket) => this.connected(socket));
  }

  onModuleDestroy(): void {
    for (const timer of this.voteTimers.values()) clearTimeout(timer);
  }

  private connected(socket: QaSocket): void {
    // Every client event: rate limit, parse, run; the answer always goes back in the ack.
    const on = <T>(event: keyof QaClientEvents, schema: ZodType<T>, run: (input: T) => Promise<unknown>) =>
      socket.on(event, (async (raw: unknown, ack?: (r: Ack<unknown>) => void) => {
        const reply = typeof ack === 'function' ? ack : () => undefined;
        try {
          this.spend(socket);
          await this.recheckAccess(socket);
          const parsed = schema.safeParse(raw);
          if (!parsed.success) throw new ValidationFailed(issuesToFields(parsed.error.issues, raw));
          reply({ ok: true, data: await run(parsed.data) });
        } catch (error) {
          reply({ ok: false, error: this.errorBody(error) });
          // A link revoked (cancelled, erased, replaced) ends the connection, after saying why.
          if (error instanceof Unauthenticated) setImmediate(() => socket.disconnect(true));
        }
      }) as never);

    on('session:join', joinSessionSchema, async ({ sessionId, lastSeq }) => {
      const member = await this.qa.member(socket.data.principal, sessionId);
      socket.data.members.set(sessionId, member);
      // Join the rooms before reading: an event in between arrives twice at worst, never not at all.
      await socket.join([rooms.all(sessionId), rooms.member(sessionId, member.key), ...(member.moderator ? [rooms.moderators(sessionId)] : [])]);
      const snapshot = await this.qa.snapshot(member);
      if (lastSeq !== undefined) {
        const missed = await this.qa.changesSince(member, lastSeq);
        socket.emit('qa:event', { type: 'sync', sessionId, ...missed });
      }
      return snapshot;
    });

    on('session:leave', handSchema, async ({ sessionId }) => {
      const member = socket.data.members.get(sessionId);
      if (member) {
        socket.data.members.delete(sessionId);
        await socket.leave(rooms.all(sessionId));
        await socket.leave(rooms.moderators(sessionId));
        await socket.leave(rooms.member(sessionId, member.key));
      }
      return null;
    });

    on('question:ask', askQuestionSchema, async (input) => {
      const member = this.joined(socket, input.sessionId);
      const { change, created } = await this.qa.ask(member, input);
      if (created) this.broadcastQuestion(change);
      return { question: { ...change.question, mine: true, authorName: change.askerName }, seq: change.seq };
    });

    on('question:vote', voteSchema, async ({ sessionId, questionId }) => this.vote(socket, sessionId, questionId, true));
    on('question:unvote', voteSchema, async ({ sessionId, questionId }) => this.vote(socket, sessionId, questionId, false));

    on('question:moderate', moderateSchema, async (input) => {
      const member = this.joined(socket, input.sessionId);
      const { change, highlight } = await this.qa.moderate(member, input);
      this.broadcastQuestion(change);
      if (highlight) this.emit(rooms.all(input.sessionId), { type: 'highlight', sessionId: input.sessionId, ...highlight });
      return { question: change.question, seq: change.seq };
    });

    on('hand:raise', handSchema, async ({ sessionId }) => this.hand(socket, sessionId, true));
    on('hand:lower', handSchema, async ({ sessionId }) => this.hand(socket, sessionId, false));

    on('qa:settings', qaSettingsSchema, async (input) => {
      const member = this.joined(socket, input.sessionId);
      const { seq, settings } = await this.qa.updateSettings(member, input);
      this.emit(rooms.all(input.sessionId), { type: 'settings', sessionId: input.sessionId, seq, settings });
      return settings;
    });
  }

  private joined(socket: QaSocket, sessionId: string): QaMember {
    const member = socket.data.members.get(sessionId);
    if (!member) throw new Forbidden('Join the session first (session:join).');
    return member;
  }

  private async vote(socket: QaSocket, sessionId: string, questionId: string, up: boolean) {
    const result = await this.qa.vote(this.joined(socket, sessionId), questionId, up);
    this.queueVotes(sessionId, questionId);
    return result;
  }

  private async hand(socket: QaSocket, sessionId: string, raise: boolean) {
    const member = this.joined(socket, sessionId);
    const { seq, hands } = await this.qa.hand(member, raise);
    this.announceHands(sessionId, member.key, seq, hands);
    return { seq };
  }

  /** Moderators see the whole queue; the person whose hand moved sees their own. */
  private announceHands(sessionId: string, participantKey: string, seq: number, hands: RaisedHandView[]): void {
    this.emit(rooms.moderators(sessionId), { type: 'hands', sessionId, seq, hands });
    this.server
      .to(rooms.member(sessionId, participantKey))
      .except(rooms.moderators(sessionId))
      .emit('qa:event', { type: 'hands', sessionId, seq, hands: hands.filter((h) => h.participantKey === participantKey) } satisfies QaServerEvent);
  }

  // --- for other features: the session's channel --------------------------------

  /** The live room changed state: everyone following the session is told, with the next seq. */
  async announceLive(sessionId: string, live: LiveStateView): Promise<void> {
    this.emit(rooms.all(sessionId), { type: 'live', sessionId, seq: await this.qa.takeSeq(sessionId), live });
  }

  /** Someone was invited on stage: their hand leaves the queue. */
  async lowerHandOf(sessionId: string, participantKey: string): Promise<void> {
    const { seq, hands } = await this.qa.lowerHandOf(sessionId, participantKey);
    this.announceHands(sessionId, participantKey, seq, hands);
  }

  /** Each audience gets what it may see: everyone the shared view, the asker their own, moderators the rest. */
  private broadcastQuestion(change: QuestionChange): void {
    const { question, askerKey } = change;
    const sessionId = question.sessionId;
    const asker = rooms.member(sessionId, askerKey);
    const event = (q = question): QaServerEvent => ({ type: 'question', sessionId, seq: change.seq, question: q });
    const moderators = rooms.moderators(sessionId);
    const forModerators = change.forModerators ?? question;
    if (change.public) {
      this.server.to(rooms.all(sessionId)).except([asker, moderators]).emit('qa:event', event());
      this.server.to(moderators).except(asker).emit('qa:event', event(forModerators));
    } else if (!change.wasPublic) this.server.to(moderators).except(asker).emit('qa:event', event(forModerators));
    else {
      this.server.to(moderators).except(asker).emit('qa:event', event(forModerators));
      this.server
        .to(rooms.all(sessionId))
        .except([rooms.moderators(sessionId), asker])
        .emit('qa:event', { type: 'question_removed', sessionId, seq: change.seq, questionId: question.id } satisfies QaServerEvent);
    }
    // The asker always sees the state of their own question, with their name even when anonymous to others.
    this.server.to(asker).emit('qa:event', event({ ...question, mine: true, authorName: change.askerName }));
  }

  private queueVotes(sessionId: string, questionId: string): void {
    let pending = this.pendingVotes.get(sessionId);
    if (!pending) this.pendingVotes.set(sessionId, (pending = new Set()));
    pending.add(questionId);
    if (this.voteTimers.has(sessionId)) return;
    this.voteTimers.set(
      sessionId,
      setTimeout(() => {
        this.voteTimers.delete(sessionId);
        const ids = [...(this.pendingVotes.get(sessionId) ?? [])];
        this.pendingVotes.delete(sessionId);
        if (ids.length === 0) return;
        this.qa
          .publishVotes(sessionId, ids)
          .then(({ seq, counts }) => this.emit(rooms.all(sessionId), { type: 'votes', sessionId, seq, counts }))
          .catch((error) => this.logger.warn(`Vote counts of session ${sessionId} not published: ${(error as Error).message}`));
      }, this.config.qa.voteFlushMs),
    );
  }

  private emit(room: string, event: QaServerEvent): void {
    this.server.to(room).emit('qa:event', event);
  }

  /** A connection outlives the check made at its handshake: look at the personal link again from time to time. */
  private async recheckAccess(socket: QaSocket): Promise<void> {
    const { principal } = socket.data;
    if (principal.kind !== 'participant' || Date.now() - socket.data.accessCheckedAt < this.config.qa.accessRecheckMs) return;
    await this.links.requireActive(principal.linkId);
    socket.data.accessCheckedAt = Date.now();
  }

  /** The events-per-second limit of one connection (a token bucket). */
  private spend(socket: QaSocket): void {
    const rate = this.config.qa.eventsPerSecond;
    const now = Date.now();
    socket.data.tokens = Math.min(rate, socket.data.tokens + ((now - socket.data.refilledAt) / 1000) * rate);
    socket.data.refilledAt = now;
    if (socket.data.tokens < 1)
      throw new DomainError(429, ErrorCode.RateLimited, `Too many messages: at most ${rate} a second on one connection.`, undefined, { retryAfterSeconds: 1 });
    socket.data.tokens -= 1;
  }

  private errorBody(error: unknown): ErrorBody {
    if (error instanceof DomainError) return error.toBody();
    this.logger.error(error instanceof Error ? error.stack : String(error));
    return { statusCode: 500, code: ErrorCode.Internal, message: 'Something went wrong on our side; it has been logged.' };
  }
}

import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
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
  questionsPageSchema,
  voteSchema,
  type Ack,
  type ErrorBody,
  type QaClientEvents,
  type QaServerEvent,
  type QaServerEvents,
  type RaisedHandView,
} from '@amphi/contracts';
import { AccessTokenService, type Principal } from '../accounts/access-token.service';
import { PersonalLinksService } from '../access/personal-links.service';
import { OrganiserSessionsService } from '../accounts/organiser-sessions.service';
import { QaService, type QuestionChange } from './qa.service';
import { DomainError, Forbidden, Unauthenticated, ValidationFailed } from '../common/domain-errors';
import { issuesToFields } from '../common/validation';
import { socketLanguage } from '../common/language';
import { classifyFailure } from '../common/http-error.filter';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SessionChannel, channelRooms as rooms, type ChannelNamespace } from '../realtime/session-channel';
import { AdmissionQueue } from '../realtime/admission-queue';
import { principalKey } from '../session-access/session-access.service';

interface SocketData {
  principal: Principal;
  /** The sessions this connection joined, with the rooms it joined for each. */
  sessions: Map<string, { key: string }>;
  /** Token bucket for the events-per-second limit. */
  tokens: number;
  refilledAt: number;
}
type QaSocket = Socket<QaClientEvents, QaServerEvents, Record<string, never>, SocketData>;


/**
 * The Q&A over socket.io: it parses, delegates to QaService (which asks the session-access policy
 * at every action), then tells each audience what it may see through the session's channel:
 * persist, acknowledge, broadcast, every event with the session's seq. Refusals come back in the
 * ack as { ok: false, error }; a refused handshake never connects.
 */
@WebSocketGateway({ namespace: QA_NAMESPACE, cors: { origin: true } })
export class QaGateway implements OnGatewayInit, OnModuleDestroy {
  @WebSocketServer() private readonly server: Namespace<QaClientEvents, QaServerEvents, Record<string, never>, SocketData>;
  private readonly logger = new Logger('QaGateway');
  /** Questions whose vote counts changed, per session, published together every QA_VOTE_FLUSH_MS. */
  private readonly pendingVotes = new Map<string, Set<string>>();
  private readonly voteTimers = new Map<string, NodeJS.Timeout>();
  /** Joins are admitted at a bounded rate: a crowd rejoining after a restart queues. */
  private readonly joins: AdmissionQueue;
  private inFlight = 0;
  private draining = false;

  constructor(
    private readonly qa: QaService,
    private readonly tokens: AccessTokenService,
    private readonly links: PersonalLinksService,
    private readonly organiserSessions: OrganiserSessionsService,
    private readonly channel: SessionChannel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.joins = new AdmissionQueue(config.qa.joinConcurrency, config.qa.joinQueue);
  }

  afterInit(namespace: Namespace<QaClientEvents, QaServerEvents, Record<string, never>, SocketData>): void {
    this.channel.attach(namespace as unknown as ChannelNamespace);
    // Refuse before the connection exists: a stopping process, the origin, then the access token from the handshake's auth.
    namespace.use(async (socket, next) => {
      try {
        if (this.draining) throw new DomainError(503, ErrorCode.Draining);
        const origin = socket.handshake.headers.origin;
        if (origin && !this.config.realtime.allowedOrigins.includes(origin)) throw new Forbidden(ErrorCode.OriginNotAllowed, { origin: origin.slice(0, 200) });
        const token = (socket.handshake.auth as { token?: unknown })?.token;
        // Without a token, an organiser's sign-in cookie (the Origin was checked just above, which is the CSRF proof of a handshake).
        const principal =
          typeof token === 'string' && token
            ? await this.organiserSessions.requireSignedIn(this.tokens.verify(token))
            : await this.organiserSessions.fromCookieHeader(socket.handshake.headers.cookie);
        if (!principal) throw new Unauthenticated(ErrorCode.TokenMissing);
        if (principal.kind === 'participant') await this.links.requireActive(principal.linkId);
        Object.assign(socket.data, { principal, sessions: new Map(), tokens: this.config.qa.eventsPerSecond, refilledAt: Date.now() } satisfies SocketData);
        next();
      } catch (error) {
        const body = this.errorBody(error, socket);
        next(Object.assign(new Error(body.message), { data: body }));
      }
    });
    namespace.on('connection', (socket) => this.connected(socket));
  }

  onModuleDestroy(): void {
    for (const timer of this.voteTimers.values()) clearTimeout(timer);
  }

  /**
   * Graceful stop: no new connections; every client is asked to reconnect (elsewhere) after its
   * own random delay within spreadMs; the events being handled finish. Bounded in time.
   */
  async drain(spreadMs: number): Promise<void> {
    this.draining = true;
    await this.channel.drain(spreadMs);
    const deadline = Date.now() + Math.max(spreadMs, 2000);
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Vote counts not yet broadcast: publish them now (they are already counted in the database).
    await Promise.all([...this.voteTimers.keys()].map((sessionId) => this.flushVotes(sessionId)));
  }

  private connected(socket: QaSocket): void {
    // The person's own room across sessions: where "your access ended" reaches them.
    void socket.join(rooms.person(principalKey(socket.data.principal)));
    // Every client event: rate limit, parse, run; the answer always goes back in the ack.
    const on = <T>(event: keyof QaClientEvents, schema: ZodType<T>, run: (input: T) => Promise<unknown>) =>
      socket.on(event, (async (raw: unknown, ack?: (r: Ack<unknown>) => void) => {
        const reply = typeof ack === 'function' ? ack : () => undefined;
        this.inFlight++;
        try {
          this.spend(socket);
          const parsed = schema.safeParse(raw);
          if (!parsed.success) throw new ValidationFailed(issuesToFields(parsed.error.issues, raw));
          reply({ ok: true, data: await run(parsed.data) });
        } catch (error) {
          const body = this.errorBody(error, socket);
          reply({ ok: false, error: body });
          // Access that ended (a revoked link) ends the connection, after saying why.
          if (error instanceof Unauthenticated) {
            socket.emit('qa:closed', { sessionId: null, error: body });
            setImmediate(() => socket.disconnect(true));
          }
        } finally {
          this.inFlight--;
        }
      }) as never);

    on('session:join', joinSessionSchema, async ({ sessionId, lastSeq }) => {
      const joined = await this.joins.run(
        () =>
          this.qa.join(socket.data.principal, sessionId, lastSeq, async (actor) => {
            // The rooms before the read: an event in between arrives twice at worst (the client
            // drops what its answer's seq already covers), never not at all.
            await socket.join([rooms.all(sessionId), rooms.member(sessionId, actor.key), ...(actor.moderator ? [rooms.moderators(sessionId)] : [])]);
            socket.data.sessions.set(sessionId, { key: actor.key });
          }),
        () => socket.connected,
      );
      return joined?.answer ?? null; // null: the client left while it waited its turn
    });

    on('questions:page', questionsPageSchema, ({ sessionId, cursor }) => this.qa.page(socket.data.principal, sessionId, cursor));

    on('session:leave', handSchema, async ({ sessionId }) => {
      const joined = socket.data.sessions.get(sessionId);
      if (joined) {
        socket.data.sessions.delete(sessionId);
        await socket.leave(rooms.all(sessionId));
        await socket.leave(rooms.moderators(sessionId));
        await socket.leave(rooms.member(sessionId, joined.key));
      }
      return null;
    });

    on('question:ask', askQuestionSchema, async (input) => {
      this.joined(socket, input.sessionId);
      const { change, created } = await this.qa.ask(socket.data.principal, input);
      if (created) this.broadcastQuestion(change);
      return { question: { ...change.question, mine: true, authorName: change.askerName }, seq: change.seq };
    });

    on('question:vote', voteSchema, async ({ sessionId, questionId }) => this.vote(socket, sessionId, questionId, true));
    on('question:unvote', voteSchema, async ({ sessionId, questionId }) => this.vote(socket, sessionId, questionId, false));

    on('question:moderate', moderateSchema, async (input) => {
      this.joined(socket, input.sessionId);
      const { change } = await this.qa.moderate(socket.data.principal, input);
      // A highlight moves with the question's own event (its `highlighted` flag), at the same seq.
      this.broadcastQuestion(change);
      return { question: change.question, seq: change.seq };
    });

    on('hand:raise', handSchema, async ({ sessionId }) => this.hand(socket, sessionId, true));
    on('hand:lower', handSchema, async ({ sessionId }) => this.hand(socket, sessionId, false));

    on('qa:settings', qaSettingsSchema, async (input) => {
      this.joined(socket, input.sessionId);
      const { seq, settings } = await this.qa.updateSettings(socket.data.principal, input);
      this.channel.publishToAll({ type: 'settings', sessionId: input.sessionId, seq, settings });
      return settings;
    });
  }

  private joined(socket: QaSocket, sessionId: string): void {
    if (!socket.data.sessions.has(sessionId)) throw new Forbidden(ErrorCode.QaJoinFirst);
  }

  private async vote(socket: QaSocket, sessionId: string, questionId: string, up: boolean) {
    this.joined(socket, sessionId);
    const result = await this.qa.vote(socket.data.principal, sessionId, questionId, up);
    this.queueVotes(sessionId, questionId);
    return result;
  }

  private async hand(socket: QaSocket, sessionId: string, raise: boolean) {
    this.joined(socket, sessionId);
    const { actor, seq, hands } = await this.qa.hand(socket.data.principal, sessionId, raise);
    this.announceHands(sessionId, actor.key, seq, hands);
    return { seq };
  }

  /** Moderators see the whole queue; the person whose hand moved sees their own; the others only the seq. */
  announceHands(sessionId: string, participantKey: string, seq: number, hands: RaisedHandView[]): void {
    const moderators = rooms.moderators(sessionId);
    const own = rooms.member(sessionId, participantKey);
    this.channel.publish(sessionId, seq, [
      { to: moderators, event: { type: 'hands', sessionId, seq, hands } },
      { to: own, except: moderators, event: { type: 'hands', sessionId, seq, hands: hands.filter((h) => h.participantKey === participantKey) } },
    ]);
  }

  /** Each audience gets what it may see: everyone the shared view, the asker their own, moderators the rest. */
  private broadcastQuestion(change: QuestionChange): void {
    const { question, askerKey, seq } = change;
    const sessionId = question.sessionId;
    const asker = rooms.member(sessionId, askerKey);
    const moderators = rooms.moderators(sessionId);
    const all = rooms.all(sessionId);
    const event = (q = question): QaServerEvent => ({ type: 'question', sessionId, seq, question: q });
    const deliveries = [
      { to: moderators, except: asker, event: event(change.forModerators ?? question) },
      // The asker always sees the state of their own question, with their name even when anonymous to others.
      { to: asker, event: event({ ...question, mine: true, authorName: change.askerName }) },
    ];
    if (change.public) deliveries.push({ to: all, except: [asker, moderators], event: event() } as never);
    else if (change.wasPublic) deliveries.push({ to: all, except: [asker, moderators], event: { type: 'question_removed', sessionId, seq, questionId: question.id } } as never);
    // Otherwise (pending, or dismissed before anyone saw it) the others receive a skip for this seq.
    this.channel.publish(sessionId, seq, deliveries);
  }

  private queueVotes(sessionId: string, questionId: string): void {
    let pending = this.pendingVotes.get(sessionId);
    if (!pending) this.pendingVotes.set(sessionId, (pending = new Set()));
    pending.add(questionId);
    if (this.voteTimers.has(sessionId)) return;
    this.voteTimers.set(
      sessionId,
      setTimeout(() => void this.flushVotes(sessionId), this.config.qa.voteFlushMs),
    );
  }

  private async flushVotes(sessionId: string): Promise<void> {
    clearTimeout(this.voteTimers.get(sessionId));
    this.voteTimers.delete(sessionId);
    const ids = [...(this.pendingVotes.get(sessionId) ?? [])];
    this.pendingVotes.delete(sessionId);
    if (ids.length === 0) return;
    try {
      const { seq, counts } = await this.qa.publishVotes(sessionId, ids);
      this.channel.publishToAll({ type: 'votes', sessionId, seq, counts });
    } catch (error) {
      this.logger.warn(`Vote counts of session ${sessionId} not published: ${(error as Error).message}`);
    }
  }

  /** The events-per-second limit of one connection (a token bucket). */
  private spend(socket: QaSocket): void {
    const rate = this.config.qa.eventsPerSecond;
    const now = Date.now();
    socket.data.tokens = Math.min(rate, socket.data.tokens + ((now - socket.data.refilledAt) / 1000) * rate);
    socket.data.refilledAt = now;
    if (socket.data.tokens < 1)
      throw new DomainError(429, ErrorCode.RateLimited, { retryAfterSeconds: 1, limit: rate, per: 'second' });
    socket.data.tokens -= 1;
  }

  /** The ack's error, in the socket's language; the same codes as HTTP (a database down is a 503, a fault of ours a 500 with its id). */
  private errorBody(error: unknown, socket: { handshake: QaSocket['handshake'] }): ErrorBody {
    const lang = socketLanguage(socket.handshake);
    if (error instanceof DomainError) return error.toBody(lang);
    const requestId = randomUUID();
    const failure = classifyFailure(error);
    if (failure) {
      this.logger.warn(`[${requestId}] ${failure.code}: ${(error as Error)?.message ?? String(error)}`);
      return { ...failure.toBody(lang), requestId };
    }
    this.logger.error(`[${requestId}] ${error instanceof Error ? error.stack : String(error)}`);
    return { ...new DomainError(500, ErrorCode.Internal).toBody(lang), requestId };
  }
}

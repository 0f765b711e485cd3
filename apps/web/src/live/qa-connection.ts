import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, ErrorBody, ModerateInput, QaClientEvents, QaServerEvent, QaServerEvents, QaSettingsInput, QaSettingsView, QuestionView } from '@amphi/contracts';
import { applyJoinAnswer, applyOwnQuestion, applyOwnVote, applyPage, initialSeqState, receiveEvent, type QaSeqState } from './qa-state';

/**
 * One person's connection to a session's Q&A, without React: the live page's hook (use-qa.ts)
 * wraps it, and the tests drive it as it is, with hundreds of instances. It follows the reconnect
 * protocol of libs/contracts/src/qa.ts: joins with its contiguous seq, buffers events beyond a
 * gap and rejoins when the gap stays open, rejoins when the head seq is ahead, retries BUSY joins
 * after a randomised delay, reconnects when a stopping server asks, and stops for good when its
 * access ended.
 */

/** QA_NAMESPACE and QA_GAP_GRACE_MS in the contracts (a value import would load their zod schemas into this chunk). */
const QA_NAMESPACE = '/qa';
const QA_GAP_GRACE_MS = 1500;
const ACK_TIMEOUT_MS = 10_000;
/** After the room's state or the Q&A settings change, abilities are re-read within this window. */
const REFRESH_SPREAD_MS = 3000;

export type QaSocket = Socket<QaServerEvents, QaClientEvents>;
/** What an event's ack carries when it succeeds. */
export type AckData<E extends keyof QaClientEvents> = Parameters<Parameters<QaClientEvents[E]>[1]>[0] extends Ack<infer D> ? D : never;

export interface QaConnectionState {
  connected: boolean;
  /** Joined and up to date with the answer of the last join. */
  joined: boolean;
  /** The last refusal of a join (no role, not open...), shown to the person. */
  error: ErrorBody | null;
  /** Access ended (removed, cancelled): the connection is closed for good. */
  closed: ErrorBody | null;
  qa: QaSeqState;
}

export interface QaConnectionOptions {
  sessionId: string;
  token: string;
  /** The namespace's address: '/qa' on the page (same origin), `${baseUrl}/qa` elsewhere. */
  url?: string;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  gapGraceMs?: number;
  /** Randomness for the delays (the tests may pin it). */
  random?: () => number;
}

export class QaAckError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export class QaConnection {
  state: QaConnectionState = { connected: false, joined: false, error: null, closed: null, qa: initialSeqState };
  private readonly listeners = new Set<(state: QaConnectionState) => void>();
  private socket: QaSocket | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private joinInFlight = false;
  private rejoinWanted = false;
  /** The latest head seq the server announced. */
  private head = 0;
  private joinedWaiters: Array<() => void> = [];
  private readonly random: () => number;
  private readonly gapGraceMs: number;

  constructor(private readonly options: QaConnectionOptions) {
    this.random = options.random ?? Math.random;
    this.gapGraceMs = options.gapGraceMs ?? QA_GAP_GRACE_MS;
  }

  get sessionId(): string {
    return this.options.sessionId;
  }

  subscribe(listener: (state: QaConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.socket) return;
    const socket: QaSocket = io(this.options.url ?? QA_NAMESPACE, {
      auth: { token: this.options.token },
      transports: ['websocket', 'polling'],
      // Randomised exponential backoff: a crowd cut off at once does not come back at once.
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
      ...this.options.socketOptions,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.set({ connected: true });
      void this.join();
    });
    socket.on('disconnect', (reason) => {
      this.set({ connected: false, joined: false });
      // The server closed this connection (a stopping process, a forced drain): socket.io does
      // not reconnect by itself then. Access that ended has set `closed`: no reconnection.
      if (reason === 'io server disconnect' && !this.state.closed) this.later(500 + this.random() * 2000, () => socket.connect());
    });
    socket.on('connect_error', (err) => {
      const body = (err as Error & { data?: ErrorBody }).data;
      if (!body) return; // the transport: socket.io's own backoff retries
      if (body.code === 'DRAINING' || body.code === 'BUSY') this.later(500 + this.random() * 3000, () => socket.connect());
      else this.set({ connected: false, error: body }); // refused (a revoked link...): said, not retried
    });
    socket.on('qa:event', (event: QaServerEvent) => this.receive(event));
    socket.on('qa:head', ({ sessionId, seq }) => {
      if (sessionId !== this.options.sessionId) return;
      this.head = Math.max(this.head, seq);
      if (this.state.qa.seq !== null && seq > this.state.qa.seq) this.watchGap();
    });
    socket.on('qa:reconnect', ({ inMs }) => {
      // The process is stopping: go (through the load balancer) to another one, at the moment given.
      this.later(inMs, () => {
        socket.disconnect();
        socket.connect();
      });
    });
    socket.on('qa:closed', ({ sessionId, error }) => {
      if (sessionId !== null && sessionId !== this.options.sessionId) return;
      this.set({ closed: error, joined: false });
      socket.disconnect();
    });
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  // --- the protocol ------------------------------------------------------------------

  private receive(event: QaServerEvent): void {
    if (event.sessionId !== this.options.sessionId) return;
    const { state, gap } = receiveEvent(this.state.qa, event);
    this.set({ qa: state });
    if (gap) this.watchGap();
    // What this person may do (ask, vote, raise a hand) follows the room's state and the Q&A
    // window, which the policy decides: a sync brings the new abilities. Spread over a few seconds,
    // so that a room of a thousand does not ask at the same instant.
    if (event.type === 'live' || event.type === 'settings') this.refreshSoon();
  }

  private refreshing = false;
  /** The abilities may have changed since the last join's answer was read. */
  private abilitiesStale = false;
  private refreshSoon(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    this.later(this.random() * REFRESH_SPREAD_MS, () => {
      this.refreshing = false;
      this.abilitiesStale = true;
      void this.join();
    });
  }

  /** A gap (or a head ahead of us) that is still there after the grace period: rejoin from the contiguous seq. */
  private watchGap(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      const { seq, pending } = this.state.qa;
      if (seq !== null && (pending.length > 0 || this.head > seq)) void this.join();
    }, this.gapGraceMs);
  }

  private async join(): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    if (this.joinInFlight) {
      this.rejoinWanted = true;
      return;
    }
    this.joinInFlight = true;
    this.abilitiesStale = false;
    try {
      const lastSeq = this.state.qa.seq;
      const reply = (await socket
        .timeout(ACK_TIMEOUT_MS * 3)
        .emitWithAck('session:join', lastSeq === null ? { sessionId: this.options.sessionId } : { sessionId: this.options.sessionId, lastSeq })) as Ack<
        AckData<'session:join'>
      >;
      if (!reply.ok) {
        const retryAfter = (reply.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        // Many joining at once: come back after the time given, plus a random share of it.
        if (reply.error.code === 'BUSY') this.later((retryAfter ?? 1) * 1000 * (1 + this.random()), () => void this.join());
        else this.set({ error: reply.error, joined: false });
        return;
      }
      if (reply.data === null) return; // the server dropped a join we had left meanwhile
      this.set({ qa: applyJoinAnswer(this.state.qa, reply.data), joined: true, error: null });
      for (const waiter of this.joinedWaiters.splice(0)) waiter();
      if (this.state.qa.pending.length > 0 || this.head > (this.state.qa.seq ?? 0)) this.watchGap();
    } catch {
      // No answer in time (the process died): the reconnection will rejoin; if still connected, try again.
      if (socket.connected) this.later(1000 + this.random() * 2000, () => void this.join());
    } finally {
      this.joinInFlight = false;
      // Asked for while this join was on its way: needed still only if its answer did not settle it
      // (the abilities to re-read, or a gap still open), else a slow join would be followed by a useless one.
      if (this.rejoinWanted) {
        this.rejoinWanted = false;
        const { seq, pending } = this.state.qa;
        if (this.abilitiesStale || seq === null || pending.length > 0 || this.head > seq) void this.join();
      }
    }
  }

  // --- actions -------------------------------------------------------------------------

  /** Sends a client event once joined, and answers its ack's data (QaAckError for a refusal). `retry`: resend on no answer (idempotent events only). */
  async call<E extends keyof QaClientEvents>(name: E, input: Parameters<QaClientEvents[E]>[0], { retry = false } = {}): Promise<AckData<E>> {
    const deadline = Date.now() + (retry ? 90_000 : ACK_TIMEOUT_MS * 2);
    for (let attempt = 0; ; attempt++) {
      if (this.state.closed) throw new QaAckError(this.state.closed);
      try {
        await this.whenJoined(deadline - Date.now());
        const socket = this.socket;
        if (!socket) throw new Error('not connected');
        const reply = (await (socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck: (n: E, i: unknown) => Promise<Ack<AckData<E>>> }).emitWithAck(name, input)) as Ack<AckData<E>>;
        if (reply.ok) return reply.data;
        // "Join first": this connection was replaced under us (a reconnection); wait for the rejoin.
        // (A server from before the precise codes said FORBIDDEN.)
        const joinFirst = reply.error.code === 'QA_JOIN_FIRST' || reply.error.code === 'FORBIDDEN';
        if (!(retry && joinFirst && this.state.joined === false)) throw new QaAckError(reply.error);
      } catch (error) {
        if (error instanceof QaAckError || !retry || Date.now() > deadline) throw error;
      }
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt) * (0.5 + this.random())));
    }
  }

  private whenJoined(timeoutMs: number): Promise<void> {
    if (this.state.joined && this.socket?.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.joinedWaiters = this.joinedWaiters.filter((w) => w !== done);
        reject(new Error('not connected to the Q&A'));
      }, Math.max(0, timeoutMs));
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.joinedWaiters.push(done);
    });
  }

  /** Asks a question; the same clientId answers the same question, so a retry never makes a duplicate. */
  async ask(text: string, anonymous: boolean, clientId: string): Promise<QuestionView> {
    const data = await this.call('question:ask', { sessionId: this.options.sessionId, clientId, text, anonymous }, { retry: true });
    this.set({ qa: applyOwnQuestion(this.state.qa, data.question) });
    return data.question;
  }

  async vote(questionId: string, on: boolean): Promise<void> {
    const data = await this.call(on ? 'question:vote' : 'question:unvote', { sessionId: this.options.sessionId, questionId });
    this.set({ qa: applyOwnVote(this.state.qa, questionId, data.votes, on) });
  }

  /** The moderator's own change arrives on the channel too (in seq order); the ack is only the answer. */
  async moderate(input: Omit<ModerateInput, 'sessionId'>): Promise<QuestionView> {
    return (await this.call('question:moderate', { sessionId: this.options.sessionId, ...input } as ModerateInput)).question;
  }

  hand(raise: boolean): Promise<{ seq: number }> {
    return this.call(raise ? 'hand:raise' : 'hand:lower', { sessionId: this.options.sessionId });
  }

  updateSettings(changes: Omit<QaSettingsInput, 'sessionId'>): Promise<QaSettingsView> {
    return this.call('qa:settings', { sessionId: this.options.sessionId, ...changes });
  }

  /** The next page of approved questions, when the snapshot did not hold them all. */
  async loadMore(): Promise<void> {
    const cursor = this.state.qa.view.nextCursor;
    if (!cursor) return;
    const page = await this.call('questions:page', { sessionId: this.options.sessionId, cursor });
    this.set({ qa: applyPage(this.state.qa, page) });
  }

  // --- internals -------------------------------------------------------------------------

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.socket) run();
    }, ms);
    this.timers.add(timer);
  }

  private set(patch: Partial<QaConnectionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}

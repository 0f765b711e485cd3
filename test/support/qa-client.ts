import { io, type Socket } from 'socket.io-client';
import { QA_NAMESPACE, type Ack, type ErrorBody, type QaClientEvents, type QaServerEvent, type QaServerEvents } from '@amphi/contracts';

/** A socket.io-client connection to the Q&A, keeping every server event it receives. */
export interface QaClient {
  socket: Socket<QaServerEvents, QaClientEvents>;
  events: QaServerEvent[];
  /** Emits a client event and answers its ack (bounded in time). */
  call<E extends keyof QaClientEvents>(event: E, input: Parameters<QaClientEvents[E]>[0]): Promise<Parameters<Parameters<QaClientEvents[E]>[1]>[0]>;
  /** Same, for a call that must succeed: answers `data`, throws with the error body otherwise. */
  ok<E extends keyof QaClientEvents>(event: E, input: Parameters<QaClientEvents[E]>[0]): Promise<Extract<Parameters<Parameters<QaClientEvents[E]>[1]>[0], { ok: true }>['data']>;
  /** Waits (bounded) for a received event matching `match`, including those already received. */
  waitFor<T extends QaServerEvent['type']>(type: T, match?: (e: Extract<QaServerEvent, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<QaServerEvent, { type: T }>>;
  close(): void;
}

export interface ConnectOptions {
  token?: string;
  origin?: string;
}

/** Connects to the Q&A namespace; rejects with the refusal's error body when the handshake is refused. */
export function connectQa(baseUrl: string, { token, origin }: ConnectOptions = {}): Promise<QaClient> {
  const socket: Socket<QaServerEvents, QaClientEvents> = io(`${baseUrl}${QA_NAMESPACE}`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  const events: QaServerEvent[] = [];
  socket.on('qa:event', (e) => events.push(e));
  const client: QaClient = {
    socket,
    events,
    call: (event, input) => (socket.timeout(10_000).emitWithAck as (e: string, i: unknown) => Promise<never>)(event, input),
    async ok(event, input) {
      const reply = (await client.call(event, input)) as Ack<unknown>;
      if (!reply.ok) throw Object.assign(new Error(`${event} refused: ${reply.error.code} ${reply.error.message}`), { body: reply.error });
      return reply.data as never;
    },
    async waitFor(type, match = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find((e) => e.type === type && match(e as never));
        if (found) return found as never;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`No "${type}" event within ${timeoutMs} ms; received: ${events.map((e) => e.type).join(', ') || 'nothing'}`);
    },
    close: () => void socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error: Error & { data?: ErrorBody }) => {
      socket.disconnect();
      reject(Object.assign(new Error(error.message), { body: error.data }));
    });
  });
}

/** Answers the error body of a refused handshake (fails if the connection was accepted). */
export async function refusedHandshake(baseUrl: string, options: ConnectOptions): Promise<ErrorBody> {
  try {
    const client = await connectQa(baseUrl, options);
    client.close();
  } catch (error) {
    const body = (error as { body?: ErrorBody }).body;
    if (!body) throw error;
    return body;
  }
  throw new Error('The handshake was accepted');
}

/** Waits a little for events that must NOT arrive (bounded): used to check who is not told. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

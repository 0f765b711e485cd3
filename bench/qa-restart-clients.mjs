// A worker process of bench/qa.mjs's restart phase (forked, driven over IPC). It holds a share of
// the attendees, each a real QaConnection: the web app's own client (apps/web/src/live/qa-connection.ts,
// compiled by bench/qa.mjs to CommonJS), so the reconnect protocol, its backoff and its retries
// are the product's. It only watches them (subscribe, and the acks going by on the socket's
// manager): when each one's contiguous seq moved, when it connected and joined again and how long
// each join took to be answered, when each burst question entered its view. A few of them ask the
// burst of questions, with the product's retries.
// For the baseline, the same worker holds plain socket.io-client connections to the bare server,
// with the same reconnection settings as QaConnection.
import { createRequire } from 'node:module';
import { io } from 'socket.io-client';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tally = (map, key) => (map[key] = (map[key] ?? 0) + 1);
/** The marker bench/qa.mjs puts at the start of each burst question. */
const BURST = '[burst ';
/** QaConnection's reconnection settings (apps/web/src/live/qa-connection.ts, start()), for the baseline's plain sockets. */
const PRODUCT_RECONNECTION = { reconnectionDelay: 1000, reconnectionDelayMax: 10_000, randomizationFactor: 0.5 };

let QaConnection = null;
let worker = 0;
/**
 * Attendees: { conn, seqLog: [t, seq][], joinedLog: t[], connectedLog: t[], burstSeen: Map<id, t>,
 * questionsRef, seq, joined, joinsSinceKill, joinSentAt, joinAckMs: the time each join after the kill took to be answered }.
 */
let clients = [];
/** What went by: join answers by mode, refusals in acks by code, connection errors, disconnect reasons, join errors shown. */
let seen = null;
const resetSeen = () => (seen = { joinModes: {}, joinModesSinceKill: {}, refusals: {}, refusalsSinceKill: {}, connectErrors: {}, disconnects: {}, stateErrors: {}, closed: {} });
resetSeen();
let killAt = Infinity;
let expectation = null;
/** Baseline sockets: { socket, eventAt: t of the last qa:event, connects }. */
let bare = [];

function watch(client) {
  const { conn } = client;
  conn.subscribe((state) => {
    const t = now();
    if (state.qa.seq !== client.seq) (client.seq = state.qa.seq), client.seqLog.push([t, state.qa.seq]);
    if (state.joined && !client.joined) client.joinedLog.push(t);
    client.joined = state.joined;
    if (state.error && state.error !== client.error) tally(seen.stateErrors, `${state.error.code} ${state.error.message}`);
    client.error = state.error;
    if (state.closed && !client.closed) tally(seen.closed, `${state.closed.code} ${state.closed.message}`);
    client.closed = state.closed;
    const questions = state.qa.view.questions;
    if (questions !== client.questionsRef) {
      client.questionsRef = questions;
      for (const q of questions) if (q.text.startsWith(BURST) && !client.burstSeen.has(q.id)) client.burstSeen.set(q.id, t);
    }
  });
  // Observation only: the socket is QaConnection's (private in TypeScript, a plain property at run time).
  const socket = conn.socket;
  socket.onAnyOutgoing((event) => event === 'session:join' && (client.joinSentAt = now()));
  socket.io.on('packet', (packet) => {
    if (packet.type !== 3) return; // ACK
    // The reply is the last argument (the socket, which sees the packet first, puts a null before it for emitWithAck).
    const reply = packet.data?.[packet.data.length - 1];
    const at = now();
    const after = at > killAt;
    if (reply?.ok && reply.data?.mode) {
      tally(seen.joinModes, reply.data.mode);
      if (after) tally(seen.joinModesSinceKill, reply.data.mode), client.joinsSinceKill++, client.joinAckMs.push(at - client.joinSentAt);
    } else if (reply && reply.ok === false) {
      tally(seen.refusals, reply.error?.code ?? '?');
      if (after) tally(seen.refusalsSinceKill, reply.error?.code ?? '?');
    }
  });
  socket.on('connect', () => client.connectedLog.push(now()));
  socket.on('connect_error', (error) => tally(seen.connectErrors, error.data?.code ?? error.message));
  socket.on('disconnect', (reason) => tally(seen.disconnects, reason));
}

/** When this attendee was back with a complete view (a join after the kill, seq ≥ lastSeq, every acked burst question held), or null. */
function completedAt(client) {
  if (!expectation) return null;
  const joined = client.joinedLog.find((t) => t > killAt);
  if (joined === undefined) return null;
  const caughtUp = client.seqLog.find(([, seq]) => seq !== null && seq >= expectation.lastSeq);
  if (!caughtUp) return null;
  let at = Math.max(joined, caughtUp[0]);
  for (const id of expectation.acked) {
    const t = client.burstSeen.get(id);
    if (t === undefined) return null;
    at = Math.max(at, t);
  }
  return at;
}

const commands = {
  /** Loads the compiled QaConnection (a CommonJS file inside the repository, so socket.io-client resolves). */
  load({ modulePath, index }) {
    QaConnection = createRequire(import.meta.url)(modulePath).QaConnection;
    worker = index;
    return {};
  },

  /** Starts one QaConnection per token, `concurrency` at a time, each waited for (joined, refused, or timeoutMs). */
  async start({ url, sessionId, tokens, concurrency, timeoutMs }) {
    resetSeen();
    killAt = Infinity;
    expectation = null;
    const failures = {};
    let next = 0;
    const started = now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, tokens.length) }, async () => {
        while (next < tokens.length) {
          const token = tokens[next++];
          const conn = new QaConnection({ sessionId, token, url, socketOptions: { transports: ['websocket'], forceNew: true } });
          const client = { conn, seqLog: [], joinedLog: [], burstSeen: new Map(), questionsRef: null, seq: null, joined: false, error: null, closed: null, joinsSinceKill: 0, joinSentAt: 0, joinAckMs: [], connectedLog: [] };
          conn.start();
          watch(client);
          clients.push(client);
          const deadline = now() + timeoutMs;
          while (!conn.state.joined && !conn.state.error && !conn.state.closed && now() < deadline) await sleep(20);
          if (!conn.state.joined) tally(failures, conn.state.error ? `${conn.state.error.code} ${conn.state.error.message}` : 'no join answer in time');
        }
      }),
    );
    return { joined: clients.filter((c) => c.joined).length, failures, seconds: (now() - started) / 1000, seen };
  },

  /**
   * The burst: `count` questions at `rate` a second, round-robin over this worker's first `askers`
   * attendees, each with its own clientId; QaConnection.ask retries it (same clientId) until
   * acknowledged. Answers once every question is acknowledged or given up.
   */
  async burst({ count, rate, askers, text }) {
    const started = now();
    const asks = [];
    for (let q = 0; q < count; q++) {
      const wait = started + (q * 1000) / rate - now();
      if (wait > 0) await sleep(wait);
      const client = clients[q % Math.min(askers, clients.length)];
      const sentAt = now();
      asks.push(
        client.conn.ask(`${BURST}w${worker} q${q}] ${text}`.slice(0, 200), false, `bench-burst-w${worker}-q${q}`).then(
          (question) => ({ id: question.id, sentAt, ms: now() - sentAt }),
          (error) => ({ error: `${error.body?.code ?? ''} ${error.message}`.trim(), sentAt }),
        ),
      );
    }
    const results = await Promise.all(asks);
    const failed = {};
    for (const r of results) if (r.error) tally(failed, r.error);
    return { acked: results.filter((r) => r.id), failed };
  },

  /** The moment the server was killed (process.hrtime, ms): joins and events after it count as the rejoin. */
  killed({ at }) {
    killAt = at;
    return {};
  },

  /** How many are connected, joined since the kill, and (once expected) complete. */
  progress() {
    let connected = 0;
    let rejoined = 0;
    let complete = 0;
    for (const c of clients) {
      if (c.conn.state.connected) connected++;
      if (c.joinedLog.some((t) => t > killAt)) rejoined++;
      if (completedAt(c) !== null) complete++;
    }
    return { connected, rejoined, complete, attendees: clients.length };
  },

  /** What a complete view is: the session's last seq after the burst, and the acknowledged burst questions. */
  expect({ lastSeq, acked }) {
    expectation = { lastSeq, acked: new Set(acked) };
    return {};
  },

  /** Per attendee: when it was complete and when it joined again (or null), the acked questions its final view lacks, its seq. */
  collect() {
    const completed = [];
    const rejoined = [];
    const reconnected = [];
    const joinAckMs = [];
    const missingIds = {};
    let missingPairs = 0;
    const behind = {};
    const joinsPerAttendee = {};
    for (const c of clients) {
      tally(joinsPerAttendee, c.joinsSinceKill);
      completed.push(completedAt(c));
      rejoined.push(c.joinedLog.find((t) => t > killAt) ?? null);
      reconnected.push(c.connectedLog.find((t) => t > killAt) ?? null);
      joinAckMs.push(...c.joinAckMs);
      const held = new Set(c.conn.state.qa.view.questions.map((q) => q.id));
      for (const id of expectation.acked) if (!held.has(id)) tally(missingIds, id), missingPairs++;
      if ((c.conn.state.qa.seq ?? -1) < expectation.lastSeq) tally(behind, `seq ${c.conn.state.qa.seq} joined ${c.conn.state.joined} connected ${c.conn.state.connected}`);
    }
    return { completed, rejoined, reconnected, joinAckMs, missingIds, missingPairs, behind, joinsPerAttendee, seen };
  },

  stop() {
    for (const c of clients) c.conn.stop();
    clients = [];
    return {};
  },

  // --- the baseline: plain sockets to the bare server ------------------------------------

  /** Connects `count` sockets with QaConnection's reconnection settings; each sends 'rejoin' on every connect. Answers once each has its first event. */
  async bareStart({ url, count, concurrency, timeoutMs }) {
    killAt = Infinity;
    const started = now();
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next++ < count) {
          const socket = io(url, { transports: ['websocket'], forceNew: true, ...PRODUCT_RECONNECTION });
          const client = { socket, eventAt: 0, connects: 0 };
          socket.on('connect', () => {
            client.connects++;
            socket.emit('rejoin', {}, () => {});
          });
          socket.on('qa:event', () => (client.eventAt = now()));
          bare.push(client);
          const deadline = now() + timeoutMs;
          while (!client.eventAt && now() < deadline) await sleep(20);
          if (!client.eventAt) failed++;
        }
      }),
    );
    return { ready: bare.length - failed, seconds: (now() - started) / 1000 };
  },

  /** How many sockets received an event after the kill; their times. */
  bareProgress({ times = false } = {}) {
    const back = bare.filter((c) => c.eventAt > killAt);
    return { back: back.length, sockets: bare.length, ...(times ? { eventAt: back.map((c) => c.eventAt) } : {}) };
  },

  bareStop() {
    for (const c of bare) c.socket.disconnect();
    bare = [];
    return {};
  },
};

process.on('message', async ({ id, command, input }) => {
  try {
    process.send({ id, ok: true, data: await commands[command](input) });
  } catch (error) {
    process.send({ id, ok: false, error: error.stack ?? String(error) });
  }
});
process.on('disconnect', () => process.exit(0));

// A worker process of bench/qa.mjs (forked, driven over IPC): holds a share of the attendees'
// socket.io-client connections, timestamps every question event they receive (process.hrtime,
// the machine's monotonic clock, so comparable with the asker's send times in the parent), casts
// the votes of the burst and watches the coalesced vote counts arrive.
import { io } from 'socket.io-client';

const now = () => Number(process.hrtime.bigint()) / 1e6;
/** The marker bench/qa.mjs puts at the start of each measured question. */
const MARK = /^\[bench q(\d+)\]/;

/** One attendee: its socket, the questions it saw (once each), its latest vote counts. */
let clients = [];
let indexBase = 0;
let maxQuestions = 0;
let expectedVotes = null;
const disconnects = {};

function record(client, event) {
  const at = now();
  if (event.type === 'question') {
    const q = Number(MARK.exec(event.question?.text ?? '')?.[1] ?? -1);
    if (q < 0 || q >= maxQuestions) return; // a warm-up question
    if (client.seen[q]) client.duplicates++;
    else client.seen[q] = at;
  } else if (event.type === 'votes') {
    for (const { questionId, votes } of event.counts) client.votes.set(questionId, votes);
    if (expectedVotes && client.settledAt === null && countsMatch(client)) client.settledAt = at;
  }
}

const countsMatch = (client) => Object.entries(expectedVotes).every(([id, n]) => client.votes.get(id) === n);

/** Connects one attendee and joins it; answers null or the reason it failed. */
async function connectOne(url, auth, join, timeoutMs) {
  const socket = io(url, { auth: auth ?? {}, transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs });
  const client = { socket, seen: new Float64Array(0), duplicates: 0, votes: new Map(), settledAt: null };
  socket.on('qa:event', (event) => record(client, event));
  const connected = await new Promise((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (error) => resolve(`connect: ${error.data?.message ?? error.message}`));
  });
  if (connected) return socket.disconnect(), connected;
  const reply = await socket.timeout(timeoutMs).emitWithAck(join.event, join.payload).catch((error) => ({ ok: false, error: { message: error.message } }));
  if (!reply.ok) return socket.disconnect(), `${join.event}: ${reply.error.code ?? ''} ${reply.error.message}`.trim();
  socket.on('disconnect', (reason) => (disconnects[reason] = (disconnects[reason] ?? 0) + 1));
  clients.push(client);
  return null;
}

const tally = (map, key) => (map[key] = (map[key] ?? 0) + 1);

const commands = {
  /** Connects and joins `auths.length` attendees, `concurrency` at a time, each bounded by `timeoutMs`. */
  async connect({ url, auths, join, concurrency, timeoutMs, base }) {
    indexBase = base;
    const errors = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, auths.length) }, async () => {
        while (next < auths.length) {
          const failure = await connectOne(url, auths[next++], join, timeoutMs);
          if (failure) tally(errors, failure);
        }
      }),
    );
    return { joined: clients.length, errors };
  },

  /** Starts a measured phase of `questions` questions: forgets what was received before. */
  reset({ questions }) {
    maxQuestions = questions;
    for (const client of clients) (client.seen = new Float64Array(questions)), (client.duplicates = 0);
    return {};
  },

  count() {
    let received = 0;
    for (const client of clients) for (const at of client.seen) if (at) received++;
    return { received };
  },

  /** Latencies (receive − send) of every delivery, in ms, with the last receive time. */
  collect({ sentAt }) {
    const latencies = [];
    let lastAt = 0;
    let duplicates = 0;
    for (const client of clients) {
      duplicates += client.duplicates;
      client.seen.forEach((at, q) => {
        if (!at || sentAt[q] === null) return;
        latencies.push(Math.round((at - sentAt[q]) * 100) / 100);
        lastAt = Math.max(lastAt, at);
      });
    }
    return { latencies, lastAt, duplicates, disconnects };
  },

  /** The burst: every attendee votes at once for one question (attendee i for question i mod Q). */
  async vote({ sessionId, questionIds, timeoutMs }) {
    const failed = {};
    const perQuestion = {};
    const ackMs = [];
    await Promise.all(
      clients.map(async (client, i) => {
        const questionId = questionIds[(indexBase + i) % questionIds.length];
        const started = now();
        const reply = await client.socket
          .timeout(timeoutMs)
          .emitWithAck('question:vote', { sessionId, questionId })
          .catch((error) => ({ ok: false, error: { message: error.message } }));
        ackMs.push(now() - started);
        if (reply.ok) tally(perQuestion, questionId);
        else tally(failed, `${reply.error.code ?? ''} ${reply.error.message}`.trim());
      }),
    );
    return { failed, perQuestion, ackMs };
  },

  /** Waits (bounded) until every attendee's latest counts equal `expected`; answers the settle times from the burst. */
  async settle({ expected, burstAt, timeoutMs }) {
    expectedVotes = expected;
    for (const client of clients) if (client.settledAt === null && countsMatch(client)) client.settledAt = now();
    const deadline = now() + timeoutMs;
    while (now() < deadline && clients.some((c) => c.settledAt === null)) await new Promise((r) => setTimeout(r, 50));
    const settled = clients.filter((c) => c.settledAt !== null);
    return { settled: settled.length, settleMs: settled.map((c) => c.settledAt - burstAt) };
  },

  close() {
    for (const client of clients) client.socket.disconnect();
    clients = [];
    expectedVotes = null;
    for (const key of Object.keys(disconnects)) delete disconnects[key];
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

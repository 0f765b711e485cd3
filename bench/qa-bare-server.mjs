// The baseline of bench/qa.mjs (forked): a bare socket.io server, same version as Amphi's, no
// authentication, no database, one room. 'join' puts the socket in the room; 'ask' is answered by
// an ack and emitted to the room (except the asker, who gets their own copy, as in Amphi) as an
// event built from a real Amphi question event (BENCH_QUESTION_EVENT), so of the same shape and size.
// The restart phase: 'rejoin' puts the socket in the room, acks, and sends it that one event again
// (the least a server can do for a client coming back). BENCH_PORT: listen on this port (a restart
// on the same address), else a free one.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const template = JSON.parse(process.env.BENCH_QUESTION_EVENT);
const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
let seq = 0;

io.on('connection', (socket) => {
  socket.on('join', async (_input, ack) => {
    await socket.join('room');
    ack({ ok: true, data: { seq } });
  });
  socket.on('rejoin', async (_input, ack) => {
    await socket.join('room');
    ack({ ok: true, data: { seq } });
    socket.emit('qa:event', { ...template, seq });
  });
  socket.on('ask', (input, ack) => {
    const question = { ...template.question, id: randomUUID(), text: input.text, createdAt: new Date().toISOString() };
    const event = { ...template, seq: ++seq, question };
    socket.to('room').emit('qa:event', event);
    socket.emit('qa:event', { ...event, question: { ...question, mine: true } });
    ack({ ok: true, data: { question, seq: event.seq } });
  });
});

http.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => process.send({ port: http.address().port }));
process.on('disconnect', () => process.exit(0));

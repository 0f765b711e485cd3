import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { STORAGE, type Storage } from '../apps/api/src/storage/storage';

type Auth = { Authorization: string };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** A zip archive with its entries stored (no compression): enough for the signatures of office formats. */
function storedZip(entries: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
const ODP = storedZip([
  ['mimetype', 'application/vnd.oasis.opendocument.presentation'],
  ['content.xml', '<office:document-content/>'],
]);
const PPTX = storedZip([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'],
  ['ppt/presentation.xml', '<p:presentation/>'],
]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

/** A superagent parser that keeps an answer's body as bytes. */
function binary(res: Json, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Issue 13, item 3: the event's files and each talk's materials, sniffed, size-limited, scoped, and public once published. */
describe('materials: event downloads and talk materials', () => {
  let t: TestApp;
  let alice: Auth;
  let bob: Auth;

  before(async () => {
    t = await startTestApp({ MAX_UPLOAD_MB: '1', RATE_LIMIT_LOGIN_PER_IP: '100000' });
    alice = (await t.organiser()).auth;
    bob = (await t.organiser()).auth;
  });
  after(() => t.close());

  let counter = 0;
  async function eventWithTalk(owner: Auth) {
    const slug = `materials-${++counter}-${Date.now().toString(36)}`;
    const event = (
      await t
        .http()
        .post('/api/events')
        .set(owner)
        .send({ slug, title: { fr: 'Colloque', en: 'Conference' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-03-14', endDate: '2030-03-15', format: 'online' })
        .expect(201)
    ).body as Json;
    const speaker = (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: 'Lise Demailly' }).expect(201)).body as Json;
    const chair = (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: 'Eve Gardien' }).expect(201)).body as Json;
    const session = (
      await t
        .http()
        .post(`/api/events/${event.id}/sessions`)
        .set(owner)
        .send({
          type: 'plenary',
          title: { fr: 'Plénière' },
          startsAt: '2030-03-14T09:30',
          endsAt: '2030-03-14T11:00',
          chairs: [chair.id],
          talks: [
            { title: { fr: 'L’expertise des pairs' }, speakers: [speaker.id], plannedMinutes: 30 },
            { title: { fr: 'Les savoirs situés' }, speakers: [speaker.id], plannedMinutes: 30 },
          ],
        })
        .expect(201)
    ).body as Json;
    return { event, slug, speaker, session, talk: session.talks[0] as Json, otherTalk: session.talks[1] as Json };
  }

  const upload = (owner: Auth, eventId: string, file: Buffer, name: string, fields: Record<string, string>) => {
    let req = t.http().post(`/api/events/${eventId}/downloads`).set(owner).attach('file', file, name);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const list = async (owner: Auth, eventId: string) => (await t.http().get(`/api/events/${eventId}/downloads`).set(owner).expect(200)).body as Json[];

  it('reads the type from the bytes: a PDF named .png is kept as a PDF named .pdf; an HTML page is refused in the reader’s language', async () => {
    const { event } = await eventWithTalk(alice);
    const res = await upload(alice, event.id, PDF, 'affiche.png', { kind: 'poster', 'title.fr': 'Affiche' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.contentType, 'application/pdf');
    assert.equal(res.body.fileName, 'affiche.pdf');
    assert.equal(res.body.talkId, null);
    assert.equal(res.body.sha256, createHash('sha256').update(PDF).digest('hex'));

    const image = await upload(alice, event.id, PNG, 'visuel.png', { kind: 'other', 'title.en': 'Visual' }).expect(201);
    assert.equal(image.body.contentType, 'image/png');
    assert.equal(image.body.fileName, 'visuel.png');

    for (const [bytes, name] of [
      [HTML, 'slides.pdf'],
      [Buffer.from('just some words'), 'notes.txt'],
    ] as const) {
      const refused = await upload(alice, event.id, bytes, name, { kind: 'slides', 'title.en': 'Slides' }).set('Accept-Language', 'fr');
      assert.equal(refused.status, 415, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'FILE_TYPE_NOT_ACCEPTED');
      assert.match(refused.body.message, /n’est pas accepté/);
    }
    const empty = await upload(alice, event.id, Buffer.alloc(0), 'empty.pdf', { kind: 'other', 'title.en': 'Empty' });
    assert.equal(empty.status, 422, JSON.stringify(empty.body));
    assert.deepEqual(
      (await list(alice, event.id)).map((d) => d.fileName),
      ['affiche.pdf', 'visuel.png'],
      'refused files left nothing behind',
    );
  });

  it('takes slides by what they are: PowerPoint and OpenDocument presentations, whatever their name; a plain zip archive is refused', async () => {
    const { event, talk } = await eventWithTalk(alice);
    const pptx = (await upload(alice, event.id, PPTX, 'slides', { kind: 'slides', 'title.en': 'Slides', talkId: talk.id }).expect(201)).body as Json;
    assert.equal(pptx.contentType, 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
    assert.equal(pptx.fileName, 'slides.pptx');
    const odp = (await upload(alice, event.id, ODP, 'diapos.zip', { kind: 'slides', 'title.fr': 'Diapositives', talkId: talk.id }).expect(201)).body as Json;
    assert.equal(odp.contentType, 'application/vnd.oasis.opendocument.presentation');
    assert.equal(odp.fileName, 'diapos.odp');
    const zip = await upload(alice, event.id, storedZip([['notes.txt', 'hello']]), 'slides.pptx', { kind: 'slides', 'title.en': 'Zip', talkId: talk.id });
    assert.equal(zip.status, 415);
    assert.deepEqual(zip.body.details, { detectedType: 'application/zip' });
  });

  it('refuses a file over MAX_UPLOAD_MB with 413 PAYLOAD_TOO_LARGE and the limit: before reading the body when Content-Length says so, and while streaming otherwise', async () => {
    const { event } = await eventWithTalk(alice);
    // Announces 5 MB, sends a few bytes and waits: the answer comes without the rest of the body.
    const early = await new Promise<{ status: number; body: Json }>((resolve, reject) => {
      const req = httpRequest(`${t.baseUrl}/api/events/${event.id}/downloads`, {
        method: 'POST',
        headers: { ...alice, 'Content-Type': 'multipart/form-data; boundary=xyz', 'Content-Length': String(5 * 1024 * 1024), 'Accept-Language': 'fr' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        });
      });
      req.on('error', reject);
      req.write('--xyz\r\n');
    });
    assert.equal(early.status, 413);
    assert.equal(early.body.code, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual(early.body.details, { maxMegabytes: 1, actualMegabytes: 5 });
    assert.match(early.body.message, /jusqu’à 1 Mo/);

    // No Content-Length (chunked): multer stops at the limit, said the same way.
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const streamed = await new Promise<{ status: number; body: Json }>((resolve, reject) => {
      const req = httpRequest(`${t.baseUrl}/api/events/${event.id}/downloads`, {
        method: 'POST',
        headers: { ...alice, 'Content-Type': 'multipart/form-data; boundary=xyz', 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
      // The server may answer and close before every byte is written.
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.write('--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\nposter\r\n');
      req.write('--xyz\r\nContent-Disposition: form-data; name="title.en"\r\n\r\nPoster\r\n');
      req.write('--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n');
      req.write(big);
      req.end('\r\n--xyz--\r\n');
    });
    assert.equal(streamed.status, 413, JSON.stringify(streamed.body));
    assert.equal(streamed.body.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(streamed.body.details.maxMegabytes, 1);
    assert.deepEqual(await list(alice, event.id), []);
  });

  it('attaches slides to a talk, orders a talk’s materials, and a talk taken out of the programme takes its materials along', async () => {
    const { event, session, talk, otherTalk } = await eventWithTalk(alice);
    const slides = (await upload(alice, event.id, PDF, 'slides.pdf', { kind: 'slides', 'title.fr': 'Diaporama', 'title.en': 'Slides', talkId: talk.id }).expect(201)).body as Json;
    const paper = (await upload(alice, event.id, PNG, 'figure.png', { kind: 'other', 'title.en': 'Figure', talkId: talk.id }).expect(201)).body as Json;
    const other = (await upload(alice, event.id, PDF, 'other.pdf', { kind: 'slides', 'title.fr': 'Autre', talkId: otherTalk.id }).expect(201)).body as Json;
    const poster = (await upload(alice, event.id, PDF, 'poster.pdf', { kind: 'poster', 'title.fr': 'Affiche' }).expect(201)).body as Json;
    assert.equal(slides.talkId, talk.id);
    assert.deepEqual((await list(alice, event.id)).map((d) => d.id).slice(0, 1), [poster.id], 'the event’s own files first');

    const reordered = (await t.http().put(`/api/events/${event.id}/downloads/order`).set(alice).send({ talkId: talk.id, downloadIds: [paper.id, slides.id] }).expect(200)).body as Json[];
    assert.deepEqual(reordered.filter((d) => d.talkId === talk.id).map((d) => d.id), [paper.id, slides.id]);
    const foreign = await t.http().put(`/api/events/${event.id}/downloads/order`).set(alice).send({ talkId: talk.id, downloadIds: [other.id] });
    assert.equal(foreign.status, 422, JSON.stringify(foreign.body));
    assert.deepEqual(foreign.body.issues[0].path, ['downloadIds', 0]);
    const twice = await t.http().put(`/api/events/${event.id}/downloads/order`).set(alice).send({ talkId: talk.id, downloadIds: [paper.id, paper.id] });
    assert.equal(twice.status, 422);

    // The session keeps its first talk only: the second talk's material goes with it.
    await t.http().patch(`/api/events/${event.id}/sessions/${session.id}`).set(alice).send({ talks: [{ id: talk.id, title: talk.title, speakers: talk.speakers.map((s: Json) => s.id), plannedMinutes: 30 }] }).expect(200);
    assert.deepEqual((await list(alice, event.id)).map((d) => d.id), [poster.id, paper.id, slides.id]);
  });

  it('keeps each organiser to their own events: no upload to, listing, ordering or deleting of another event’s files, and no talk of another event', async () => {
    const a = await eventWithTalk(alice);
    const b = await eventWithTalk(bob);
    const aSlides = (await upload(alice, a.event.id, PDF, 'slides.pdf', { kind: 'slides', 'title.en': 'Slides', talkId: a.talk.id }).expect(201)).body as Json;

    const intoA = await upload(bob, a.event.id, PDF, 'intrus.pdf', { kind: 'slides', 'title.en': 'Intruder', talkId: a.talk.id });
    assert.equal(intoA.status, 404);
    assert.equal(intoA.body.code, 'NOT_FOUND');
    const aTalkIntoB = await upload(bob, b.event.id, PDF, 'intrus.pdf', { kind: 'slides', 'title.en': 'Intruder', talkId: a.talk.id });
    assert.equal(aTalkIntoB.status, 422, JSON.stringify(aTalkIntoB.body));
    assert.deepEqual(aTalkIntoB.body.issues, [{ path: ['talkId'], code: 'unknown_reference' }]);
    const notUuid = await upload(bob, b.event.id, PDF, 'x.pdf', { kind: 'slides', 'title.en': 'X', talkId: 'not-an-id' });
    assert.equal(notUuid.status, 422);

    assert.equal((await t.http().get(`/api/events/${a.event.id}/downloads`).set(bob)).status, 404);
    assert.equal((await t.http().put(`/api/events/${a.event.id}/downloads/order`).set(bob).send({ talkId: a.talk.id, downloadIds: [aSlides.id] })).status, 404);
    assert.equal((await t.http().put(`/api/events/${b.event.id}/downloads/order`).set(bob).send({ talkId: a.talk.id, downloadIds: [aSlides.id] })).status, 422);
    assert.equal((await t.http().delete(`/api/events/${a.event.id}/downloads/${aSlides.id}`).set(bob)).status, 404);
    assert.equal((await t.http().delete(`/api/events/${b.event.id}/downloads/${aSlides.id}`).set(bob)).status, 404, 'through an event bob manages');
    assert.equal((await t.http().get(`/api/events/${b.event.id}/downloads/${aSlides.id}`).set(bob)).status, 404);
    assert.deepEqual((await list(alice, a.event.id)).map((d) => d.id), [aSlides.id], 'alice’s file is still there');
    assert.deepEqual(await list(bob, b.event.id), [], 'and nothing landed in bob’s event');
  });

  it('shows talk materials on the public session, person and event views only once published, and serves their bytes', async () => {
    const { event, slug, speaker, session, talk } = await eventWithTalk(alice);
    const slides = (await upload(alice, event.id, PDF, 'slides.pdf', { kind: 'slides', 'title.fr': 'Diaporama', talkId: talk.id }).expect(201)).body as Json;
    const poster = (await upload(alice, event.id, PNG, 'affiche.png', { kind: 'poster', 'title.fr': 'Affiche' }).expect(201)).body as Json;
    const publicRoutes = [`/api/public/events/${slug}`, `/api/public/events/${slug}/sessions/${session.id}`, `/api/public/events/${slug}/people/${speaker.id}`, slides.url, poster.url];
    for (const url of publicRoutes) assert.equal((await t.http().get(url)).status, 404, `draft: ${url}`);

    await t.http().post(`/api/events/${event.id}/publish`).set(alice).expect(200);
    const publicEvent = (await t.http().get(`/api/public/events/${slug}`).expect(200)).body as Json;
    assert.deepEqual(publicEvent.downloads.map((d: Json) => d.id), [poster.id], 'the event’s own files only');
    assert.deepEqual(publicEvent.sessions[0].talks.map((t: Json) => t.materials.map((m: Json) => m.id)), [[slides.id], []]);
    const publicSession = (await t.http().get(`/api/public/events/${slug}/sessions/${session.id}`).expect(200)).body as Json;
    assert.deepEqual(publicSession.talks[0].materials, [slides]);
    const publicPerson = (await t.http().get(`/api/public/events/${slug}/people/${speaker.id}`).expect(200)).body as Json;
    assert.deepEqual(publicPerson.sessions[0].talks[0].materials.map((m: Json) => m.id), [slides.id]);

    const fetched = await t.http().get(slides.url).buffer(true).parse(binary).expect(200);
    assert.equal(fetched.headers['content-type'], 'application/pdf');
    assert.equal(fetched.headers['x-content-type-options'], 'nosniff');
    assert.ok(Buffer.compare(fetched.body, PDF) === 0, 'the same bytes');

    await t.http().post(`/api/events/${event.id}/unpublish`).set(alice).expect(200);
    for (const url of publicRoutes) assert.equal((await t.http().get(url)).status, 404, `unpublished: ${url}`);
  });

  it('removes a material and its bytes', async () => {
    const { event, talk } = await eventWithTalk(alice);
    const slides = (await upload(alice, event.id, PDF, 'slides.pdf', { kind: 'slides', 'title.en': 'Slides', talkId: talk.id }).expect(201)).body as Json;
    const [{ storage_key: key }] = await t.app.get(DataSource).query(`SELECT storage_key FROM download WHERE id = $1`, [slides.id]);
    const storage = t.app.get<Storage>(STORAGE);
    assert.equal(await storage.size(key), PDF.length);
    await t.http().delete(`/api/events/${event.id}/downloads/${slides.id}`).set(alice).expect(204);
    assert.deepEqual(await list(alice, event.id), []);
    assert.equal((await t.http().get(`/api/events/${event.id}/downloads/${slides.id}`).set(alice)).status, 404);
    assert.equal(await storage.size(key), null, 'the bytes are gone from storage');
  });
});

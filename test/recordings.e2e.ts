import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { RecordingAdminView } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent } from './support/live-event';
import { connectQa } from './support/qa-client';
import { wavFile } from './support/media';
import { APP_CONFIG, type AppConfig } from '../apps/api/src/config/config';
import { XMLParser } from 'fast-xml-parser';
import { DataSource } from 'typeorm';

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Reads a response body as bytes. */
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('recordings: upload, consent, publication, playback', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;
  let storageDir: string;

  before(async () => {
    smtp = await startMailCatcher();
    // No background processing here (media-processing and podcast-feed test it): the files stay as uploaded, the durations as set.
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', MAX_RECORDING_MB: '1', RATE_LIMIT_REGISTRATION_PER_IP: '100000', RATE_LIMIT_ACCESS_PER_IP: '100000', JOBS_WORKER: 'off' });
    owner = (await t.organiser()).auth;
    storageDir = t.app.get<AppConfig>(APP_CONFIG).storage.dir;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : []);

  it('an organiser uploads a recording; it is published only with the speaker’s consent; visitors play it with range requests; deleting it removes its file', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const speaker = bearer(await ev.speakerToken());
    const audio = wavFile(20, 'noise'); // 320 KB

    const uploaded = await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/wav').send(audio).expect(201);
    const rec = uploaded.body as RecordingAdminView;
    assert.deepEqual([rec.source, rec.status, rec.published], ['upload', 'complete', false]);
    assert.deepEqual([rec.files[0].contentType, rec.files[0].kind, rec.files[0].size, rec.files[0].sha256], ['audio/wav', 'audio', audio.length, sha256(audio)]);
    assert.deepEqual(rec.title, { en: 'Plenary now' }, 'titled after its session');
    assert.deepEqual(rec.consents.map((c) => [c.name, c.decision]), [['Lise Demailly', 'pending']]);
    assert.equal(rec.publishable, false);

    // Not publishable yet: 409 says who has not consented. Visitors see nothing (404, not 403).
    const refused = await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/publish`).set(owner).expect(409);
    assert.equal(refused.body.code, 'RECORDING_NOT_PUBLISHABLE');
    assert.ok(refused.body.details.missingConsents.some((c: { name: string; decision: string }) => c.name === 'Lise Demailly' && c.decision === 'pending'));
    assert.match(refused.body.message, /Lise Demailly/);
    assert.deepEqual((await t.http().get(`/api/public/events/${ev.slug}/recordings`).expect(200)).body, []);
    await t.http().get(`/api/public/events/${ev.slug}/recordings/${rec.id}`).expect(404);
    await t.http().get(`/api/public/events/${ev.slug}/recordings/${rec.id}/files/${rec.files[0].id}`).expect(404);

    // Only the recording's speakers consent, from their personal link.
    const ada = await ev.attendee('Ada Listener');
    await t.http().put(`/api/me/recordings/${rec.id}/consent`).set(bearer(ada.token)).send({ decision: 'granted' }).expect(403);
    await t.http().put(`/api/me/recordings/${rec.id}/consent`).set(bearer(await ev.otherChairToken())).send({ decision: 'granted' }).expect(403);
    await t.http().put(`/api/me/recordings/${rec.id}/consent`).set(speaker).send({ decision: 'maybe' }).expect(422);
    const mine = (await t.http().get('/api/me/recordings').set(speaker).expect(200)).body as RecordingAdminView[];
    assert.deepEqual(mine.map((r) => r.id), [rec.id]);
    const consented = (await t.http().put(`/api/me/recordings/${rec.id}/consent`).set(speaker).send({ decision: 'granted' }).expect(200)).body as RecordingAdminView;
    assert.equal(consented.publishable, true);

    // Published: listed for the event and for the speaker, playable with ranges.
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/publish`).set(owner).expect(200);
    const listed = (await t.http().get(`/api/public/events/${ev.slug}/recordings`).expect(200)).body;
    assert.deepEqual(listed.map((r: { id: string }) => r.id), [rec.id]);
    assert.equal('consents' in listed[0], false, 'visitors do not see the consent details');
    assert.equal((await t.http().get(`/api/public/events/${ev.slug}/recordings?personId=${ev.speakerId}`).expect(200)).body.length, 1);
    const url = `/api/public/events/${ev.slug}/recordings/${rec.id}/files/${rec.files[0].id}`;
    const whole = await binary(t.http().get(url)).expect(200);
    assert.deepEqual([whole.headers['accept-ranges'], whole.headers['content-type'], Number(whole.headers['content-length'])], ['bytes', 'audio/wav', audio.length]);
    assert.equal(sha256(whole.body as Buffer), sha256(audio));
    const start = await binary(t.http().get(url).set('range', 'bytes=0-99')).expect(206);
    assert.deepEqual([start.headers['content-range'], Number(start.headers['content-length'])], [`bytes 0-99/${audio.length}`, 100]);
    assert.deepEqual(start.body, audio.subarray(0, 100));
    const middle = await binary(t.http().get(url).set('range', 'bytes=1000-1999')).expect(206);
    assert.deepEqual(middle.body, audio.subarray(1000, 2000));
    const suffix = await binary(t.http().get(url).set('range', 'bytes=-500')).expect(206);
    assert.equal(suffix.headers['content-range'], `bytes ${audio.length - 500}-${audio.length - 1}/${audio.length}`);
    assert.deepEqual(suffix.body, audio.subarray(audio.length - 500));
    const beyond = await t.http().get(url).set('range', `bytes=${audio.length + 10}-`).expect(416);
    assert.equal(beyond.headers['content-range'], `bytes */${audio.length}`);
    const head = await t.http().head(url).expect(200);
    assert.equal(Number(head.headers['content-length']), audio.length);

    // Retracted: gone for visitors. A refusal keeps it down; an organiser's exception, with its reason, allows it.
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/retract`).set(owner).expect(200);
    await t.http().get(url).expect(404);
    await t.http().put(`/api/me/recordings/${rec.id}/consent`).set(speaker).send({ decision: 'refused' }).expect(200);
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/publish`).set(owner).expect(409);
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/consent-exception`).set(owner).send({ reason: 'short' }).expect(422);
    const excepted = (await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/consent-exception`).set(owner).send({ reason: 'Consent given in writing on the day (form kept by the secretariat).' }).expect(200)).body;
    assert.equal(excepted.publishable, true);
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/publish`).set(owner).expect(200);

    // Another organiser's event: nothing to see or do.
    const stranger = await t.organiser();
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/retract`).set(stranger.auth).expect(404);

    // Deleting removes the file from storage.
    const before = filesIn(join(storageDir, 'recordings'));
    assert.equal(before.length, 1);
    await t.http().delete(`/api/events/${ev.id}/recordings/${rec.id}`).set(owner).expect(204);
    assert.deepEqual(filesIn(join(storageDir, 'recordings')), []);
    await t.http().get(`/api/public/events/${ev.slug}/recordings/${rec.id}`).expect(404);
  });

  it('reads the type from the content: a file that lies about its type, an empty one, one too large are refused, and nothing is kept', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), randomBytes(8000)]);
    const lying = await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/mpeg').send(pdf).expect(415);
    assert.deepEqual(lying.body.details, { detectedType: 'application/pdf' });
    assert.match(lying.body.message, /not audio or video/);
    const text = await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'video/mp4').send(Buffer.from('just some words, not a film at all '.repeat(200))).expect(415);
    assert.deepEqual(text.body.details, { detectedType: null });
    await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/wav').send(Buffer.alloc(0)).expect(422);
    const tooLarge = await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(70, 'noise')).expect(413);
    assert.match(tooLarge.body.message, /up to 1 MB/);
    await t.http().post(`/api/events/${ev.id}/sessions/7a1c2f4e-0000-4000-8000-000000000000/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(1, 'noise')).expect(404);
    assert.deepEqual((await t.http().get(`/api/events/${ev.id}/recordings`).set(owner).expect(200)).body, []);
    assert.deepEqual(filesIn(join(storageDir, 'recordings', ev.id)), []);
  });

  it('without a recording service (RECORDING_EGRESS unset, no LIVEKIT_URL: the development default), starting a recording answers 503 at once and leaves nothing; only a complete recording is ever published', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const chair = bearer(await ev.chairToken());
    const startedAt = Date.now();
    const refused = await t.http().post(`/api/sessions/${ev.live}/recording/start`).set(chair).send({ audio: true }).expect(503);
    assert.ok(Date.now() - startedAt < 3000, `answered in ${Date.now() - startedAt} ms`);
    assert.equal(refused.body.code, 'RECORDING_UNAVAILABLE');
    assert.deepEqual(refused.body.details, { reason: 'disabled' });
    assert.deepEqual((await t.http().get(`/api/events/${ev.id}/recordings?sessionId=${ev.live}`).set(owner).expect(200)).body, []);
    // Still the policy first: an attendee is told it is not theirs to record, not that the service is missing.
    const ada = await ev.attendee('Ada NoRecorder');
    assert.equal((await t.http().post(`/api/sessions/${ev.live}/recording/start`).set(bearer(ada.token)).send({}).expect(403)).body.code, 'NOT_ALLOWED');

    // A recording whose egress failed (as LiveKit reported it): the organisers cannot publish it, even with an exception for consent.
    const [failed] = await t.app.get(DataSource).query(
      `INSERT INTO recording (event_id, session_id, source, status, failure_reason, title, language) VALUES ($1, $2, 'egress', 'failed', 'EGRESS_ABORTED: no worker', '{"en":"Plenary now"}', 'en') RETURNING id`,
      [ev.id, ev.live],
    );
    await t.http().post(`/api/events/${ev.id}/recordings/${failed.id}/consent-exception`).set(owner).send({ reason: 'Public lecture' }).expect(200);
    const notComplete = await t.http().post(`/api/events/${ev.id}/recordings/${failed.id}/publish`).set(owner).expect(409);
    assert.equal(notComplete.body.code, 'RECORDING_NOT_COMPLETE');
    assert.deepEqual(notComplete.body.details, { status: 'failed' });
    assert.equal(notComplete.body.details.status, 'failed');
    assert.deepEqual((await t.http().get(`/api/public/events/${ev.slug}/recordings`).expect(200)).body, []);
  });

  it('has chapters from the talks and from the questions marked answered, and organisers edit its title, licence and duration', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const chairToken = await ev.chairToken();
    const chair = await connectQa(t.baseUrl, { token: chairToken });
    try {
      await chair.ok('session:join', { sessionId: ev.live });
      const asked = await chair.ok('question:ask', { sessionId: ev.live, clientId: 'chapter-question-1', text: 'How do peer supporters share notes?' });
      await chair.ok('question:moderate', { sessionId: ev.live, questionId: asked.question.id, action: 'answer' });
    } finally {
      chair.close();
    }
    const rec = (await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(2, 'noise')).expect(201)).body as RecordingAdminView;
    const edited = (
      await t
        .http()
        .patch(`/api/events/${ev.id}/recordings/${rec.id}`)
        .set(owner)
        .send({ title: { en: 'Opening plenary', fr: 'Plénière d’ouverture' }, licence: 'CC-BY-4.0', durationSeconds: 5400, language: 'fr' })
        .expect(200)
    ).body as RecordingAdminView;
    assert.deepEqual([edited.title.fr, edited.licence, edited.durationSeconds, edited.language], ['Plénière d’ouverture', 'CC-BY-4.0', 5400, 'fr']);
    // Titles in every language they have (the talk's), the question as asked under the session's language; no kind in the title.
    assert.deepEqual(edited.chapters.map((c) => [c.kind, c.title]), [['talk', { en: 'Talk' }], ['question', { en: 'How do peer supporters share notes?' }]]);
    const question = edited.chapters[1];
    assert.ok(question.startSeconds >= 590 && question.startSeconds <= 700, `answered about ten minutes into the session (${question.startSeconds} s)`);
    await t.http().patch(`/api/events/${ev.id}/recordings/${rec.id}`).set(owner).send({ licence: 'WTFPL' }).expect(422);
  });
  it('publishes a podcast feed per event: RSS 2.0, iTunes namespace, enclosures with length and type, Podcasting 2.0 chapters', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const speaker = bearer(await ev.speakerToken());
    const audio = wavFile(3, 'noise');
    const rec = (await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/wav').send(audio).expect(201)).body as RecordingAdminView;
    const draft = (await t.http().post(`/api/events/${ev.id}/sessions/${ev.other}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(1, 'noise')).expect(201)).body as RecordingAdminView;
    await t.http().patch(`/api/events/${ev.id}/recordings/${rec.id}`).set(owner).send({ durationSeconds: 3600, description: { en: 'The opening plenary & its questions' } }).expect(200);
    await t.http().put(`/api/me/recordings/${rec.id}/consent`).set(speaker).send({ decision: 'granted' }).expect(200);
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/publish`).set(owner).expect(200);

    const res = await t.http().get(`/api/public/events/${ev.slug}/podcast.xml`).expect(200);
    assert.match(res.headers['content-type'], /application\/rss\+xml/);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false }).parse(res.text);
    assert.equal(xml.rss['@version'], '2.0');
    assert.equal(xml.rss['@xmlns:itunes'], 'http://www.itunes.com/dtds/podcast-1.0.dtd');
    assert.equal(xml.rss['@xmlns:podcast'], 'https://podcastindex.org/namespace/1.0');
    const channel = xml.rss.channel;
    assert.equal(channel.title, 'Study day');
    assert.equal(channel['itunes:explicit'], 'false');
    const items = [channel.item].flat();
    assert.equal(items.length, 1, 'only the published recording is an episode');
    const [item] = items;
    assert.equal(item.guid['#text'] ?? item.guid, rec.id);
    assert.equal(item.description, 'The opening plenary & its questions');
    assert.equal(item.enclosure['@type'], 'audio/wav');
    assert.equal(Number(item.enclosure['@length']), audio.length);
    assert.equal(item['itunes:duration'], '3600', 'in seconds');
    const enclosure = new URL(item.enclosure['@url']);
    assert.equal(enclosure.pathname, `/api/public/events/${ev.slug}/recordings/${rec.id}/files/${rec.files[0].id}`);
    assert.equal((await binary(t.http().get(enclosure.pathname).set('range', 'bytes=0-3')).expect(206)).body.toString(), 'RIFF');
    const chapters = new URL(item['podcast:chapters']['@url']);
    assert.equal(item['podcast:chapters']['@type'], 'application/json+chapters');
    const json = JSON.parse((await t.http().get(chapters.pathname).buffer(true).expect(200)).text);
    assert.deepEqual(json, { version: '1.2.0', chapters: [{ startTime: 0, title: 'Talk' }] });
    assert.equal(JSON.stringify(xml).includes(draft.id), false);
    await t.http().get(`/api/public/events/${ev.slug}/recordings/${draft.id}/chapters.json`).expect(404);
    await t.http().get('/api/public/events/no-such-event/podcast.xml').expect(404);
  });
});

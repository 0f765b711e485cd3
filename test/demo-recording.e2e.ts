import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { EventWithProgrammeView, RecordingView } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';
import { DataSource } from 'typeorm';
import { DemoService } from '../apps/api/src/demo/demo.service';

/**
 * The demo's published recording (issue 15): on first start with DEMO_DATA, the 2019 conference's
 * first plenary has a short recording generated with espeak-ng (scripts/make-demo-recording.sh),
 * published, with the programme's talks as chapters, a transcript, and an episode in the feed. It is
 * loaded from the committed assets on a machine without ffmpeg or the transcriber (both pointed at
 * nothing here), nothing is queued, and reloading the demo replaces it without leaving files behind.
 */

const SLUG = 'expeerts-conference-2019';
const ASSETS = join(process.cwd(), 'apps/api/src/demo/assets');
const meta = JSON.parse(readFileSync(join(ASSETS, 'plenary.json'), 'utf8')) as { size: number; sha256: string; probe: { durationSeconds: number }; anchor: { talk: number; atSeconds: number } };

/** Every file under a folder, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(dir, join(prefix, d.name)) : [join(prefix, d.name)]));
}

async function bytes(t: TestApp, path: string): Promise<{ status: number; type: string; length: string | undefined; body: Buffer }> {
  const res = await t
    .http()
    .get(path)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: res.status, type: String(res.headers['content-type']), length: res.headers['content-length'], body: res.body as Buffer };
}

describe('the demo’s published recording', () => {
  let t: TestApp;
  let storageDir: string;
  let workDir: string;
  before(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'amphi-demo-storage-'));
    workDir = mkdtempSync(join(tmpdir(), 'amphi-demo-recording-'));
    // A fresh machine: no ffmpeg, no transcriber. The demo needs neither.
    t = await startTestApp({ DEMO_DATA: 'true', STORAGE_DIR: storageDir, FFMPEG_PATH: '/nonexistent/ffmpeg', FFPROBE_PATH: '/nonexistent/ffprobe', TRANSCRIBER_COMMAND: 'off' });
  });
  after(async () => {
    await t?.close();
    rmSync(storageDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  let recording: RecordingView;

  it('is listed, published, in French, with the programme’s two talks as chapters and its transcript', async () => {
    const list = (await t.http().get(`/api/public/events/${SLUG}/recordings`).expect(200)).body as RecordingView[];
    assert.equal(list.length, 1);
    recording = list[0];
    const event = (await t.http().get(`/api/public/events/${SLUG}`).expect(200)).body as EventWithProgrammeView;
    const session = event.sessions.find((s) => s.id === recording.sessionId)!;
    assert.equal(session.title.en, 'Plenary session – Citizens in a changing society');
    assert.equal(recording.published, true);
    assert.ok(recording.publishedAt);
    assert.equal(recording.status, 'complete');
    assert.equal(recording.language, 'fr');
    assert.deepEqual(recording.title, session.title);
    assert.equal(recording.durationSeconds, Math.round(meta.probe.durationSeconds));
    assert.deepEqual(recording.probe, meta.probe);
    assert.ok(recording.loudnessLufs !== null && Math.abs(recording.loudnessLufs + 16) <= 1, `loudness ${recording.loudnessLufs} LUFS, within 1 LU of -16`);
    assert.ok(recording.durationSeconds! >= 30 && recording.durationSeconds! <= 60, 'short: 30 to 60 seconds');

    // Placed in the session so that the second talk's planned start falls inside it: the first
    // talk is the chapter at 0, the second where the chair hands over (anchor of the assets).
    assert.deepEqual(
      recording.chapters.map((c) => ({ at: c.startSeconds, kind: c.kind, title: c.title.fr })),
      [
        { at: 0, kind: 'talk', title: session.talks[0].title.fr },
        { at: Math.round(meta.anchor.atSeconds), kind: 'talk', title: session.talks[1].title.fr },
      ],
    );
    assert.equal(Date.parse(recording.startedAt!), Date.parse(session.startsAt) + session.talks[0].plannedMinutes * 60_000 - Math.round(meta.anchor.atSeconds * 1000));

    const base = `/api/public/events/${SLUG}/recordings/${recording.id}/transcript`;
    assert.deepEqual(recording.transcript, { language: 'fr', json: `${base}.json`, vtt: `${base}.vtt`, text: `${base}.txt`, edited: true });
    assert.deepEqual(recording.files.map((f) => [f.kind, f.contentType, f.size, f.sha256]).sort(), [
      ['audio', 'audio/mpeg', meta.size, meta.sha256],
      ['podcast', 'audio/mpeg', meta.size, meta.sha256],
    ]);
  });

  it('is the one episode of the feed, whose enclosure answers the MP3 at its length, as long as its probe says', async () => {
    const xml = await t.http().get(`/api/public/events/${SLUG}/podcast.xml`).expect(200);
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'item' }).parse(xml.text);
    const items = feed.rss.channel.item as Array<Record<string, unknown>>;
    assert.equal(items.length, 1);
    const enclosure = items[0].enclosure as { '@url': string; '@length': string; '@type': string };
    assert.equal(enclosure['@type'], 'audio/mpeg');
    assert.equal(Number(enclosure['@length']), meta.size);
    const file = await bytes(t, new URL(enclosure['@url']).pathname);
    assert.equal(file.status, 200);
    assert.match(file.type, /^audio\/mpeg/);
    assert.equal(Number(file.length), meta.size);
    assert.equal(file.body.length, meta.size);
    assert.equal(createHash('sha256').update(file.body).digest('hex'), meta.sha256);

    const mp3 = join(workDir, 'episode.mp3');
    writeFileSync(mp3, file.body);
    const probed = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', mp3], { encoding: 'utf8' }));
    assert.ok(Math.abs(Number(probed.format.duration) - meta.probe.durationSeconds) < 0.05, `ffprobe: ${probed.format.duration} s, the probe: ${meta.probe.durationSeconds} s`);
    assert.equal(probed.streams[0].codec_name, 'mp3');
    assert.equal(Number(probed.streams[0].sample_rate), 44100);
    assert.equal(probed.streams[0].channels, 1);

    const chapters = (await t.http().get(`/api/public/events/${SLUG}/recordings/${recording.id}/chapters.json`).expect(200)).body as { chapters: Array<{ startTime: number }> };
    assert.deepEqual(chapters.chapters.map((c) => c.startTime), [0, Math.round(meta.anchor.atSeconds)]);
  });

  it('has its transcript as WebVTT captions, the lines as said', async () => {
    const vtt = await t.http().get(`/api/public/events/${SLUG}/recordings/${recording.id}/transcript.vtt`).expect(200);
    assert.match(String(vtt.headers['content-type']), /^text\/vtt/);
    const text = vtt.text;
    assert.ok(text.startsWith('WEBVTT'));
    const cues = text.match(/^\d\d:\d\d:\d\d\.\d\d\d --> \d\d:\d\d:\d\d\.\d\d\d/gm) ?? [];
    const lines = readFileSync(join(ASSETS, 'plenary.fr.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('@'));
    assert.equal(cues.length, lines.length);
    assert.match(text, /Jean-Louis Genard, la parole est à vous\./);
    assert.match(text, /L'horizon anthropologique des nouvelles politiques sociales/);
  });

  it('was published without any job: nothing queued, whatever the machine lacks', async () => {
    const jobs = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM background_job`);
    assert.equal(jobs[0].n, 0);
  });

  it('is replaced when the demo is loaded again: one recording, its two files in storage, nothing left behind', async () => {
    const stored = () => filesUnder(storageDir).filter((f) => f.startsWith('recordings'));
    assert.equal(stored().length, 2);
    const before = stored();
    await t.app.get(DemoService).load();
    await t.app.get(DemoService).load();
    const list = (await t.http().get(`/api/public/events/${SLUG}/recordings`).expect(200)).body as RecordingView[];
    assert.equal(list.length, 1);
    assert.notEqual(list[0].id, recording.id);
    assert.equal(stored().length, 2);
    assert.ok(stored().every((f) => !before.includes(f)), 'the first recording’s files are gone');
    const counts = await t.app.get(DataSource).query(
      `SELECT (SELECT count(*) FROM recording)::int AS recordings, (SELECT count(*) FROM recording_file)::int AS files, (SELECT count(*) FROM recording_transcript)::int AS transcripts, (SELECT count(*) FROM recording_consent)::int AS consents`,
    );
    assert.deepEqual(counts[0], { recordings: 1, files: 2, transcripts: 1, consents: 2 });
    await t.http().get(`/api/public/events/${SLUG}/recordings/${recording.id}`).expect(404);
  });
});

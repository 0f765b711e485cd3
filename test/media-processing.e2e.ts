import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { MediaJobView, RecordingAdminView } from '@amphi/contracts';
import { freshDatabase, startTestApp, type TestApp } from './support/harness';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { until } from './support/wait';
import { APP_CONFIG, type AppConfig } from '../apps/api/src/config/config';

/**
 * Every recording is processed in the background (issue 15): the 'podcast_audio' job probes the
 * uploaded file with ffprobe and makes its podcast file with ffmpeg (MP3, loudness-normalised),
 * then queues the transcript. Real ffmpeg, real espeak-ng speech, real API processes killed on
 * purpose; what comes out is measured here with ffprobe and ffmpeg's own EBU R128 meter.
 */

type Auth = { Authorization: string };
const work = mkdtempSync(join(tmpdir(), 'amphi-media-test-'));
/** MEDIA_TEST_LOG=1 shows the jobs' log (attempts, failures). */
const LOG: Record<string, string> = process.env.MEDIA_TEST_LOG ? { LOG_LEVEL: 'log' } : {};

/** English speech from espeak-ng, repeated `times` (a WAV, 22.05 kHz mono). */
function speech(name: string, times = 1): string {
  const once = join(work, `${name}-once.wav`);
  execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-w', once, 'Welcome to this study day on the history of science. Our first speaker tells us how laboratories shared their notebooks, and how the questions of the audience changed the talk.']);
  if (times === 1) return once;
  const file = join(work, `${name}.wav`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', String(times - 1), '-i', once, '-c:a', 'pcm_s16le', file]);
  return file;
}

/** What ffprobe says of a file's duration, in seconds. */
function durationOf(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

/** The integrated loudness of a file (LUFS), measured by ffmpeg's EBU R128 meter, here in the test. */
function loudnessOf(file: string): number {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128=framelog=verbose', '-f', 'null', '-'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const report = run.stderr;
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(report.slice(report.lastIndexOf('Integrated loudness:')))![1]);
}

async function http(baseUrl: string, path: string, auth: Auth, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
}

/** A published event with one plenary, through the API. */
async function createEvent(t: TestApp, owner: Auth): Promise<{ id: string; sessionId: string }> {
  const slug = `media-${randomBytes(4).toString('hex')}`;
  const event = (await t.http().post('/api/events').set(owner).send({ slug, title: { en: 'Study day' }, mainLanguage: 'en', timeZone: 'UTC', startDate: '2026-12-01', endDate: '2026-12-01', format: 'online' }).expect(201)).body;
  const chair = (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: 'Eve Gardien', email: `eve-${slug}@example.org` }).expect(201)).body;
  const session = (
    await t
      .http()
      .post(`/api/events/${event.id}/sessions`)
      .set(owner)
      .send({ type: 'plenary', title: { en: 'Opening plenary' }, stage: 'main', startsAt: '2026-12-01T09:00', endsAt: '2026-12-01T10:00', chairs: [chair.id], talks: [] })
      .expect(201)
  ).body;
  return { id: event.id, sessionId: session.id };
}

const jobOf = (view: RecordingAdminView, kind: MediaJobView['kind']) => view.jobs.find((j) => j.kind === kind);

describe('processing recordings with ffmpeg, as background jobs', () => {
  let t: TestApp;
  let owner: Auth;
  let storageDir: string;

  before(async () => {
    t = await startTestApp({ ...LOG, JOBS_POLL_MS: '100', JOBS_RETRY_SECONDS: '0', TRANSCRIBER_COMMAND: 'off' });
    owner = (await t.organiser()).auth;
    storageDir = t.app.get<AppConfig>(APP_CONFIG).storage.dir;
  });
  after(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  const view = async (eventId: string, recordingId: string, auth = owner) => (await t.http().get(`/api/events/${eventId}/recordings/${recordingId}`).set(auth).expect(200)).body as RecordingAdminView;
  const upload = async (eventId: string, sessionId: string, file: string) =>
    (await t.http().post(`/api/events/${eventId}/sessions/${sessionId}/recordings`).set(owner).set('content-type', 'audio/wav').send(readFileSync(file)).expect(201)).body as RecordingAdminView;
  const download = async (eventId: string, recordingId: string, fileId: string, name: string) => {
    const res = await t
      .http()
      .get(`/api/events/${eventId}/recordings/${recordingId}/files/${fileId}`)
      .set(owner)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const path = join(work, name);
    writeFileSync(path, res.body as Buffer);
    return { path, type: res.headers['content-type'] as string };
  };

  it('a WAV upload comes out as an MP3 podcast file with the same duration, at −16 LUFS (±1 LU, measured here), probed; then the transcript is queued', async () => {
    const ev = await createEvent(t, owner);
    const source = speech('plenary');
    const seconds = durationOf(source);
    assert.ok(seconds > 8 && seconds < 20, `a short sample (${seconds} s)`);
    const before = loudnessOf(source);
    assert.ok(Math.abs(before + 16) > 2, `the sample is not already at the target (${before} LUFS)`);

    const uploaded = await upload(ev.id, ev.sessionId, source);
    // Queued with the upload (in its transaction), and started at once in this process.
    assert.ok(['queued', 'running'].includes(jobOf(uploaded, 'podcast_audio')?.status ?? ''), `the job is queued or running (${JSON.stringify(uploaded.jobs)})`);
    const seen = new Set<string>([jobOf(uploaded, 'podcast_audio')!.status]);
    let rec = uploaded;
    await until('the podcast_audio job is done', 60_000, async () => {
      rec = await view(ev.id, uploaded.id);
      const job = jobOf(rec, 'podcast_audio')!;
      seen.add(job.status);
      assert.notEqual(job.status, 'failed', `the job failed: ${JSON.stringify(job.error)}`);
      return job.status === 'done';
    });
    assert.equal(seen.has('done'), true);
    assert.deepEqual(jobOf(rec, 'podcast_audio')!.error, null);
    assert.equal(jobOf(rec, 'podcast_audio')!.attempts, 1);

    const podcast = rec.files.find((f) => f.kind === 'podcast');
    assert.ok(podcast, `a podcast file (${JSON.stringify(rec.files)})`);
    assert.equal(podcast.contentType, 'audio/mpeg');
    assert.equal(rec.files.filter((f) => f.kind === 'audio').length, 1, 'the original is kept beside it');
    const mp3 = await download(ev.id, rec.id, podcast.id, 'podcast.mp3');
    assert.equal(mp3.type, 'audio/mpeg');
    const probed = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', mp3.path], { encoding: 'utf8' }));
    assert.equal(probed.format.format_name, 'mp3');
    assert.deepEqual([probed.streams.length, probed.streams[0].codec_name, probed.streams[0].sample_rate, probed.streams[0].channels], [1, 'mp3', '44100', 1], 'MP3, 44.1 kHz, mono like its source');
    assert.ok(Math.abs(Number(probed.streams[0].bit_rate) - 96_000) <= 2_000, `96 kbit/s (${probed.streams[0].bit_rate})`);
    assert.ok(Math.abs(durationOf(mp3.path) - seconds) < 0.5, `the same duration (${durationOf(mp3.path)} s for ${seconds} s)`);
    const lufs = loudnessOf(mp3.path);
    assert.ok(Math.abs(lufs + 16) <= 1, `−16 LUFS ±1 LU, measured by ffmpeg here: ${lufs}`);
    assert.ok(rec.loudnessLufs !== null && Math.abs(rec.loudnessLufs - lufs) <= 0.2, `the recording says the measured loudness (${rec.loudnessLufs})`);

    // The probe is of the original file.
    assert.ok(rec.probe);
    assert.deepEqual([rec.probe.format, rec.probe.audioCodec, rec.probe.videoCodec, rec.probe.channels, rec.probe.sampleRate], ['wav', 'pcm_s16le', null, 1, 22050]);
    assert.ok(Math.abs(rec.probe.durationSeconds - seconds) < 0.01);
    assert.equal(rec.durationSeconds, Math.round(seconds));

    // Stored where the protocol says, and nothing else is left in storage or in the temporary folder.
    assert.ok(existsSync(join(storageDir, 'recordings', ev.id, rec.id, 'podcast.mp3')));

    // Then the transcript: queued for the same recording (no transcriber here: it says so, and is not retried).
    await until('the transcript job has ended', 30_000, async () => {
      rec = await view(ev.id, uploaded.id);
      return ['failed', 'done'].includes(jobOf(rec, 'transcript')?.status ?? '');
    });
    assert.deepEqual([jobOf(rec, 'transcript')!.status, jobOf(rec, 'transcript')!.error?.code, jobOf(rec, 'transcript')!.attempts], ['failed', 'transcriber_missing', 1]);
  });

  it('processing again replaces the podcast file (one row, one file); deleting the recording removes both files; a recording deleted while processed leaves nothing behind', async () => {
    const ev = await createEvent(t, owner);
    const uploaded = await upload(ev.id, ev.sessionId, speech('again'));
    await until('processed', 60_000, async () => jobOf(await view(ev.id, uploaded.id), 'podcast_audio')?.status === 'done');
    const first = (await view(ev.id, uploaded.id)).files.find((f) => f.kind === 'podcast')!;
    const again = (await t.http().post(`/api/events/${ev.id}/recordings/${uploaded.id}/process`).set(owner).expect(200)).body as RecordingAdminView;
    assert.equal(again.id, uploaded.id);
    assert.ok(['queued', 'running'].includes(jobOf(again, 'podcast_audio')!.status));
    let rec = again;
    await until('processed again', 60_000, async () => {
      rec = await view(ev.id, uploaded.id);
      return jobOf(rec, 'podcast_audio')?.status === 'done';
    });
    const podcasts = rec.files.filter((f) => f.kind === 'podcast');
    assert.equal(podcasts.length, 1);
    assert.notEqual(podcasts[0].id, first.id, 'a new row replaced the old one');
    assert.deepEqual(readdirSync(join(storageDir, 'recordings', ev.id, rec.id)).sort(), ['podcast.mp3', 'upload']);
    // Deleting the recording removes both from storage.
    await t.http().delete(`/api/events/${ev.id}/recordings/${rec.id}`).set(owner).expect(204);
    assert.deepEqual(existsSync(join(storageDir, 'recordings', ev.id, rec.id)) ? readdirSync(join(storageDir, 'recordings', ev.id, rec.id)) : [], []);

    // Deleted while ffmpeg works on it: the job finishes quietly and removes what it wrote.
    const long = await upload(ev.id, ev.sessionId, speech('deleted', 8));
    await until('the job is running', 30_000, async () => jobOf(await view(ev.id, long.id), 'podcast_audio')?.status === 'running');
    await t.http().delete(`/api/events/${ev.id}/recordings/${long.id}`).set(owner).expect(204);
    const jobs = t.app.get(DataSource).getRepository('BackgroundJob');
    await until('the job has ended', 60_000, async () => ['done', 'failed'].includes((await jobs.findOneBy({ subjectId: long.id, kind: 'podcast_audio' }))?.status));
    assert.equal((await jobs.findOneBy({ subjectId: long.id, kind: 'podcast_audio' }))?.status, 'done');
    assert.equal(existsSync(join(storageDir, 'recordings', ev.id, long.id)) && readdirSync(join(storageDir, 'recordings', ev.id, long.id)).length > 0, false, 'no orphan file in storage');
    assert.equal(await jobs.countBy({ subjectId: long.id, kind: 'transcript' }), 0, 'no transcript queued for a deleted recording');
  });

  it('without ffmpeg (FFMPEG_PATH to nothing), the job fails with ffmpeg_missing after its attempts, shown to organisers; once installed, processing again makes the file', async () => {
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    const ffmpegPath = join(bin, 'ffmpeg');
    const other = await startTestApp({ ...LOG, JOBS_POLL_MS: '100', JOBS_RETRY_SECONDS: '0', TRANSCRIBER_COMMAND: 'off', FFMPEG_PATH: ffmpegPath });
    try {
      const me = (await other.organiser()).auth;
      const ev = await createEvent(other, me);
      const uploaded = (await other.http().post(`/api/events/${ev.id}/sessions/${ev.sessionId}/recordings`).set(me).set('content-type', 'audio/wav').send(readFileSync(speech('missing'))).expect(201)).body as RecordingAdminView;
      let rec = uploaded;
      await until('the job failed', 30_000, async () => {
        rec = (await other.http().get(`/api/events/${ev.id}/recordings/${uploaded.id}`).set(me).expect(200)).body;
        return jobOf(rec, 'podcast_audio')?.status === 'failed';
      });
      const job = jobOf(rec, 'podcast_audio')!;
      assert.deepEqual([job.attempts, job.maxAttempts, job.error?.code], [3, 3, 'ffmpeg_missing'], 'tried three times (a missing tool may be installed meanwhile)');
      assert.match(job.error!.detail!, new RegExp(`ffmpeg was not found at ${ffmpegPath}.*apt-get install ffmpeg.*FFMPEG_PATH`));
      assert.equal(rec.files.some((f) => f.kind === 'podcast'), false);
      assert.equal(rec.probe, null);

      // The administrator installs it; an organiser asks for the recording to be processed again.
      symlinkSync(execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim(), ffmpegPath);
      const again = (await other.http().post(`/api/events/${ev.id}/recordings/${uploaded.id}/process`).set(me).expect(200)).body as RecordingAdminView;
      assert.notEqual(jobOf(again, 'podcast_audio')!.status, 'failed');
      await until('processed once ffmpeg is there', 60_000, async () => {
        rec = (await other.http().get(`/api/events/${ev.id}/recordings/${uploaded.id}`).set(me).expect(200)).body;
        return jobOf(rec, 'podcast_audio')?.status === 'done';
      });
      assert.deepEqual([jobOf(rec, 'podcast_audio')!.attempts, jobOf(rec, 'podcast_audio')!.error], [1, null]);
      assert.equal(rec.files.filter((f) => f.kind === 'podcast').length, 1);
    } finally {
      await other.close();
    }
  });

  it('only the event’s organisers ask for processing: 404 for another event’s, for an unknown recording', async () => {
    const ev = await createEvent(t, owner);
    const rec = await upload(ev.id, ev.sessionId, speech('scoped'));
    const stranger = await t.organiser();
    const refused = await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/process`).set(stranger.auth).expect(404);
    assert.equal(refused.body.code, 'NOT_FOUND');
    const theirs = await createEvent(t, stranger.auth);
    await t.http().post(`/api/events/${theirs.id}/recordings/${rec.id}/process`).set(stranger.auth).expect(404);
    await t.http().post(`/api/events/${ev.id}/recordings/00000000-0000-4000-8000-000000000000/process`).set(owner).expect(404);
    await t.http().post(`/api/events/${ev.id}/recordings/not-an-id/process`).set(owner).expect(404);
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/process`).expect(401);
  });

  it('with JOBS_WORKER=off the API leaves the jobs to a worker process (cli.js worker), which processes them and stops on SIGTERM', async () => {
    const databaseUrl = await freshDatabase();
    const shared = mkdtempSync(join(tmpdir(), 'amphi-media-worker-'));
    const AUTH_SECRET = randomBytes(32).toString('hex');
    const api = await startTestApp({ ...LOG, AUTH_SECRET, JOBS_WORKER: 'off', TRANSCRIBER_COMMAND: 'off', STORAGE_DIR: shared }, databaseUrl);
    let worker: ChildProcess | undefined;
    try {
      const me = (await api.organiser()).auth;
      const ev = await createEvent(api, me);
      const uploaded = (await api.http().post(`/api/events/${ev.id}/sessions/${ev.sessionId}/recordings`).set(me).set('content-type', 'audio/wav').send(readFileSync(speech('worker'))).expect(201)).body as RecordingAdminView;
      const look = async () => (await api.http().get(`/api/events/${ev.id}/recordings/${uploaded.id}`).set(me).expect(200)).body as RecordingAdminView;
      assert.deepEqual([jobOf(uploaded, 'podcast_audio')?.status, jobOf(uploaded, 'podcast_audio')?.attempts], ['queued', 0]);

      let output = '';
      worker = spawn(process.execPath, [join(__dirname, '../apps/api/src/cli.js'), 'worker'], {
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl, AUTH_SECRET, STORAGE_DIR: shared, MAILBOX_DIR: join(shared, 'mailbox'), DEMO_DATA: 'false', TRANSCRIBER_COMMAND: 'off', JOBS_POLL_MS: '100', JOBS_WORKER: 'off' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      let rec = await look();
      await until('the worker has processed the recording', 90_000, async () => {
        rec = await look();
        return jobOf(rec, 'podcast_audio')?.status === 'done';
      });
      assert.equal(rec.files.filter((f) => f.kind === 'podcast').length, 1);
      const [row] = await api.app.get(DataSource).query(`SELECT worker, attempts FROM background_job WHERE kind = 'podcast_audio' AND subject_id = $1`, [uploaded.id]);
      assert.deepEqual([row.worker, row.attempts], [`${hostname()}:${worker.pid}`, 1], 'the worker process did it, not the API');
      assert.match(output, /running background jobs/, 'whatever JOBS_WORKER says, a worker runs jobs');
      const exited = new Promise<number | null>((done) => worker!.once('exit', (code) => done(code)));
      worker.kill('SIGTERM');
      assert.equal(await exited, 0, `stopped cleanly on SIGTERM:\n${output.slice(-2000)}`);
      worker = undefined;
    } finally {
      worker?.kill('SIGKILL');
      await api.close();
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('a job killed mid-way (SIGKILL of its API process) is taken up again by the next process, and finishes with a valid podcast file', async () => {
    const databaseUrl = await freshDatabase();
    const shared = mkdtempSync(join(tmpdir(), 'amphi-media-restart-'));
    const AUTH_SECRET = randomBytes(32).toString('hex');
    // The organiser's account and token come from an in-process app on the same database and storage, which runs no jobs.
    const desk = await startTestApp({ AUTH_SECRET, JOBS_WORKER: 'off', STORAGE_DIR: join(shared, 'storage') }, databaseUrl);
    const processes: ApiProcess[] = [];
    try {
      const me = (await desk.organiser()).auth;
      const ev = await createEvent(desk, me);
      const env = (tmp: string) => {
        mkdirSync(join(shared, tmp), { recursive: true });
        return { AUTH_SECRET, STORAGE_DIR: join(shared, 'storage'), TMPDIR: join(shared, tmp), JOBS_POLL_MS: '100', TRANSCRIBER_COMMAND: 'off' };
      };
      const first = await startApiProcess(databaseUrl, env('tmp-first'));
      processes.push(first);
      const source = speech('restart', 8); // about a minute and a half: ffmpeg works on it for several seconds
      const seconds = durationOf(source);
      const res = await http(first.baseUrl, `/api/events/${ev.id}/sessions/${ev.sessionId}/recordings`, me, { method: 'POST', headers: { 'content-type': 'audio/wav' }, body: readFileSync(source) });
      assert.equal(res.status, 201);
      const rec = (await res.json()) as RecordingAdminView;
      const look = async () => (await desk.http().get(`/api/events/${ev.id}/recordings/${rec.id}`).set(me).expect(200)).body as RecordingAdminView;
      await until('the first process runs the job', 30_000, async () => jobOf(await look(), 'podcast_audio')?.status === 'running');
      // Let ffmpeg get going (its temporary folder holds the copied source), then kill the process.
      const encoding = () => {
        try {
          return readdirSync(join(shared, 'tmp-first')).some((d) => d.startsWith('amphi-media-') && readdirSync(join(shared, 'tmp-first', d)).includes('podcast.mp3'));
        } catch {
          return false; // the folder went away between two reads
        }
      };
      await until('ffmpeg is at work', 30_000, encoding);
      await first.kill();
      const killed = await look();
      assert.deepEqual([jobOf(killed, 'podcast_audio')!.status, jobOf(killed, 'podcast_audio')!.attempts], ['running', 1], 'left running by a dead process');
      assert.equal(killed.files.some((f) => f.kind === 'podcast'), false, 'killed before it finished');

      const leftovers = readdirSync(join(shared, 'tmp-first')).filter((d) => d.startsWith('amphi-media-'));
      assert.equal(leftovers.length, 1, 'a SIGKILL leaves its temporary folder behind');
      // The next process on the same machine (the same temporary folder) clears it, and takes the job up.
      const second = await startApiProcess(databaseUrl, { ...env('tmp-first'), JOBS_STALE_SECONDS: '2' });
      processes.push(second);
      let done = killed;
      await until('the next process has finished the job', 120_000, async () => {
        done = await look();
        return jobOf(done, 'podcast_audio')?.status === 'done';
      });
      assert.deepEqual([jobOf(done, 'podcast_audio')!.attempts, jobOf(done, 'podcast_audio')!.error], [2, null], 'taken up again: its second attempt');
      const podcast = done.files.filter((f) => f.kind === 'podcast');
      assert.equal(podcast.length, 1);
      const mp3 = join(work, 'restart.mp3');
      const body = await http(second.baseUrl, `/api/events/${ev.id}/recordings/${rec.id}/files/${podcast[0].id}`, me);
      assert.equal(body.status, 200);
      writeFileSync(mp3, Buffer.from(await body.arrayBuffer()));
      assert.ok(Math.abs(durationOf(mp3) - seconds) < 0.5, `a whole podcast file (${durationOf(mp3)} s for ${seconds} s)`);
      assert.ok(Math.abs(loudnessOf(mp3) + 16) <= 1);
      assert.deepEqual(readdirSync(join(shared, 'tmp-first')).filter((d) => d.startsWith('amphi-media-')), [], 'the dead process’s temporary folder is removed, and the second process cleaned its own');
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await desk.close();
      rmSync(shared, { recursive: true, force: true });
    }
  });
});

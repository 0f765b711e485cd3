import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Language, MediaProbe, SessionView, TranscriptSegment } from '@amphi/contracts';

/**
 * The demo's published recording, made once by scripts/make-demo-recording.sh and committed:
 * `<name>.mp3` (the podcast file, as the podcast_audio job makes it), `<name>.json` (what ffprobe
 * read of it, its loudness, where it sits in the session) and `<name>.transcript.json` (its
 * transcript as an organiser corrected it). Loading them needs neither ffmpeg nor the transcriber.
 */
export interface DemoRecordingAssets {
  mp3: string;
  contentType: 'audio/mpeg';
  size: number;
  sha256: string;
  language: Language;
  probe: MediaProbe;
  loudnessLufs: number | null;
  /** This second of the recording is the planned start of the session's `talk`-th talk (1-based). */
  anchor: { talk: number; atSeconds: number };
  transcript: { engine: string; language: Language; segments: TranscriptSegment[] };
}

/** Where the assets are kept in the repository, and in the Docker image (the Dockerfile copies them there). */
const ASSETS = join('apps', 'api', 'src', 'demo', 'assets');

/**
 * The assets folder: beside the compiled code if a build put it there, else found from the compiled
 * code upwards (dist/apps/api/demo and dist-test-*\/apps/api/src/demo both lie under the repository's
 * root, /app in the image), else from the working directory (`npm start` runs from the root).
 */
export function demoAssetsDir(): string | null {
  const candidates = [join(__dirname, 'assets')];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    candidates.push(join(dir, ASSETS));
    if (dirname(dir) === dir) break;
  }
  candidates.push(resolve(ASSETS));
  return candidates.find((dir) => existsSync(join(dir, 'plenary.json'))) ?? null;
}

/** The assets of one demo recording, checked (an MP3 that is not the one described, e.g. a Git LFS pointer, is refused). */
export function readDemoRecording(name: string, dir = demoAssetsDir()): DemoRecordingAssets {
  if (!dir) throw new Error(`the demo recording's assets (${ASSETS}) were not found`);
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Omit<DemoRecordingAssets, 'mp3' | 'transcript'>;
  const transcript = JSON.parse(readFileSync(join(dir, `${name}.transcript.json`), 'utf8')) as DemoRecordingAssets['transcript'];
  const mp3 = join(dir, `${name}.mp3`);
  const bytes = readFileSync(mp3);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== meta.size || sha256 !== meta.sha256) throw new Error(`${mp3} is not the file ${name}.json describes (${bytes.length} bytes, sha256 ${sha256})`);
  if (transcript.language !== meta.language || !transcript.segments.length) throw new Error(`${name}.transcript.json does not match ${name}.json`);
  return { ...meta, mp3, transcript };
}

/**
 * When the recording started, so that its anchor falls on its talk's planned start: the programme
 * places each talk after the planned minutes of those before it (as the recordings' chapters do),
 * so the talks around the anchor become chapters inside the recording.
 */
export function demoRecordingStart(session: SessionView, anchor: DemoRecordingAssets['anchor']): Date {
  const talks = [...session.talks].sort((a, b) => a.position - b.position);
  if (anchor.talk < 1 || anchor.talk > talks.length) throw new Error(`the demo recording is placed on talk ${anchor.talk}, but the session has ${talks.length}`);
  const before = talks.slice(0, anchor.talk - 1).reduce((minutes, t) => minutes + t.plannedMinutes, 0);
  return new Date(Date.parse(session.startsAt) + before * 60_000 - Math.round(anchor.atSeconds * 1000));
}

#!/usr/bin/env bash
# Makes the demo's published recording (apps/api/src/demo/assets/plenary.*) from the text
# apps/api/src/demo/assets/plenary.fr.txt. Run by a developer when that text changes; the app itself
# needs neither espeak-ng, nor ffmpeg, nor the transcriber at start: it loads the committed assets.
#
#   1. espeak-ng says each line of the text (French voice), the lines joined with short pauses into one WAV;
#   2. the podcast file is made from it exactly as Amphi's 'podcast_audio' job makes it, by the same code
#      (apps/api/src/recordings/media/ffmpeg.ts, compiled here): two-pass EBU R128 loudnorm to the configured
#      loudness (-16 LUFS), libmp3lame at the configured bitrate (96 kbit/s), 44.1 kHz, mono; then probed
#      and its loudness measured, as the job does (so the app needs no ffmpeg to load it);
#   3. the project's transcriber (TRANSCRIBER_COMMAND, else what scripts/install-transcriber.sh installs)
#      transcribes the podcast file: plenary.machine-transcript.json, as made;
#   4. the transcript the demo loads (plenary.transcript.json) is that one as an organiser corrects it:
#      one segment a line of the text, its words as said, timed where espeak-ng said it (the base model
#      hears espeak-ng's French badly); the demo loads it as corrected (editedAt set).
#
# Writes plenary.mp3, plenary.json (probe, loudness, the anchor of the chapters, checksums) and the two
# transcripts beside the text. Needs espeak-ng, ffmpeg (Debian's), Node and the repository's npm packages.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ASSETS="apps/api/src/demo/assets"
TEXT="$ASSETS/plenary.fr.txt"
VOICE="${DEMO_VOICE:-fr-fr}"
WORDS_PER_MINUTE="${DEMO_WORDS_PER_MINUTE:-150}"

for tool in espeak-ng "${FFMPEG_PATH:-ffmpeg}" "${FFPROBE_PATH:-ffprobe}" node npx; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install espeak-ng ffmpeg; Node from scripts/fetch-node.sh)" >&2; exit 1; }
done
[[ -f "$TEXT" ]] || { echo "no text at $TEXT" >&2; exit 1; }

TRANSCRIBER="${TRANSCRIBER_COMMAND:-}"
if [[ -z "$TRANSCRIBER" || "$TRANSCRIBER" == "off" ]]; then
  TRANSCRIBER="$(bash scripts/install-transcriber.sh | tail -n 1)"
fi

# Inside the repository, so that the compiled code finds node_modules; removed at the end.
WORK="$(mktemp -d "$ROOT/.demo-recording.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "Compiling the API (for the media code of the podcast job)…" >&2
npx tsc -p libs/contracts/tsconfig.lib.json
npx tsc -p apps/api/tsconfig.app.json --outDir "$WORK/api"

echo "Saying the text with espeak-ng ($VOICE, $WORDS_PER_MINUTE words a minute)…" >&2
WORK="$WORK" TEXT="$TEXT" ASSETS="$ASSETS" VOICE="$VOICE" WORDS_PER_MINUTE="$WORDS_PER_MINUTE" TRANSCRIBER="$TRANSCRIBER" node - <<'JS'
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync, copyFileSync } = require('node:fs');
const { join } = require('node:path');
const { WORK, TEXT, ASSETS, VOICE, WORDS_PER_MINUTE, TRANSCRIBER } = process.env;
const media = require(join(WORK, 'api/recordings/media/ffmpeg.js'));
const { loadConfig } = require(join(WORK, 'api/config/config.js'));

const PAUSE = 0.6; // seconds of silence between two lines, and before the first
const TAIL = 0.8; // after the last

/** The PCM of a WAV file espeak-ng wrote (16-bit mono), and its rate. */
function readWav(file) {
  const buf = readFileSync(file);
  let offset = 12;
  let rate = 0;
  let channels = 0;
  let bits = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    // espeak-ng writes 0xffffffff as the data size when it writes to a pipe; to a file it is exact.
    let size = buf.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(offset + 10);
      rate = buf.readUInt32LE(offset + 12);
      bits = buf.readUInt16LE(offset + 22);
    } else if (id === 'data') {
      size = Math.min(size, buf.length - offset - 8);
      if (channels !== 1 || bits !== 16) throw new Error(`${file}: expected 16-bit mono, got ${bits}-bit ${channels} channels`);
      const samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(offset + 8 + i * 2);
      return { rate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

function writeWav(file, rate, samples) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.length * 2, 40);
  writeFileSync(file, Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]));
}

/** The speech itself: espeak-ng's own silence before and after a line cut off (a few ms kept). */
function trim({ rate, samples }) {
  const threshold = 300;
  let first = samples.findIndex((s) => Math.abs(s) > threshold);
  if (first < 0) throw new Error('espeak-ng said nothing');
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]) <= threshold) last--;
  const margin = Math.round(rate * 0.03);
  return samples.subarray(Math.max(0, first - margin), Math.min(samples.length, last + 1 + margin));
}

async function main() {
  const lines = readFileSync(TEXT, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  let rate = 0;
  const parts = [];
  const segments = [];
  let anchor = null;
  let cursor = 0; // samples
  const silence = (seconds) => new Int16Array(Math.round(rate * seconds));
  for (const [i, line] of lines.entries()) {
    const talk = /^@talk\s+(\d+)$/.exec(line);
    if (talk) {
      if (anchor) throw new Error('one "@talk N" line only: the recording is placed on one talk\'s start');
      anchor = { talk: Number(talk[1]), atSeconds: null };
      continue;
    }
    const wav = join(WORK, `line-${i}.wav`);
    execFileSync('espeak-ng', ['-v', VOICE, '-s', WORDS_PER_MINUTE, '-w', wav, line]);
    const said = readWav(wav);
    if (rate && said.rate !== rate) throw new Error('espeak-ng changed its rate');
    rate = said.rate;
    const pause = silence(PAUSE);
    parts.push(pause);
    cursor += pause.length;
    if (anchor && anchor.atSeconds === null) anchor.atSeconds = Math.round((cursor / rate) * 1000) / 1000;
    const speech = trim(said);
    segments.push({ start: Math.round((cursor / rate) * 100) / 100, end: Math.round(((cursor + speech.length) / rate) * 100) / 100, text: line });
    parts.push(speech);
    cursor += speech.length;
  }
  if (!anchor || anchor.atSeconds === null) throw new Error('the text needs one "@talk N" line before a line of speech');
  parts.push(silence(TAIL));
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const source = join(WORK, 'plenary.wav');
  writeWav(source, rate, all);

  // The podcast file, by the podcast job's own code and settings.
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' }).media;
  const tools = { ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath };
  const sourceProbe = await media.probe(source, tools);
  const mp3 = join(WORK, 'plenary.mp3');
  console.error(`Making the podcast file (${config.podcastBitrateKbps} kbit/s MP3, ${config.podcastLoudnessLufs} LUFS)…`);
  await media.makePodcastAudio(source, mp3, sourceProbe, tools, { bitrateKbps: config.podcastBitrateKbps, loudnessLufs: config.podcastLoudnessLufs });
  const probe = await media.probe(mp3, tools);
  const loudnessLufs = await media.measureLoudness(mp3, tools);

  console.error(`Transcribing it with ${TRANSCRIBER}…`);
  const machine = JSON.parse(execFileSync(TRANSCRIBER, ['--language', 'fr', mp3], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 }));

  const bytes = readFileSync(mp3);
  copyFileSync(mp3, join(ASSETS, 'plenary.mp3'));
  const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(
    join(ASSETS, 'plenary.machine-transcript.json'),
    json({ engine: machine.engine, language: machine.language, segments: machine.segments.map(({ start, end, text }) => ({ start, end, text })) }),
  );
  writeFileSync(
    join(ASSETS, 'plenary.transcript.json'),
    json({
      engine: machine.engine,
      language: 'fr',
      // What an organiser does on the transcript page: every line as said, where it is said.
      edited: true,
      segments,
    }),
  );
  const espeak = execFileSync('espeak-ng', ['--version'], { encoding: 'utf8' }).trim().split('  ')[0];
  writeFileSync(
    join(ASSETS, 'plenary.json'),
    json({
      about: 'The demo recording (scripts/make-demo-recording.sh): the podcast file, what ffprobe read of it and its loudness, as the podcast_audio job sets them.',
      language: 'fr',
      voice: `${espeak}, voice ${VOICE}, ${WORDS_PER_MINUTE} words a minute`,
      // The recording is placed so that this second of it falls on that talk's planned start.
      anchor,
      contentType: 'audio/mpeg',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      probe,
      loudnessLufs: loudnessLufs === null ? null : Math.round(loudnessLufs * 10) / 10,
    }),
  );
  console.error(`Wrote ${ASSETS}/plenary.mp3 (${bytes.length} bytes, ${probe.durationSeconds} s, ${loudnessLufs} LUFS), plenary.json and the transcripts.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
JS

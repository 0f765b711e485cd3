#!/usr/bin/env node
// npm run bench:transcribe
// The offline transcriber (tools/transcriber: faster-whisper, Whisper base, CTranslate2 int8 on the
// CPU) on a 5-minute spoken sample: English paragraphs about a study day, spoken by espeak-ng, made
// into the podcast file the transcript job reads (MP3, 96 kb/s, as the podcast_audio job makes it).
// The transcriber is TRANSCRIBER_COMMAND, else the one scripts/install-transcriber.sh installs (it
// runs it: instant once installed). Threads: TRANSCRIBER_THREADS, else every core.
//
// Baselines, in the same run, on the same file:
// - decode_rtf: ffmpeg decoding the MP3 to 16 kHz mono samples (what any engine must do first: the floor);
// - greedy_rtf: the same transcriber with beam size 1 (greedy decoding) instead of Amphi's 5, which
//   says what the beam search costs (and wer_greedy what it buys).
//
// rtf = processing time ÷ audio duration, the whole command timed (model loading included).
// Prints a table, then, as its last line, JSON: {"rtf":…, "decode_rtf":…, "greedy_rtf":…, "duration":…,
// "seconds":…, "threads":…, "engine":…, "wer":…}. Target: rtf ≤ 0.5 on 2 cores (an hour transcribed
// within half an hour).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib.mjs';

const PARAGRAPHS = [
  'Good morning everyone, and welcome to this study day on the history of science. We are very glad to see so many of you here, in the room and online. The day is organised in three sessions, with a break for lunch and time for questions after every talk.',
  'Our first speaker is a historian of medicine. She will talk about the notebooks that doctors kept in hospitals during the nineteenth century, and about what these notebooks tell us of the way patients were examined, described and treated.',
  'The second session looks at laboratories. How did researchers share their instruments, their samples and their results? Letters, journals and visits between laboratories made a network, and this network shaped the questions that people could ask.',
  'After lunch, a round table brings together archivists and researchers. They will discuss how archives are chosen, kept and opened to the public, and how digital tools change the work of those who read them today.',
  'Questions from the audience are welcome at any time. You can ask them in the room, or write them in the questions panel if you follow the day online. The chair of each session will read them aloud and give the floor to the speakers.',
  'The talks are recorded and will be published as a podcast, with a transcript and captions, once every speaker has agreed. Thank you for your attention, and we wish you a very good day of discussion and exchange.',
];
// 20 paragraphs (the six, in turn): a little over five minutes at 150 words a minute.
const TEXT = Array.from({ length: 20 }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length]).join('\n\n');
const THREADS = Number(process.env.TRANSCRIBER_THREADS || 0) || cpus().length;

function transcriberCommand() {
  const configured = process.env.TRANSCRIBER_COMMAND;
  if (configured && configured !== 'off') return configured;
  const install = spawnSync('bash', [join(root, 'scripts/install-transcriber.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const bin = install.stdout?.trim().split('\n').pop()?.trim();
  if (install.status !== 0 || !bin) {
    console.error('The transcriber is not installed and scripts/install-transcriber.sh failed (see above).');
    process.exit(1);
  }
  return bin;
}

/** Words as compared: lower case, punctuation as spaces. */
const words = (text) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').split(' ').filter(Boolean);
function wordErrorRate(reference, hypothesis) {
  const ref = words(reference);
  const hyp = words(hypothesis);
  let row = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const next = [i];
    for (let j = 1; j <= hyp.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    row = next;
  }
  return row[hyp.length] / ref.length;
}

const timed = (fn) => {
  const started = process.hrtime.bigint();
  const result = fn();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
};
const round = (n, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

const command = transcriberCommand();
const work = mkdtempSync(join(tmpdir(), 'amphi-bench-transcribe-'));
try {
  // The sample: espeak-ng's English voice at 150 words a minute, then the podcast file's format.
  const textFile = join(work, 'sample.txt');
  writeFileSync(textFile, TEXT);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', join(work, 'sample.wav'), '-f', textFile]);
  const audio = join(work, 'sample.mp3');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(work, 'sample.wav'), '-ac', '1', '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '96k', audio]);
  const duration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', audio], { encoding: 'utf8' }).trim());
  console.error(`sample: ${duration.toFixed(1)} s of English speech (espeak-ng), MP3 96 kb/s; transcriber: ${command}, ${THREADS} threads`);

  const decode = timed(() => execFileSync('ffmpeg', ['-v', 'error', '-threads', String(THREADS), '-i', audio, '-ac', '1', '-ar', '16000', '-f', 's16le', '-y', '/dev/null']));
  const run = (beam) =>
    timed(() => {
      const args = ['--language', 'en', '--threads', String(THREADS), ...(beam === 5 ? [] : ['--beam-size', String(beam)]), audio];
      const out = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
      if (out.status !== 0) throw new Error(`the transcriber failed (${out.status}): ${out.stderr.trim().split('\n').pop()}`);
      return JSON.parse(out.stdout);
    });
  const amphi = run(5);
  const greedy = run(1);
  const text = (r) => r.segments.map((s) => s.text).join(' ');

  const rows = [
    ['ffmpeg decode (floor)', decode.seconds, null],
    ['transcriber, greedy (beam 1)', greedy.seconds, wordErrorRate(TEXT, text(greedy.result))],
    ['transcriber, Amphi (beam 5)', amphi.seconds, wordErrorRate(TEXT, text(amphi.result))],
  ];
  console.log(`\n${'what'.padEnd(32)}${'seconds'.padStart(9)}${'rtf'.padStart(8)}${'WER'.padStart(8)}`);
  for (const [what, seconds, wer] of rows) console.log(`${what.padEnd(32)}${seconds.toFixed(1).padStart(9)}${(seconds / duration).toFixed(3).padStart(8)}${(wer === null ? '–' : wer.toFixed(3)).padStart(8)}`);
  console.log(
    JSON.stringify({
      rtf: round(amphi.seconds / duration),
      decode_rtf: round(decode.seconds / duration, 4),
      greedy_rtf: round(greedy.seconds / duration),
      duration: round(duration, 1),
      seconds: round(amphi.seconds, 1),
      threads: THREADS,
      engine: amphi.result.engine,
      wer: round(rows[2][2]),
      wer_greedy: round(rows[1][2]),
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

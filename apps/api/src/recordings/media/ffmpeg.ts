import { spawn } from 'node:child_process';
import type { MediaProbe } from '@amphi/contracts';
import { JobFailure } from '../../jobs/background-jobs.service';

/**
 * ffmpeg and ffprobe (Debian's ffmpeg package) as child processes: what Amphi asks of them, and
 * what their failures mean for a job (a missing binary can be installed, so it is tried again; a
 * file they cannot read will not get better). Every call takes the job's AbortSignal, which kills
 * the child; what they write on stderr is kept bounded (the end of it, where the reports are).
 */
export interface MediaTools {
  ffmpegPath: string;
  ffprobePath: string;
}

/** Loudness target of the podcast file (EBU R128 / ITU-R BS.1770, as podcast apps expect). */
export interface PodcastAudioOptions {
  bitrateKbps: number;
  /** Integrated loudness, LUFS (−16 for podcasts). */
  loudnessLufs: number;
  signal?: AbortSignal;
}

/** The most of stderr kept (its end); loudnorm's report and ebur128's summary come last. */
const STDERR_LIMIT = 64 * 1024;
/** ffprobe's JSON for one file is a few kilobytes; more is not a media file we want. */
const STDOUT_LIMIT = 4 * 1024 * 1024;
/** The ceiling of true peaks after normalisation (dBTP) and the loudness range kept (LU): loudnorm's usual podcast values. */
const TRUE_PEAK = -1.5;
const LOUDNESS_RANGE = 11;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What to install when a tool is missing, said to the administrator (the job's detail). */
function missing(tool: 'ffmpeg' | 'ffprobe', path: string): JobFailure {
  const variable = tool === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
  return new JobFailure('ffmpeg_missing', `${tool} was not found at ${path}: install Debian's ffmpeg package (apt-get install ffmpeg) or set ${variable}`, true);
}

function run(tool: 'ffmpeg' | 'ffprobe', path: string, args: string[], signal?: AbortSignal): Promise<Run> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    let settled = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < STDOUT_LIMIT) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > STDERR_LIMIT * 2) stderr = stderr.slice(-STDERR_LIMIT);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      reject(error.code === 'ENOENT' ? missing(tool, path) : error);
    });
    child.once('close', (code) => {
      if (settled) return;
      settled = true;
      resolve({ code, stdout, stderr: stderr.slice(-STDERR_LIMIT) });
    });
  });
}

/** The last lines of a tool's stderr, for a job's detail. */
function tail(stderr: string, lines = 6): string {
  return stderr.trim().split('\n').slice(-lines).join('\n');
}

interface FfprobeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: Array<{ codec_type?: string; codec_name?: string; channels?: number; sample_rate?: string; duration?: string }>;
}

/**
 * What ffprobe reads of a file: duration, container, codecs, channels. A file it cannot read is
 * 'unreadable_media'; one without sound is 'no_audio' (neither is tried again).
 */
export async function probe(file: string, tools: MediaTools, signal?: AbortSignal): Promise<MediaProbe> {
  const result = await run('ffprobe', tools.ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], signal);
  let parsed: FfprobeOutput;
  try {
    if (result.code !== 0) throw new Error('exit');
    parsed = JSON.parse(result.stdout) as FfprobeOutput;
  } catch {
    throw new JobFailure('unreadable_media', `ffprobe could not read the file (exit ${result.code}): ${tail(result.stderr) || 'no reason given'}`, false);
  }
  const streams = parsed.streams ?? [];
  const audio = streams.find((s) => s.codec_type === 'audio');
  const video = streams.find((s) => s.codec_type === 'video' && s.codec_name !== 'mjpeg' && s.codec_name !== 'png'); // cover art is not video
  if (!parsed.format) throw new JobFailure('unreadable_media', 'ffprobe found no container in the file', false);
  if (!audio) throw new JobFailure('no_audio', `the file has no sound (${parsed.format.format_name ?? 'unknown format'}, streams: ${streams.map((s) => s.codec_type).join(', ') || 'none'})`, false);
  const duration = Number(parsed.format.duration ?? audio.duration);
  return {
    // Some files (a browser's WebM) carry no duration: 0 until the podcast file is measured.
    durationSeconds: Number.isFinite(duration) ? Math.round(duration * 1000) / 1000 : 0,
    format: parsed.format.format_name ?? 'unknown',
    audioCodec: audio.codec_name ?? null,
    videoCodec: video?.codec_name ?? null,
    channels: audio.channels ?? null,
    sampleRate: audio.sample_rate ? Number(audio.sample_rate) : null,
  };
}

/** loudnorm's report (print_format=json): the values the second pass needs, as strings. */
interface LoudnormReport {
  input_i: string;
  input_tp: string;
  input_lra: string;
  input_thresh: string;
  target_offset: string;
}

/** The last JSON object ffmpeg printed on stderr (loudnorm's report comes after everything else). */
function lastJsonObject(stderr: string): unknown {
  const end = stderr.lastIndexOf('}');
  const start = stderr.lastIndexOf('{', end);
  if (start < 0 || end < 0) return null;
  try {
    return JSON.parse(stderr.slice(start, end + 1));
  } catch {
    return null;
  }
}

async function ffmpeg(args: string[], tools: MediaTools, signal: AbortSignal | undefined, what: string): Promise<Run> {
  const result = await run('ffmpeg', tools.ffmpegPath, ['-hide_banner', '-nostdin', '-nostats', ...args], signal);
  if (result.code !== 0) throw new JobFailure('unreadable_media', `ffmpeg could not ${what} (exit ${result.code}): ${tail(result.stderr) || 'no reason given'}`, false);
  return result;
}

/** The first pass: loudnorm's measures of `input` through `filters` (null for silence, which has nothing to normalise). */
async function measureForLoudnorm(input: string, filters: string[], target: string, tools: MediaTools, signal: AbortSignal | undefined): Promise<LoudnormReport | null> {
  const result = await ffmpeg(['-i', input, '-map', '0:a:0', '-vn', '-af', [...filters, `loudnorm=${target}:print_format=json`].join(','), '-f', 'null', '-'], tools, signal, 'measure the loudness');
  const report = lastJsonObject(result.stderr) as LoudnormReport | null;
  if (!report || report.input_i === undefined) throw new JobFailure('failed', `ffmpeg's loudnorm printed no measures: ${tail(result.stderr)}`, true);
  const measured = [report.input_i, report.input_tp, report.input_lra, report.input_thresh, report.target_offset].map(Number);
  return measured.every(Number.isFinite) && measured[0] > -70 ? report : null;
}

/** How far (dB) the true peaks would go over the ceiling if the whole file were raised to the target by one gain. */
function excessPeak(report: LoudnormReport, loudnessLufs: number): number {
  return Number(report.input_tp) + (loudnessLufs - Number(report.input_i)) - TRUE_PEAK;
}

/**
 * The podcast file: MP3 (libmp3lame) at `bitrateKbps`, 44.1 kHz, mono when the source is mono
 * (stereo otherwise), the video dropped, the source's metadata stripped, and its loudness brought to
 * `loudnessLufs` by EBU R128 loudnorm in two passes: the first measures, the second applies one
 * linear gain from those measures (linear=true: the sound itself is not reshaped).
 *
 * Why a limiter sometimes comes first: one gain can reach the target only when the source's peaks
 * leave room for it (peak-to-loudness ratio under 14.5 dB at −16 LUFS and −1.5 dBTP). Speech often
 * has more (espeak-ng's has 18 dB), and loudnorm then falls back to its dynamic mode, which stays
 * about 1 LU short of the target (measured: −16.9 instead of −16). So, when the peaks are in the way,
 * they are limited first (alimiter, a few milliseconds of gain reduction on the loudest syllables, as
 * podcast mastering does) to where one gain fits, measured again through the limiter, and the second
 * pass applies the limiter and then loudnorm's linear gain. Silence is encoded as it is.
 * Answers the source's and the podcast file's integrated loudness (LUFS; null for silence).
 */
export async function makePodcastAudio(input: string, output: string, source: MediaProbe, tools: MediaTools, options: PodcastAudioOptions): Promise<{ inputLufs: number | null; outputLufs: number | null }> {
  const target = `I=${options.loudnessLufs}:TP=${TRUE_PEAK}:LRA=${LOUDNESS_RANGE}`;
  const first = await measureForLoudnorm(input, [], target, tools, options.signal);
  let filters: string[] = [];
  let report = first;
  if (first && excessPeak(first, options.loudnessLufs) > 0) {
    // The limiter's ceiling (dBFS): where the peaks must be for one gain to fit, with a margin;
    // limiting lowers the loudness a little, so it is measured again and lowered until it fits.
    let ceiling = Number(first.input_tp) - excessPeak(first, options.loudnessLufs) - 1;
    for (let tries = 0; tries < 3 && report && excessPeak(report, options.loudnessLufs) > 0; tries++) {
      filters = [`alimiter=limit=${Math.max(0.0625, 10 ** (ceiling / 20)).toFixed(4)}:attack=5:release=50:level=disabled`];
      report = await measureForLoudnorm(input, filters, target, tools, options.signal);
      if (report) ceiling -= Math.max(0, excessPeak(report, options.loudnessLufs)) + 0.5;
    }
  }
  if (report)
    filters.push(
      `loudnorm=${target}:measured_I=${report.input_i}:measured_TP=${report.input_tp}:measured_LRA=${report.input_lra}:measured_thresh=${report.input_thresh}:offset=${report.target_offset}:linear=true:print_format=summary`,
    );
  const encode = (chain: string[]) =>
    ffmpeg(
      [
        '-i', input,
        '-map', '0:a:0', '-vn', '-sn', '-dn',
        '-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact',
        ...(chain.length ? ['-af', chain.join(',')] : []),
        '-ar', '44100',
        '-ac', source.channels === 1 ? '1' : '2',
        '-c:a', 'libmp3lame', '-b:a', `${options.bitrateKbps}k`,
        '-f', 'mp3', '-y', output,
      ],
      tools,
      options.signal,
      'make the podcast audio',
    );
  await encode(filters);
  let outputLufs = await measureLoudness(output, tools, options.signal);
  // The MP3 encoder itself takes a few tenths of a LU away (measured: −16.4 from a −16.0 PCM at 96 kbit/s mono):
  // the file is made once more with that much gain after loudnorm (its peaks, at −1.5 dBTP, have the room).
  if (report && outputLufs !== null && Math.abs(outputLufs - options.loudnessLufs) > 0.2 && Math.abs(outputLufs - options.loudnessLufs) < 3) {
    await encode([...filters, `volume=${(options.loudnessLufs - outputLufs).toFixed(2)}dB`]);
    outputLufs = await measureLoudness(output, tools, options.signal);
  }
  return { inputLufs: first ? Number(first.input_i) : null, outputLufs };
}

/** The integrated loudness of a file (LUFS), measured by ffmpeg's EBU R128 meter; null for silence. */
export async function measureLoudness(file: string, tools: MediaTools, signal?: AbortSignal): Promise<number | null> {
  const result = await ffmpeg(['-i', file, '-map', '0:a:0', '-af', 'ebur128=framelog=verbose', '-f', 'null', '-'], tools, signal, 'measure the loudness');
  // The summary comes last: "Integrated loudness:\n    I:         -16.0 LUFS".
  const summary = result.stderr.slice(result.stderr.lastIndexOf('Integrated loudness:'));
  const match = /I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(summary);
  if (!match) throw new JobFailure('failed', `ffmpeg's ebur128 printed no integrated loudness: ${tail(result.stderr)}`, true);
  const lufs = Number(match[1]);
  return Number.isFinite(lufs) && lufs > -70 ? lufs : null;
}

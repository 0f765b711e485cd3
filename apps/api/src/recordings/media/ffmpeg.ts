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

/**
 * The podcast file: MP3 (libmp3lame) at `bitrateKbps`, 44.1 kHz, mono when the source is mono
 * (stereo otherwise), the video dropped, the source's metadata stripped, and its loudness brought to
 * `loudnessLufs` by EBU R128 loudnorm in two passes: the first measures, the second applies one
 * linear gain from those measures (the sound is not compressed when the true-peak ceiling allows it;
 * loudnorm falls back to its dynamic mode when it does not). Silence is encoded as it is (there is
 * nothing to normalise). Answers the source's measured loudness (LUFS), or null for silence.
 */
export async function makePodcastAudio(input: string, output: string, source: MediaProbe, tools: MediaTools, options: PodcastAudioOptions): Promise<{ inputLufs: number | null }> {
  const target = `I=${options.loudnessLufs}:TP=${TRUE_PEAK}:LRA=${LOUDNESS_RANGE}`;
  const first = await ffmpeg(['-i', input, '-map', '0:a:0', '-vn', '-af', `loudnorm=${target}:print_format=json`, '-f', 'null', '-'], tools, options.signal, 'measure the loudness');
  const report = lastJsonObject(first.stderr) as LoudnormReport | null;
  if (!report || report.input_i === undefined) throw new JobFailure('failed', `ffmpeg's loudnorm printed no measures: ${tail(first.stderr)}`, true);
  const measured = [report.input_i, report.input_tp, report.input_lra, report.input_thresh, report.target_offset].map(Number);
  const audible = measured.every(Number.isFinite) && measured[0] > -70;
  const filters = audible
    ? [`loudnorm=${target}:measured_I=${report.input_i}:measured_TP=${report.input_tp}:measured_LRA=${report.input_lra}:measured_thresh=${report.input_thresh}:offset=${report.target_offset}:linear=true:print_format=summary`]
    : [];
  await ffmpeg(
    [
      '-i', input,
      '-map', '0:a:0', '-vn', '-sn', '-dn',
      '-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact',
      ...(filters.length ? ['-af', filters.join(',')] : []),
      '-ar', '44100',
      '-ac', source.channels === 1 ? '1' : '2',
      '-c:a', 'libmp3lame', '-b:a', `${options.bitrateKbps}k`,
      '-f', 'mp3', '-y', output,
    ],
    tools,
    options.signal,
    'make the podcast audio',
  );
  return { inputLufs: audible ? measured[0] : null };
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

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Language, TranscriptSegment } from '@amphi/contracts';
import { JobFailure } from '../../jobs/background-jobs.service';

/** What a transcriber gives back: what made it (kept with the transcript) and the timed lines. */
export interface Transcription {
  engine: string;
  segments: TranscriptSegment[];
}

/**
 * Turns speech into timed text. One implementation runs a command (CommandTranscriber); another engine
 * (a larger model, a service) can be swapped in behind the same interface. Failures are JobFailures
 * with a code of MEDIA_JOB_ERRORS; `signal` aborts the work (the process stops or the job is taken back).
 */
export interface Transcriber {
  readonly name: string;
  transcribe(audioFile: string, language: Language, signal: AbortSignal): Promise<Transcription>;
}

export const TRANSCRIBER = Symbol('TRANSCRIBER');

/** Where scripts/install-transcriber.sh writes its wrapper. */
export function installedTranscriberPath(home = homedir()): string {
  return join(home, '.cache', 'amphi', 'transcriber', 'bin', 'amphi-transcribe');
}

/**
 * The command to run: TRANSCRIBER_COMMAND when set ('off': none), else the wrapper that
 * scripts/install-transcriber.sh installs, if it is there; null when there is none.
 */
export function resolveTranscriberCommand(configured: string | undefined, home = homedir()): string | 'off' | null {
  if (configured !== undefined && configured.trim() !== '') return configured.trim() === 'off' ? 'off' : configured.trim();
  const installed = installedTranscriberPath(home);
  try {
    accessSync(installed, constants.X_OK);
    return installed;
  } catch {
    return null;
  }
}

const MISSING = 'no transcriber: run scripts/install-transcriber.sh or set TRANSCRIBER_COMMAND';
/** An hour's transcript is a few hundred kilobytes of JSON; more than this is not one. */
const STDOUT_LIMIT = 32 * 1024 * 1024;
/** Only the end of stderr is kept: the reason is its last line. */
const STDERR_LIMIT = 16 * 1024;

/**
 * A transcriber that is a program following Amphi's protocol (tools/transcriber/transcribe.py is one):
 * `<command> --language fr|en [--threads N] <audio file>` prints one JSON object on stdout,
 * `{ engine, language, duration, segments: [{ start, end, text }] }`, and exits 0; on error it exits
 * non-zero with a one-line reason on stderr. The command is a path to an executable, run without a shell.
 */
export class CommandTranscriber implements Transcriber {
  /**
   * @param configured TRANSCRIBER_COMMAND (a path, or 'off'); unset: the installed wrapper, looked up at
   * each transcription, so that one installed while Amphi runs is found by the job's next attempt.
   */
  constructor(
    private readonly configured: string | undefined,
    private readonly threads = 0,
    private readonly home = homedir(),
  ) {}

  get name(): string {
    return resolveTranscriberCommand(this.configured, this.home) ?? 'none';
  }

  transcribe(audioFile: string, language: Language, signal: AbortSignal): Promise<Transcription> {
    const command = resolveTranscriberCommand(this.configured, this.home);
    if (command === 'off') return Promise.reject(new JobFailure('transcriber_missing', 'transcripts are switched off (TRANSCRIBER_COMMAND=off)', false));
    if (command === null) return Promise.reject(new JobFailure('transcriber_missing', MISSING, true));
    const args = ['--language', language, ...(this.threads > 0 ? ['--threads', String(this.threads)] : []), audioFile];
    return new Promise<Transcription>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason ?? new Error('aborted'));
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL', env: { ...process.env, HF_HUB_OFFLINE: '1' } });
      const stdout: Buffer[] = [];
      let stdoutBytes = 0;
      let overflow = false;
      let stderr = '';
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
      };
      child.stdout.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > STDOUT_LIMIT) {
          overflow = true;
          child.kill('SIGKILL');
          return;
        }
        stdout.push(chunk);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.length > STDERR_LIMIT * 2) stderr = stderr.slice(-STDERR_LIMIT);
      });
      child.once('error', (error: NodeJS.ErrnoException) =>
        settle(() => {
          if (error.code === 'ENOENT' || error.code === 'EACCES') reject(new JobFailure('transcriber_missing', `${MISSING} (${command}: ${error.code === 'ENOENT' ? 'not found' : 'not executable'})`, true));
          else reject(error); // aborted: the job's runner knows why
        }),
      );
      child.once('close', (code, killedBy) =>
        settle(() => {
          if (signal.aborted) return reject(signal.reason ?? new Error('aborted'));
          if (overflow) return reject(new JobFailure('failed', `the transcriber wrote more than ${STDOUT_LIMIT / 1024 / 1024} MB on stdout`, false));
          if (code !== 0) {
            const reason = lastLine(stderr) || `exited with ${code ?? killedBy}`;
            // 127: the shell of a wrapper could not find what it runs; 3: tools/transcriber's model or library missing.
            if (code === 127 || code === 3) return reject(new JobFailure('transcriber_missing', `${MISSING} (${reason})`, true));
            return reject(new JobFailure('failed', `the transcriber failed: ${reason}`, true));
          }
          try {
            resolve(parseTranscription(Buffer.concat(stdout).toString('utf8')));
          } catch (error) {
            reject(new JobFailure('failed', `the transcriber's output is not the protocol's JSON: ${(error as Error).message}`, false));
          }
        }),
      );
    });
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 500);
}

/**
 * Reads the protocol's JSON strictly enough that nothing odd is stored: finite times in seconds, never
 * ending before they start, text trimmed, empty lines dropped, in the order they are spoken.
 */
export function parseTranscription(output: string): Transcription {
  const parsed = JSON.parse(output) as unknown;
  if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
  const { engine, segments } = parsed as { engine?: unknown; segments?: unknown };
  if (typeof engine !== 'string' || !engine.trim()) throw new Error('no engine');
  if (!Array.isArray(segments)) throw new Error('no segments');
  const lines: TranscriptSegment[] = [];
  for (const [i, segment] of segments.entries()) {
    const { start, end, text } = (segment ?? {}) as { start?: unknown; end?: unknown; text?: unknown };
    if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end) || start < 0) throw new Error(`segment ${i}: start and end must be seconds`);
    if (typeof text !== 'string') throw new Error(`segment ${i}: no text`);
    const clean = text.replace(/\s+/g, ' ').trim().slice(0, 2000);
    if (!clean) continue;
    lines.push({ start, end: Math.max(start, end), text: clean });
  }
  lines.sort((a, b) => a.start - b.start);
  return { engine: engine.trim().slice(0, 200), segments: lines };
}

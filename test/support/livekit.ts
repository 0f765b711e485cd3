import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

/**
 * A real livekit-server (the media server of the live rooms) as a child process, on loopback only,
 * for end-to-end tests. Built once by scripts/build-livekit-server.sh (test/run-tests.mjs runs it
 * and exports LIVEKIT_SERVER_BIN before the tests).
 */
export interface LiveKitServer {
  /** Signalling URL for clients (rtc-node Room.connect): ws://127.0.0.1:PORT */
  url: string;
  /** The same port over HTTP, for livekit-server-sdk's RoomServiceClient. */
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  stop(): Promise<void>;
}

export interface LiveKitOptions {
  /** Where LiveKit POSTs its webhooks (signed with apiKey/apiSecret). */
  webhookUrls?: string[];
  /** Seconds a room stays open after its last participant left (LiveKit's default: 20). */
  departureTimeout?: number;
  /** Seconds a room created but never joined stays open (LiveKit's default: 300). */
  emptyTimeout?: number;
  /** livekit-server's log level (debug, info, warn, error); default warn. Its output goes to stderr. */
  logLevel?: string;
}

/** The repository root: this file is compiled to dist-test/test/support/livekit.js. */
const ROOT = resolve(__dirname, '../../..');

const freeUdpPort = () =>
  new Promise<number>((done, fail) => {
    const socket = createSocket('udp4');
    socket.once('error', fail);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => done(port));
    });
  });

let cachedBinary: string | undefined;
/** LIVEKIT_SERVER_BIN, else the path printed last by scripts/build-livekit-server.sh (cached build). */
export function liveKitServerBinary(): string {
  if (process.env.LIVEKIT_SERVER_BIN) return process.env.LIVEKIT_SERVER_BIN;
  if (!cachedBinary) {
    const out = execFileSync('bash', [join(ROOT, 'scripts/build-livekit-server.sh')], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cachedBinary = out.trim().split('\n').pop();
    if (!cachedBinary) throw new Error('scripts/build-livekit-server.sh printed no binary path');
  }
  return cachedBinary;
}

/**
 * The YAML configuration (keys checked against livekit-server v1.13.5's pkg/config and
 * mediatransportutil's rtcconfig; the server parses it strictly and refuses unknown keys).
 * ICE over UDP only, one UDP port bound on 127.0.0.1 only, host candidates on loopback; no ICE/TCP
 * (rtc.tcp_port defaults to 7881 and listens on every interface: 0 turns it off), no TURN, no STUN
 * look-up of an external IP (node_ip set, use_external_ip false).
 */
function configYaml(o: {
  port: number;
  udpPort: number;
  apiKey: string;
  apiSecret: string;
  webhookUrls: string[];
  departureTimeout?: number;
  emptyTimeout?: number;
  logLevel: string;
}): string {
  const lines = [
    `port: ${o.port}`,
    'bind_addresses:',
    '  - 127.0.0.1',
    'rtc:',
    `  udp_port: ${o.udpPort}`,
    '  tcp_port: 0', // the default (7881) would listen on every interface, and clash between servers
    '  use_external_ip: false',
    '  node_ip: 127.0.0.1',
    '  enable_loopback_candidate: true',
    '  ips:',
    '    includes:',
    '      - 127.0.0.1/32',
    'keys:',
    `  ${o.apiKey}: ${o.apiSecret}`,
    'logging:',
    `  level: ${o.logLevel}`,
  ];
  if (o.departureTimeout !== undefined || o.emptyTimeout !== undefined) {
    lines.push('room:');
    if (o.departureTimeout !== undefined) lines.push(`  departure_timeout: ${o.departureTimeout}`);
    if (o.emptyTimeout !== undefined) lines.push(`  empty_timeout: ${o.emptyTimeout}`);
  }
  if (o.webhookUrls.length > 0) {
    lines.push('webhook:', `  api_key: ${o.apiKey}`, '  urls:', ...o.webhookUrls.map((u) => `    - ${JSON.stringify(u)}`));
  }
  return lines.join('\n') + '\n';
}

const START_TIMEOUT_MS = 30_000;

/** Starts livekit-server (--dev, loopback only) and waits, bounded, until it answers HTTP. */
export async function startLiveKit(options: LiveKitOptions = {}): Promise<LiveKitServer> {
  const binary = liveKitServerBinary();
  // A port taken between freePort() and the server's bind makes it exit at once: try again, bounded.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, options);
    } catch (e) {
      lastError = e as Error;
      if (!/address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError!;
}

async function startOnce(binary: string, options: LiveKitOptions): Promise<LiveKitServer> {
  const [port, udpPort] = [await freePort(), await freeUdpPort()];
  const apiKey = `APItest${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(24).toString('base64url'); // 32 characters
  const dir = mkdtempSync(join(tmpdir(), 'amphi-livekit-'));
  const configPath = join(dir, 'livekit.yaml');
  writeFileSync(
    configPath,
    configYaml({
      port,
      udpPort,
      apiKey,
      apiSecret,
      webhookUrls: options.webhookUrls ?? [],
      departureTimeout: options.departureTimeout,
      emptyTimeout: options.emptyTimeout,
      logLevel: options.logLevel ?? 'warn',
    }),
  );

  const child: ChildProcess = spawn(binary, ['--dev', '--config', configPath, '--bind', '127.0.0.1'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its own output, kept (bounded) for the error message and echoed to stderr.
  let output = '';
  const keep = (chunk: Buffer) => {
    process.stderr.write(chunk);
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });

  const stop = async () => {
    if (running()) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    cleanUp();
  };

  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && running()) {
    try {
      const res = await fetch(httpUrl, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return { url: `ws://127.0.0.1:${port}`, httpUrl, apiKey, apiSecret, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const timedOut = running();
  const exitCode = child.exitCode;
  await stop();
  throw new Error(
    timedOut
      ? `livekit-server did not answer on ${httpUrl} within ${START_TIMEOUT_MS / 1000} s:\n${output}`
      : `livekit-server exited with code ${exitCode} before answering:\n${output}`,
  );
}

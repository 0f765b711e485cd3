import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { cachedBinary, retryOnPortClash, spawnServer, waitUntilReady } from './child-server';

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

const freeUdpPort = () =>
  new Promise<number>((done, fail) => {
    const socket = createSocket('udp4');
    socket.once('error', fail);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => done(port));
    });
  });

/** LIVEKIT_SERVER_BIN, else the path printed last by scripts/build-livekit-server.sh (cached build). */
export const liveKitServerBinary = () => cachedBinary('LIVEKIT_SERVER_BIN', 'build-livekit-server.sh');

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
  return retryOnPortClash(() => startOnce(binary, options));
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

  const server = spawnServer(binary, ['--dev', '--config', configPath, '--bind', '127.0.0.1'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(server, 'livekit-server', httpUrl, START_TIMEOUT_MS, cleanUp);
  const stop = async () => {
    await server.stop();
    cleanUp();
  };
  return { url: `ws://127.0.0.1:${port}`, httpUrl, apiKey, apiSecret, stop };
}

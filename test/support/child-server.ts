import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * What the tests' real servers (livekit-server, MinIO) share: a binary built once by a script
 * under scripts/ (or given by an environment variable), a child process whose output is kept for
 * error messages, a stop that does not hang, and a retry when a free port was taken meanwhile.
 */

/** The repository root: this file is compiled to dist-test/test/support/child-server.js. */
const ROOT = resolve(__dirname, '../../..');
const built = new Map<string, string>();

/** `process.env[envVariable]`, else the path printed last by `scripts/<script>` (which caches its build). */
export function cachedBinary(envVariable: string, script: string): string {
  const given = process.env[envVariable];
  if (given) return given;
  if (!built.has(script)) {
    const out = execFileSync('bash', [join(ROOT, 'scripts', script)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const path = out.trim().split('\n').pop();
    if (!path) throw new Error(`scripts/${script} printed no binary path`);
    built.set(script, path);
  }
  return built.get(script)!;
}

export interface ChildServer {
  child: ChildProcess;
  running(): boolean;
  /** The last 4,000 characters it printed, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after five seconds. */
  stop(): Promise<void>;
}

/** Spawns a server whose output is echoed to stderr and kept (bounded). */
export function spawnServer(binary: string, args: string[], options: SpawnOptions): ChildServer {
  const child = spawn(binary, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    process.stderr.write(chunk);
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    running,
    output: () => output,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** A port taken between freePort() and the server's bind makes it exit at once: try again, three times at most. */
export async function retryOnPortClash<T>(start: () => Promise<T>): Promise<T> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start();
    } catch (e) {
      lastError = e as Error;
      if (!/address already in use|address in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError!;
}

/** Polls `url` (bounded) until it answers 2xx; stops the server and says why when it does not. */
export async function waitUntilReady(server: ChildServer, name: string, url: string, timeoutMs: number, cleanUp: () => void = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && server.running()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const timedOut = server.running();
  const exitCode = server.child.exitCode;
  await server.stop();
  cleanUp();
  throw new Error(timedOut ? `${name} did not answer on ${url} within ${timeoutMs / 1000} s:\n${server.output()}` : `${name} exited with code ${exitCode} before answering:\n${server.output()}`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

/** The compiled API entry point beside this file in dist-test/. */
const MAIN = resolve(__dirname, '../../apps/api/src/main.js');

export interface ApiProcess {
  baseUrl: string;
  child: ChildProcess;
  /** SIGKILL: the process dies without any chance to flush or close. */
  kill(): Promise<void>;
  /** SIGTERM and wait: the graceful stop; answers the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Amphi's API as a separate operating-system process on loopback, on an existing database (for
 * several processes sharing one database, or a process killed on purpose). Waits, bounded, for /api/health.
 */
export async function startApiProcess(
  databaseUrl: string,
  env: Record<string, string>,
  // output: receives what the process writes (stdout and stderr), for a test that reads its log; stderr is still shown.
  options: { port?: number; output?: (text: string) => void } = {},
): Promise<ApiProcess> {
  // A given port: a process restarted where its clients will look for it.
  const port = options.port ?? (await freePort());
  const storage = mkdtempSync(join(tmpdir(), 'amphi-process-'));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'false',
      STORAGE_DIR: storage,
      MAILBOX_DIR: join(storage, 'mailbox'),
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', options.output ? 'pipe' : 'ignore', options.output ? 'pipe' : 'inherit'],
  });
  if (options.output) {
    const output = options.output;
    child.stdout!.on('data', (chunk: Buffer) => output(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => {
      output(chunk.toString());
      process.stderr.write(chunk);
    });
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const cleanUp = () => rmSync(storage, { recursive: true, force: true });
  // Bounded, generously: on 2 shared cores with other test files running, a start can take a while.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok)
        return {
          baseUrl,
          child,
          async kill() {
            child.kill('SIGKILL');
            await exited;
            cleanUp();
          },
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
            cleanUp();
            return child.exitCode;
          },
        };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  cleanUp();
  throw new Error(`The API process did not answer /api/health within 120 s (exit code ${child.exitCode})`);
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3StorageOptions } from '../../apps/api/src/storage/s3.storage';
import { freePort } from './ports';

/**
 * A real S3-compatible server (MinIO, single drive in a temporary folder, loopback only) as a
 * child process, for end-to-end tests. Built once by scripts/install-s3-test-server.sh
 * (test/run-tests.mjs runs it and exports S3_TEST_SERVER_BIN before the tests).
 *
 *   const s3 = await startS3Server();
 *   const storage = new S3Storage(s3.storageOptions(await s3.createBucket()));
 *   …
 *   storage.onModuleDestroy();
 *   await s3.stop();
 */
export interface S3TestServer {
  /** http://127.0.0.1:PORT (path-style addressing only). */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A client with those credentials, for checks the Storage interface does not offer (metadata…). */
  client: S3Client;
  /** Creates a bucket (a random name by default) and returns its name. */
  createBucket(name?: string): Promise<string>;
  /** Options for S3Storage on this server and `bucket`; `extra` overrides (prefix, part sizes…). */
  storageOptions(bucket: string, extra?: Partial<S3StorageOptions>): S3StorageOptions;
  stop(): Promise<void>;
}

/** The repository root: this file is compiled to dist-test/test/support/s3-server.js. */
const ROOT = resolve(__dirname, '../../..');

let cachedBinary: string | undefined;
/** S3_TEST_SERVER_BIN, else the path printed last by scripts/install-s3-test-server.sh (cached build). */
export function s3ServerBinary(): string {
  if (process.env.S3_TEST_SERVER_BIN) return process.env.S3_TEST_SERVER_BIN;
  if (!cachedBinary) {
    const out = execFileSync('bash', [join(ROOT, 'scripts/install-s3-test-server.sh')], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cachedBinary = out.trim().split('\n').pop();
    if (!cachedBinary) throw new Error('scripts/install-s3-test-server.sh printed no binary path');
  }
  return cachedBinary;
}

const START_TIMEOUT_MS = 30_000;
const REGION = 'us-east-1';

/** Starts MinIO on a free loopback port and waits, bounded, until it is ready to serve requests. */
export async function startS3Server(): Promise<S3TestServer> {
  const binary = s3ServerBinary();
  // A port taken between freePort() and the server's bind makes it exit at once: try again, bounded.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary);
    } catch (e) {
      lastError = e as Error;
      if (!/already in use|address in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError!;
}

async function startOnce(binary: string): Promise<S3TestServer> {
  const port = await freePort();
  const accessKeyId = `amphi${randomBytes(4).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'amphi-s3-'));
  const child: ChildProcess = spawn(
    binary,
    ['server', '--quiet', '--address', `127.0.0.1:${port}`, '--certs-dir', join(dir, 'certs'), join(dir, 'data')],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir, // MinIO keeps a ~/.minio folder: not the user's
        MINIO_ROOT_USER: accessKeyId,
        MINIO_ROOT_PASSWORD: secretAccessKey,
        MINIO_BROWSER: 'off', // no web console (it would listen on another port)
        MINIO_UPDATE: 'off',
        MINIO_CI_CD: 'on', // test mode: no root-drive checks
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  const stop = async () => {
    client.destroy();
    if (running()) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && running()) {
    try {
      // 200 once the object layer is up (/minio/health/live answers before that).
      const res = await fetch(`${endpoint}/minio/health/ready`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) {
        return {
          endpoint,
          region: REGION,
          accessKeyId,
          secretAccessKey,
          client,
          async createBucket(name = `amphi-test-${randomBytes(6).toString('hex')}`) {
            await client.send(new CreateBucketCommand({ Bucket: name }));
            return name;
          },
          storageOptions: (bucket, extra = {}) => ({
            bucket,
            endpoint,
            region: REGION,
            accessKeyId,
            secretAccessKey,
            forcePathStyle: true,
            ...extra,
          }),
          stop,
        };
      }
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
      ? `MinIO did not become ready on ${endpoint} within ${START_TIMEOUT_MS / 1000} s:\n${output}`
      : `MinIO exited with code ${exitCode} before becoming ready:\n${output}`,
  );
}

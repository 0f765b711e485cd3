import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3StorageOptions } from '../../apps/api/src/storage/s3.storage';
import { freePort } from './ports';
import { cachedBinary, retryOnPortClash, spawnServer, waitUntilReady } from './child-server';

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

/** S3_TEST_SERVER_BIN, else the path printed last by scripts/install-s3-test-server.sh (cached build). */
export const s3ServerBinary = () => cachedBinary('S3_TEST_SERVER_BIN', 'install-s3-test-server.sh');

const START_TIMEOUT_MS = 30_000;
const REGION = 'us-east-1';

/** Starts MinIO on a free loopback port and waits, bounded, until it is ready to serve requests. */
export async function startS3Server(): Promise<S3TestServer> {
  const binary = s3ServerBinary();
  return retryOnPortClash(() => startOnce(binary));
}

async function startOnce(binary: string): Promise<S3TestServer> {
  const port = await freePort();
  const accessKeyId = `amphi${randomBytes(4).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'amphi-s3-'));
  const server = spawnServer(
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
    },
  );

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  // 200 once the object layer is up (/minio/health/live answers before that).
  await waitUntilReady(server, 'MinIO', `${endpoint}/minio/health/ready`, START_TIMEOUT_MS, () => {
    client.destroy();
    cleanUp();
  });
  const stop = async () => {
    client.destroy();
    await server.stop();
    cleanUp();
  };
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

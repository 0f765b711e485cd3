import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { ConfigError, loadConfig } from '../apps/api/src/config/config';
import { LocalDiskStorage } from '../apps/api/src/storage/local-disk.storage';
import { S3Storage } from '../apps/api/src/storage/s3.storage';
import type { Storage } from '../apps/api/src/storage/storage';
import { createStorage } from '../apps/api/src/storage/storage.module';
import { startS3Server, type S3TestServer } from './support/s3-server';
import { within } from './support/wait';

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** Every byte of a stream, bounded in time. */
const bytes = (stream: Readable) =>
  within('reading the stream', 30_000, (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })());
/** A stream of `data` whose length nobody knows beforehand (as an HTTP upload): chunks of uneven sizes. */
const unknownLength = (data: Buffer, failAfter?: number) =>
  Readable.from(
    (function* () {
      for (let at = 0, i = 0; at < data.length; i++) {
        if (failAfter !== undefined && at >= failAfter) throw new Error('the client went away');
        const size = i % 2 ? 65_536 : 10_007;
        yield data.subarray(at, at + size);
        at += size;
      }
    })(),
    { objectMode: false },
  );

const SMALL = randomBytes(100_000);
/** Larger than one 5 MiB part: a multipart upload on S3. */
const LARGE = randomBytes(5 * MiB + 512 * 1024 + 7);
const TIMEOUT = { timeout: 60_000 };

/** What every Storage must do; `open` runs in before(), once for the suite. */
function behaviour(open: () => Promise<Storage>) {
  let storage: Storage;
  before(async () => {
    storage = await open();
  });

  it('puts a Buffer: size and SHA-256 right, read back whole', TIMEOUT, async () => {
    const stored = await storage.put('talks/small.bin', SMALL);
    assert.deepEqual(stored, { key: 'talks/small.bin', size: SMALL.length, sha256: sha256(SMALL) });
    assert.equal(await storage.size('talks/small.bin'), SMALL.length);
    assert.ok((await bytes(await storage.read('talks/small.bin'))).equals(SMALL));
  });

  it('puts a stream of unknown length (~5.5 MB): size and SHA-256 computed on the way', TIMEOUT, async () => {
    const stored = await storage.put('recordings/large.webm', unknownLength(LARGE));
    assert.deepEqual(stored, { key: 'recordings/large.webm', size: LARGE.length, sha256: sha256(LARGE) });
    assert.equal(await storage.size('recordings/large.webm'), LARGE.length);
    const back = await bytes(await storage.read('recordings/large.webm'));
    assert.equal(back.length, LARGE.length);
    assert.equal(sha256(back), sha256(LARGE));
  });

  it('reads inclusive byte ranges: the start, the middle, the last byte', TIMEOUT, async () => {
    const key = 'recordings/ranges.webm';
    await storage.put(key, unknownLength(LARGE));
    const last = LARGE.length - 1;
    for (const [start, end] of [
      [0, 0],
      [0, 99],
      [2_000_000, 3_500_000],
      [5 * MiB - 10, 5 * MiB + 10], // across the boundary between the two parts
      [last, last],
    ]) {
      const part = await bytes(await storage.read(key, { start, end }));
      assert.equal(part.length, end - start + 1, `length of bytes ${start}-${end}`);
      assert.ok(part.equals(LARGE.subarray(start, end + 1)), `content of bytes ${start}-${end}`);
    }
  });

  it('overwrites a key', TIMEOUT, async () => {
    await storage.put('talks/again.bin', SMALL);
    const other = randomBytes(1234);
    assert.equal((await storage.put('talks/again.bin', unknownLength(other))).sha256, sha256(other));
    assert.equal(await storage.size('talks/again.bin'), other.length);
    assert.ok((await bytes(await storage.read('talks/again.bin'))).equals(other));
  });

  it('size of a missing key is null', TIMEOUT, async () => {
    assert.equal(await storage.size('nothing/here.bin'), null);
  });

  it('delete, then size is null; deleting a missing key is fine', TIMEOUT, async () => {
    await storage.put('talks/gone.bin', SMALL);
    await storage.delete('talks/gone.bin');
    assert.equal(await storage.size('talks/gone.bin'), null);
    await storage.delete('talks/gone.bin');
    await storage.delete('never/was.bin');
  });

  it('a source that fails part-way: put rejects and nothing is stored', TIMEOUT, async () => {
    await assert.rejects(storage.put('recordings/broken.webm', unknownLength(LARGE, 5 * MiB + 100_000)), /client went away/);
    assert.equal(await storage.size('recordings/broken.webm'), null);
  });

  it('refuses a key that escapes the storage folder', TIMEOUT, async () => {
    for (const key of ['../escape.bin', 'talks/../../escape.bin']) {
      await assert.rejects(storage.put(key, SMALL), /escapes the storage folder/, key);
      await assert.rejects(storage.read(key), /escapes the storage folder/, key);
    }
  });
}

describe('LocalDiskStorage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amphi-storage-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  behaviour(async () => new LocalDiskStorage(join(dir, 'files')));

  it('leaves no partial file behind, nor anything outside its folder', () => {
    const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [e.name]));
    assert.deepEqual(files(join(dir, 'files')).filter((f) => f.endsWith('.partial')), []);
    assert.equal(existsSync(join(dir, 'escape.bin')), false);
  });
});

describe('S3Storage (on MinIO)', () => {
  let s3: S3TestServer;
  let bucket: string;
  const made: S3Storage[] = [];
  /** An S3Storage on the test bucket; 5 MiB parts (the minimum) so ~5.5 MB is a multipart upload. */
  const open = (extra: Partial<ConstructorParameters<typeof S3Storage>[0]> = {}) => {
    const storage = new S3Storage(s3.storageOptions(bucket, { partSize: 5 * MiB, ...extra }));
    made.push(storage);
    return storage;
  };
  /** The names of the S3 requests the storage sends from now on. */
  const record = (storage: S3Storage) => {
    const sent: string[] = [];
    storage.client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName!.replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    return sent;
  };

  before(async () => {
    s3 = await startS3Server();
    bucket = await s3.createBucket();
  }, { timeout: 60_000 });
  after(async () => {
    for (const storage of made) storage.onModuleDestroy();
    await s3?.stop();
  });

  behaviour(async () => open({ prefix: 'suite' }));

  it('streams a large body as a multipart upload, then stamps its sha256 as metadata', TIMEOUT, async () => {
    const storage = open({ prefix: 'amphi' });
    const sent = record(storage);
    await storage.put('recordings/multi.webm', unknownLength(LARGE));
    assert.deepEqual(sent, ['CreateMultipartUpload', 'UploadPart', 'UploadPart', 'CompleteMultipartUpload', 'CopyObject']);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'amphi/recordings/multi.webm' }));
    assert.equal(head.ContentLength, LARGE.length);
    assert.equal(head.Metadata?.sha256, sha256(LARGE));
  });

  it('a body within one part is one PutObject, with its sha256 metadata, under the prefix', TIMEOUT, async () => {
    const storage = open({ prefix: '/amphi' });
    const sent = record(storage);
    await storage.put('talks/one.bin', unknownLength(SMALL));
    await storage.put('talks/two.bin', SMALL);
    assert.deepEqual(sent, ['PutObject', 'PutObject']);
    for (const key of ['amphi/talks/one.bin', 'amphi/talks/two.bin']) {
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      assert.equal(head.Metadata?.sha256, sha256(SMALL), key);
    }
  });

  it('above the single-copy limit (5 GiB on S3), the metadata is written by a multipart copy', TIMEOUT, async () => {
    const storage = open({ maxSingleCopySize: 5 * MiB, copyPartSize: 5 * MiB });
    const sent = record(storage);
    const stored = await storage.put('recordings/huge.webm', unknownLength(LARGE));
    assert.equal(stored.sha256, sha256(LARGE));
    assert.deepEqual(sent.slice(4), ['CreateMultipartUpload', 'UploadPartCopy', 'UploadPartCopy', 'CompleteMultipartUpload']);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'recordings/huge.webm' }));
    assert.equal(head.ContentLength, LARGE.length);
    assert.equal(head.Metadata?.sha256, sha256(LARGE));
    assert.match(head.ETag ?? '', /-2"$/);
    assert.equal(sha256(await bytes(await storage.read('recordings/huge.webm'))), sha256(LARGE));
    const tail = await bytes(await storage.read('recordings/huge.webm', { start: LARGE.length - 3, end: LARGE.length - 1 }));
    assert.ok(tail.equals(LARGE.subarray(-3)));
  });

  it('a failed multipart upload is aborted: no parts are left in the bucket', TIMEOUT, async () => {
    const storage = open();
    const sent = record(storage);
    await assert.rejects(storage.put('recordings/aborted.webm', unknownLength(LARGE, 5 * MiB + 100_000)), /client went away/);
    // The first part had gone up when the source failed: the upload was started, then aborted.
    assert.equal(sent[0], 'CreateMultipartUpload', sent.join());
    assert.equal(sent.at(-1), 'AbortMultipartUpload', sent.join());
    const { Uploads } = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.deepEqual(Uploads ?? [], []);
  });

  it('wrong credentials are an error, not a missing object', TIMEOUT, async () => {
    const storage = open({ secretAccessKey: 'not-the-secret-at-all' });
    await assert.rejects(storage.size('talks/small.bin'), (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 403);
  });

  it('a missing bucket is an error too', TIMEOUT, async () => {
    const storage = new S3Storage(s3.storageOptions('no-such-bucket-here'));
    made.push(storage);
    await assert.rejects(storage.put('talks/x.bin', SMALL), /bucket/i);
  });
});

describe('storage configuration', () => {
  it('S3_BUCKET set: S3Storage with the S3_ settings; unset: the local folder', () => {
    const config = loadConfig({
      S3_BUCKET: 'amphi-files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'prod/',
    });
    assert.deepEqual(config.storage.s3, {
      bucket: 'amphi-files',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      prefix: 'prod/',
    });
    const s3 = createStorage(config);
    assert.ok(s3 instanceof S3Storage);
    assert.equal(s3.bucket, 'amphi-files');
    s3.onModuleDestroy();

    const local = loadConfig({ S3_BUCKET: '' }); // docker-compose's unset
    assert.equal(local.storage.s3, undefined);
    assert.ok(createStorage(local) instanceof LocalDiskStorage);
    assert.deepEqual(loadConfig({ S3_BUCKET: 'b' }).storage.s3, { bucket: 'b', endpoint: undefined, region: 'us-east-1', accessKeyId: undefined, secretAccessKey: undefined, forcePathStyle: false, prefix: '' });
  });

  it('refuses half a key pair, S3 settings without a bucket, and a bad endpoint', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e.problems.join('\n');
        throw e;
      }
      return '';
    };
    assert.match(problems({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'key' }), /S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    assert.match(problems({ S3_ENDPOINT: 'http://minio:9000' }), /S3_BUCKET: required/);
    assert.match(problems({ S3_BUCKET: 'b', S3_ENDPOINT: 'minio:9000' }), /S3_ENDPOINT/);
    assert.match(problems({ S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'maybe' }), /S3_FORCE_PATH_STYLE/);
  });
});

import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { measuring } from './measure';
import type { Storage, StoredObject } from './storage';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface S3StorageOptions {
  bucket: string;
  /** An S3-compatible server (MinIO, Ceph, Garage, R2…); unset: AWS S3 for `region`. */
  endpoint?: string;
  region: string;
  /** Both or neither; neither: the SDK's default chain (environment, profile, instance role…). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** https://endpoint/bucket/key instead of https://bucket.endpoint/key (MinIO and most self-hosted servers). */
  forcePathStyle?: boolean;
  /** Prepended to every key ("amphi" and "amphi/" both give "amphi/<key>"). */
  prefix?: string;
  /** Size of each part of a multipart upload (at least 5 MiB; 10,000 parts at most, so 8 MiB allows ~78 GiB). Default 8 MiB. */
  partSize?: number;
  /** Parts uploaded at once (each held in memory). Default 4. */
  queueSize?: number;
  /** Above this size the sha256 metadata is written by a multipart copy (S3's CopyObject stops at 5 GiB). Default 5 GiB. */
  maxSingleCopySize?: number;
  /** Part size of that multipart copy (5 MiB to 5 GiB). Default 1 GiB. */
  copyPartSize?: number;
}

/**
 * Objects in an S3 bucket (AWS or an S3-compatible server), under an optional key prefix.
 *
 * put() streams: a body that fits in one part is sent with PutObject, anything larger as a
 * multipart upload of unknown length (lib-storage's Upload), never holding more than a few parts in
 * memory. Size and SHA-256 are computed on the way; the SHA-256 is also kept as the object's
 * metadata `sha256` (x-amz-meta-sha256). A multipart upload must state its metadata before the
 * first byte, so once it is complete the object is copied onto itself, server-side, with that
 * metadata (guarded by its ETag, so a concurrent writer's object is never stamped with our hash).
 */
export class S3Storage implements Storage {
  readonly client: S3Client;
  readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly maxSingleCopySize: number;
  private readonly copyPartSize: number;

  constructor(options: S3StorageOptions) {
    if (!!options.accessKeyId !== !!options.secretAccessKey) throw new Error('S3 access key id and secret access key go together');
    this.bucket = options.bucket;
    const prefix = (options.prefix ?? '').replace(/^\/+/, '');
    this.prefix = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
    this.partSize = Math.max(options.partSize ?? 8 * MiB, 5 * MiB);
    this.queueSize = Math.max(1, options.queueSize ?? 4);
    this.maxSingleCopySize = Math.min(options.maxSingleCopySize ?? 5 * GiB, 5 * GiB);
    this.copyPartSize = Math.min(Math.max(options.copyPartSize ?? GiB, 5 * MiB), 5 * GiB);
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
    });
  }

  /** The object key: the prefix, then `key`, which may not climb out of it (same rule as the local folder). */
  private objectKey(key: string): string {
    if (!key || key.startsWith('/') || key.split(/[/\\]/).some((segment) => segment === '..'))
      throw new Error(`Storage key escapes the storage folder: ${key}`);
    return this.prefix + key;
  }

  async put(key: string, body: Readable | Buffer): Promise<StoredObject> {
    const Key = this.objectKey(key);
    if (Buffer.isBuffer(body)) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: body.length, Metadata: { sha256 } }),
      );
      return { key, size: body.length, sha256 };
    }

    const { stream: measure, result: measurement } = measuring();
    // An error of the source destroys `measure` with it, which fails whichever request reads it.
    const measured = pipeline(body, measure, () => {});
    const chunks = measured[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      // The first part: when the body ends within it, one PutObject, with the hash already known.
      const head: Buffer[] = [];
      let headSize = 0;
      let ended = false;
      while (headSize <= this.partSize) {
        const next = await chunks.next();
        if (next.done) {
          ended = true;
          break;
        }
        head.push(next.value);
        headSize += next.value.length;
      }
      if (ended) {
        const whole = Buffer.concat(head, headSize);
        const { size, sha256 } = measurement();
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key, Body: whole, ContentLength: whole.length, Metadata: { sha256 } }),
        );
        return { key, size, sha256 };
      }

      // Larger: a multipart upload of what was read, then the rest as it comes.
      const rest = async function* () {
        yield* head.splice(0);
        for (;;) {
          const next = await chunks.next();
          if (next.done) return;
          yield next.value;
        }
      };
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key, Body: Readable.from(rest(), { objectMode: false }) },
        partSize: this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false, // a failed upload is aborted, its parts deleted
      });
      const uploaded = await upload.done();
      const { size, sha256 } = measurement();
      try {
        await this.setSha256(Key, size, uploaded.ETag, sha256);
      } catch (error) {
        // put() failed, so leave nothing behind that looks complete; unless the ETag guard failed,
        // when the object is already someone else's (a concurrent put of the same key).
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 412)
          await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })).catch(() => undefined);
        throw error;
      }
      return { key, size, sha256 };
    } catch (error) {
      measured.destroy(); // stop reading the source (an HTTP request, a file…) on failure
      throw error;
    }
  }

  /** Copies the object onto itself with metadata sha256, if it still is the one uploaded (ETag). */
  private async setSha256(Key: string, size: number, etag: string | undefined, sha256: string): Promise<void> {
    const CopySource = `${this.bucket}/${Key.split('/').map(encodeURIComponent).join('/')}`;
    const Metadata = { sha256 };
    if (size <= this.maxSingleCopySize) {
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key, CopySource, CopySourceIfMatch: etag, MetadataDirective: 'REPLACE', Metadata }),
      );
      return;
    }
    // CopyObject stops at 5 GiB: the same copy as a multipart upload of ranges of the object.
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, Metadata }));
    try {
      const parts: CompletedPart[] = [];
      for (let start = 0, PartNumber = 1; start < size; start += this.copyPartSize, PartNumber++) {
        const end = Math.min(start + this.copyPartSize, size) - 1;
        const { CopyPartResult } = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key,
            UploadId,
            PartNumber,
            CopySource,
            CopySourceIfMatch: etag,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ PartNumber, ETag: CopyPartResult?.ETag });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const { Body } = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
    );
    if (!(Body instanceof Readable)) throw new Error(`S3 GetObject returned no readable body for ${key}`);
    return Body;
  }

  /** The object's size; null when there is none (a 404: with read access but not ListBucket, S3 answers 403, which throws). */
  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  /** Closes the client's pooled connections (Nest calls it at shutdown). */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}

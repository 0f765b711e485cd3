import type { Readable } from 'node:stream';

/** What Amphi asks of file storage. Local disk by default; an S3-compatible store later implements the same. */
export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
}

export interface Storage {
  /** Streams `body` to `key`, computing its size and SHA-256 on the way. */
  put(key: string, body: Readable | Buffer): Promise<StoredObject>;
  /** A stream of the object's bytes, or of `range` (inclusive byte offsets). */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  size(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
}

export const STORAGE = Symbol('STORAGE');

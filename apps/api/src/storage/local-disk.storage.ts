import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Storage, StoredObject } from './storage';
import { measuring } from './measure';

/** Files under one folder (git-ignored by default). Writes go to a temporary name and are renamed when complete. */
export class LocalDiskStorage implements Storage {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    const full = resolve(this.root, key);
    if (!full.startsWith(this.root + sep)) throw new Error(`Storage key escapes the storage folder: ${key}`);
    return full;
  }

  async put(key: string, body: Readable | Buffer): Promise<StoredObject> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.partial`;
    const { stream: measure, result: measurement } = measuring();
    const writer = createWriteStream(temporary);
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, measure, writer);
      await rename(temporary, target);
    } catch (error) {
      // The source can fail (a refused upload) before the file is even opened: the writer opens it
      // afterwards and then closes it. Remove it only once it is closed, or an empty part stays behind.
      if (!writer.closed) await once(writer, 'close').catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
    return { key, ...measurement() };
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    return createReadStream(this.path(key), range);
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return null;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

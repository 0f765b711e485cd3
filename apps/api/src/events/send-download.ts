import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Download } from './download.entity';

/** Streams a stored file with its type, length, checksum and a download name. */
export async function sendDownload(res: Response, download: Download, body: Readable): Promise<void> {
  res.setHeader('Content-Type', download.contentType);
  res.setHeader('Content-Length', String(download.size));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(download.fileName)}`);
  res.setHeader('Digest', `sha-256=${Buffer.from(download.sha256, 'hex').toString('base64')}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  try {
    await pipeline(body, res);
  } catch (error) {
    // The client hung up (often right after the last byte, before the response reports 'finish'):
    // nobody is left to answer, and it is not a server error worth logging.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  }
}

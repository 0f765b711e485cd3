import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import parseRange from 'range-parser';

export interface ServedFile {
  size: number;
  contentType: string;
  sha256: string;
  fileName: string;
}

/**
 * Serves a stored file for players and downloads with HTTP range requests: 200 for the whole
 * file, 206 for one range (start, middle or suffix), 416 with the size for an unsatisfiable one.
 * Several ranges at once are answered with the whole file, as many servers do.
 */
export async function sendWithRanges(req: Request, res: Response, file: ServedFile, open: (range?: { start: number; end: number }) => Promise<Readable>): Promise<void> {
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  let range: { start: number; end: number } | undefined;
  const header = req.headers.range;
  if (header && file.size > 0) {
    const parsed = parseRange(file.size, header, { combine: true });
    if (parsed === -1) {
      res.status(416).setHeader('Content-Range', `bytes */${file.size}`);
      res.end();
      return;
    }
    // -2 (malformed) is ignored, as the HTTP specification allows: the whole file is sent.
    if (parsed !== -2 && parsed.type === 'bytes' && parsed.length === 1) range = parsed[0];
  }
  if (range) {
    res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.status(200).setHeader('Content-Length', String(file.size));
    res.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(await open(range), res);
  } catch (error) {
    // A player that seeks closes its previous request mid-stream: nobody is left to answer.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  }
}

import { Transform } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { ErrorCode, type RecordingFileKind } from '@amphi/contracts';
import { DomainError, ValidationFailed } from '../common/domain-errors';

/** Enough bytes for every audio and video signature file-type knows. */
const SNIFF_BYTES = 4100;

export interface SniffedMedia {
  mime: string;
  kind: RecordingFileKind;
}

/**
 * A pass-through stream that reads what a file is from its first bytes (never from its name or
 * the declared Content-Type) and stops the upload as soon as it is not audio or video, or once it
 * grows past `maxBytes`. After the stream ends, `result` holds the type; on refusal, `error` says why.
 */
export function sniffMedia(maxBytes: number): { stream: Transform; result?: SniffedMedia; error?: DomainError } {
  const state: { stream: Transform; result?: SniffedMedia; error?: DomainError } = {} as never;
  let head: Buffer[] = [];
  let headSize = 0;
  let total = 0;
  const fail = (error: DomainError) => {
    state.error = error;
    return error;
  };
  const decide = async (): Promise<void> => {
    const bytes = Buffer.concat(head);
    const type = await fileTypeFromBuffer(bytes);
    const family = type?.mime.split('/')[0];
    if (!type || (family !== 'audio' && family !== 'video'))
      throw fail(new DomainError(415, ErrorCode.UnsupportedMedia, { detectedType: type ? type.mime : null }));
    // An MP4 with only sound is still a video container; the tracks decide later uses, not here.
    state.result = { mime: type.mime, kind: family === 'audio' ? 'audio' : 'video' };
  };
  state.stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxBytes) return done(fail(new DomainError(413, ErrorCode.PayloadTooLarge, { maxMegabytes: Math.round(maxBytes / 1024 / 1024) })));
      if (state.result) return done(null, chunk);
      head.push(chunk);
      headSize += chunk.length;
      if (headSize < SNIFF_BYTES) return done();
      decide().then(
        () => {
          const held = Buffer.concat(head);
          head = [];
          done(null, held);
        },
        (error: Error) => done(error),
      );
    },
    flush(done) {
      if (state.result) return done();
      if (total === 0) return done(fail(ValidationFailed.rule('file', 'file_empty')));
      decide().then(
        () => {
          this.push(Buffer.concat(head));
          head = [];
          done();
        },
        (error: Error) => done(error),
      );
    },
  });
  // The consumer (storage) may attach its own handlers only after an await; the refusal is kept
  // in `error` and the stream stays errored for it, so an early 'error' must not go unhandled.
  state.stream.on('error', () => undefined);
  return state;
}

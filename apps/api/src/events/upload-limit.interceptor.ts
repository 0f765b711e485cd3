import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { ErrorCode } from '@amphi/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainError } from '../common/domain-errors';

/** What the multipart wrapping and the text fields (kind, titles, talk) add to the file's own bytes, at most. */
const MULTIPART_ALLOWANCE = 64 * 1024;

function tooLarge(maxBytes: number, declaredBytes?: number): DomainError {
  return new DomainError(413, ErrorCode.PayloadTooLarge, {
    maxMegabytes: Math.round(maxBytes / 1024 / 1024),
    ...(declaredBytes !== undefined ? { actualMegabytes: Math.ceil(declaredBytes / 1024 / 1024) } : {}),
  });
}

/**
 * Put before FileInterceptor: a request whose Content-Length already says the file is over
 * MAX_UPLOAD_MB is refused before any of its body is read; one without a length (chunked) is cut
 * by multer's own limit as it streams in. Both answer 413 PAYLOAD_TOO_LARGE with the limit.
 */
@Injectable()
export class UploadLimitInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const max = this.config.storage.maxUploadBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max + MULTIPART_ALLOWANCE) {
      // The rest of the body is not wanted: the connection closes after the answer instead of reading it.
      req.res?.setHeader('Connection', 'close');
      throw tooLarge(max, declared);
    }
    return next.handle().pipe(catchError((error: unknown) => throwError(() => (error instanceof PayloadTooLargeException ? tooLarge(max) : error))));
  }
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode, type ErrorBody } from '@amphi/contracts';
import { DomainError, Unavailable } from './domain-errors';
import { requestLanguage } from './language';
import { randomUUID } from 'node:crypto';

const codeByStatus: Record<number, ErrorCode> = {
  400: ErrorCode.MalformedRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMedia,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
};

/** PostgreSQL and network error codes that mean the database did not answer (not a bug of ours, not the client's fault). */
const DATABASE_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
/** A statement that ran out of time (statement_timeout, lock_timeout) or a pool that gave no connection in time. */
const TIMEOUT = new Set(['57014', '55P03', 'ETIMEDOUT']);

/** What an unexpected exception means for the person: the database down, a timeout, or a fault of ours (null). */
export function classifyFailure(exception: unknown): DomainError | null {
  const seen = new Set<unknown>();
  let e = exception as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined;
  // TypeORM wraps pg's error in driverError; Node wraps causes.
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    if (TIMEOUT.has(code) || /timeout exceeded when trying to connect|Query read timeout|Connection terminated due to connection timeout/i.test(message)) return new Unavailable('timeout');
    if (DATABASE_DOWN.has(code) || /Connection terminated|connect ECONNREFUSED|the database system is (shutting down|starting up)/i.test(message)) return new Unavailable('database');
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return null;
}

/**
 * Every error leaves the API in one shape, with `message` (and `fields`) in the request's language:
 * a DomainError as the service meant it; Nest's and express' own errors (unknown endpoint, malformed
 * JSON, too large, throttled) with precise codes; the database down or slow as 503 with Retry-After;
 * anything else logged with its stack and answered 500 without internals. A 5xx carries the
 * request's id (also the X-Request-Id header, and in the log line).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const requestId: string = res.locals?.requestId ?? randomUUID();
    const error = this.toDomainError(exception, req, res);
    const lang = requestLanguage(req.headers?.['accept-language'], req.query?.lang);
    const body: ErrorBody = error.toBody(lang);
    if (body.statusCode >= 500) body.requestId = requestId;
    if (exception instanceof DomainError || error !== this.internal) {
      // A 503 a service meant (no egress worker, too busy, the database down) is an answer, not a fault: a warning without a stack.
      if (body.statusCode >= 500) this.logger.warn(`[${requestId}] ${req.method} ${req.originalUrl ?? req.url}: ${error.code}: ${error.message}${exception instanceof DomainError ? '' : ` (${(exception as Error)?.message ?? String(exception)})`}`);
    } else this.logger.error(`[${requestId}] ${req.method} ${req.originalUrl ?? req.url}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    if (res.headersSent) return;
    const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if ((body.statusCode === 429 || body.statusCode === 503) && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.setHeader('X-Request-Id', requestId);
    // A route may have set its own type before failing (@Header('Content-Type', 'text/calendar')):
    // the error is JSON all the same, and not a file to save.
    res.removeHeader('Content-Disposition');
    res.status(body.statusCode).type('application/json').json(body);
  }

  private readonly internal = new DomainError(500, ErrorCode.Internal);

  /** The exception as a DomainError (this.internal for a fault of ours). */
  toDomainError(exception: unknown, req?: Request, res?: Response): DomainError {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 429) return new DomainError(429, ErrorCode.RateLimited, { retryAfterSeconds: retryAfterOf(res) });
      // Nest's router: "Cannot GET /api/nothing".
      if (status === 404) return unknownEndpoint(req, exception.message);
      if (status === 503) return new Unavailable('stopping');
      if (status === 400 && /JSON/i.test(exception.message)) return new DomainError(400, ErrorCode.MalformedJson);
      if (status === 413) return new DomainError(413, ErrorCode.PayloadTooLarge);
      if (status >= 500) return this.internal;
      const code = codeByStatus[status] ?? ErrorCode.MalformedRequest;
      return new DomainError(status, code, code === ErrorCode.UnsupportedMedia ? ({ detectedType: null } as never) : undefined);
    }
    // Errors raised by express middleware (the body parser: malformed JSON, too large, bad encoding) carry their status and type.
    const raw = exception as { status?: unknown; statusCode?: unknown; type?: unknown };
    const status = typeof raw?.status === 'number' ? raw.status : typeof raw?.statusCode === 'number' ? raw.statusCode : undefined;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (raw.type === 'entity.parse.failed') return new DomainError(400, ErrorCode.MalformedJson);
      if (raw.type === 'entity.too.large' || status === 413) return new DomainError(413, ErrorCode.PayloadTooLarge);
      if (raw.type === 'encoding.unsupported' || raw.type === 'charset.unsupported' || status === 415) return new DomainError(415, ErrorCode.MalformedRequest, { reason: 'encoding' });
      return new DomainError(status, codeByStatus[status] ?? ErrorCode.MalformedRequest);
    }
    return classifyFailure(exception) ?? this.internal;
  }
}

function unknownEndpoint(req: Request | undefined, message: string): DomainError {
  const [, method, path] = /^Cannot ([A-Z]+) (.*)$/.exec(message) ?? [];
  // originalUrl: the path as the client sent it (req.path is relative to the global prefix's router).
  const sent = req ? (req.originalUrl ?? req.url).split('?')[0] : (path ?? '/');
  return new DomainError(404, ErrorCode.UnknownEndpoint, { method: req?.method ?? method ?? 'GET', path: sent.slice(0, 200) });
}

/** The throttler names its header after the limit that was hit (Retry-After-email); clients read Retry-After. */
function retryAfterOf(res: Response | undefined): number {
  if (!res) return 60;
  const own = res.getHeader('Retry-After');
  const named = Object.keys(res.getHeaders()).find((h) => h.startsWith('retry-after-'));
  const value = Number(own ?? (named ? res.getHeader(named) : undefined));
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 60;
}

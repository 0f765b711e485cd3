import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorCode, type ErrorBody } from '@amphi/contracts';
import { DomainError } from './domain-errors';

const codeByStatus: Record<number, ErrorCode> = {
  400: ErrorCode.MalformedRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
};

/** Every error leaves the API in one shape; anything unexpected is logged and answered 500 without internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    // A 503 a service meant (no egress worker, too busy) is an answer, not a fault: a warning without a stack.
    if (exception instanceof DomainError) {
      if (body.statusCode >= 500) this.logger.warn(`${body.code}: ${body.message}`);
    } else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    if (body.statusCode === 429 && !res.getHeader('Retry-After')) {
      // The throttler names its header after the limit that was hit (Retry-After-email); clients read Retry-After.
      const named = Object.keys(res.getHeaders()).find((h) => h.startsWith('retry-after-'));
      if (named) res.setHeader('Retry-After', String(res.getHeader(named)));
    }
    // A route may have set its own type before failing (@Header('Content-Type', 'text/calendar')):
    // the error is JSON all the same, and not a file to save.
    res.removeHeader('Content-Disposition');
    res.status(body.statusCode).type('application/json').json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) return exception.toBody();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      if (typeof response === 'object' && response && 'message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      // Express' body parser reports malformed JSON as a 400 whose message is the parser's own.
      if (status === 400 && /JSON/i.test(message)) message = `The request body is not valid JSON: ${message}`;
      if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(message)) message = `No such endpoint: ${message.replace(/^Cannot /, '')}`;
      return { statusCode: status, code: codeByStatus[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.MalformedRequest), message };
    }
    const status = (exception as { status?: number; statusCode?: number })?.status ?? (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Errors raised by express middleware (body too large, bad encoding) carry their status.
      const message = (exception as Error).message || 'Bad request';
      return { statusCode: status, code: codeByStatus[status] ?? ErrorCode.MalformedRequest, message };
    }
    return { statusCode: 500, code: ErrorCode.Internal, message: 'Something went wrong on our side; it has been logged.' };
  }
}

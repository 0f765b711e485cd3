import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** An incoming X-Request-Id is kept when it is a sane token (a proxy's id then follows the request); else a new one. */
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Names every request: the id goes back in the X-Request-Id header, into the log line of an error,
 * and into the body of a 5xx, so that someone quoting it lets the operators find what happened.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}

import { ErrorCode, type ErrorBody, type ProgrammeConflict } from '@amphi/contracts';

/**
 * Errors the services throw, in the users' words. One filter (HttpErrorFilter) maps them to
 * the HTTP body `{ statusCode, code, message, fields?, details? }`; the socket acks reuse toBody().
 */
export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: unknown,
  ) {
    super(message);
  }
  toBody(): ErrorBody {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

export class ValidationFailed extends DomainError {
  constructor(fields: Record<string, string>) {
    const list = Object.entries(fields).map(([f, m]) => `${f}: ${m}`);
    super(422, ErrorCode.ValidationFailed, `Invalid input: ${list.join('; ')}`, fields);
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super(404, ErrorCode.NotFound, `${what} not found`);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message: string) {
    super(401, ErrorCode.Unauthenticated, message);
  }
}

export class Forbidden extends DomainError {
  constructor(message: string, details?: unknown) {
    super(403, ErrorCode.Forbidden, message, undefined, details);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, details?: unknown) {
    super(409, ErrorCode.Conflict, message, undefined, details);
  }
}

export class ProgrammeConflicts extends DomainError {
  constructor(readonly conflicts: ProgrammeConflict[]) {
    super(
      409,
      ErrorCode.ProgrammeConflict,
      `The programme has ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${conflicts.map((c) => c.message).join(' ')}`,
      undefined,
      { conflicts },
    );
  }
}

/** A refusal of the session-access policy: its status, precise code, reason and details, as the policy decided them. */
export class AccessRefused extends DomainError {
  constructor(statusCode: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(statusCode, code, message, undefined, details);
  }
}

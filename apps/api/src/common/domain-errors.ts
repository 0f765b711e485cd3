import { ErrorCode, type ErrorBody, type ErrorDetails, type ErrorLanguage, type FieldIssue, type FieldRule, type NotFoundResource, type ProgrammeConflict } from '@amphi/contracts';
import { renderErrorMessage, renderFields } from './error-texts';

/**
 * Errors the services throw: a precise code (libs/contracts' ErrorCode) with typed details, never a
 * sentence. One filter (HttpErrorFilter) answers them as `{ statusCode, code, message, fields?,
 * issues?, details? }` with `message` written in the request's language; the socket acks reuse
 * toBody() with the socket's language. Error.message is the English text, for the logs.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: C,
    readonly details?: ErrorDetails[C],
    readonly issues?: FieldIssue[],
  ) {
    super(renderErrorMessage(code, details, 'en'));
  }
  toBody(lang: ErrorLanguage = 'en'): ErrorBody {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: renderErrorMessage(this.code, this.details, lang),
      ...(this.issues ? { fields: renderFields(this.issues, lang), issues: this.issues } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

/** A path as people write it in code ('registration.closesAt' or ['talks', 0, 'id']) as a FieldIssue path. */
export function fieldPath(path: string | Array<string | number>): Array<string | number> {
  if (Array.isArray(path)) return path;
  return path ? path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
}

/** A field refused by a rule of the feature (FieldIssueCode.Rule, said by the catalogue's `rule.<key>`). */
export function ruleIssue(path: string | Array<string | number>, rule: FieldRule, params?: FieldIssue['params']): FieldIssue {
  return { path: fieldPath(path), code: 'rule', params: { ...params, rule } };
}

export class ValidationFailed extends DomainError<typeof ErrorCode.ValidationFailed> {
  constructor(issues: FieldIssue[]) {
    super(422, ErrorCode.ValidationFailed, undefined, issues);
  }
  /** One field refused by one rule. */
  static rule(path: string | Array<string | number>, rule: FieldRule, params?: FieldIssue['params']): ValidationFailed {
    return new ValidationFailed([ruleIssue(path, rule, params)]);
  }
}

export class NotFound extends DomainError<typeof ErrorCode.NotFound> {
  constructor(resource: NotFoundResource) {
    super(404, ErrorCode.NotFound, { resource });
  }
}

type UnauthenticatedCode =
  | typeof ErrorCode.Unauthenticated
  | typeof ErrorCode.LoginFailed
  | typeof ErrorCode.TokenMissing
  | typeof ErrorCode.TokenInvalid
  | typeof ErrorCode.TokenExpired
  | typeof ErrorCode.AccountGone
  | typeof ErrorCode.SignedOut
  | typeof ErrorCode.LinkUnknown
  | typeof ErrorCode.LinkReplaced
  | typeof ErrorCode.LinkRevoked
  | typeof ErrorCode.LinkGone
  | typeof ErrorCode.WebhookRejected;

export class Unauthenticated<C extends UnauthenticatedCode = UnauthenticatedCode> extends DomainError<C> {
  constructor(code: C, details?: ErrorDetails[C]) {
    super(401, code, details);
  }
}

export class Forbidden<C extends ErrorCode = ErrorCode> extends DomainError<C> {
  constructor(code: C, details?: ErrorDetails[C]) {
    super(403, code, details);
  }
}

export class Conflict<C extends ErrorCode = ErrorCode> extends DomainError<C> {
  constructor(code: C, details?: ErrorDetails[C]) {
    super(409, code, details);
  }
}

export class ProgrammeConflicts extends DomainError<typeof ErrorCode.ProgrammeConflict> {
  constructor(
    readonly conflicts: ProgrammeConflict[],
    timeZone: string,
  ) {
    super(409, ErrorCode.ProgrammeConflict, { timeZone, conflicts });
  }
}

/** A refusal of the session-access policy: its status, precise code and details, as the policy decided them. */
export class AccessRefused extends DomainError {
  constructor(statusCode: number, code: ErrorCode, details?: unknown) {
    super(statusCode, code, details as never);
  }
}

/** 503: not the client's fault (the database did not answer, a timeout, the process stopping); says when to come back. */
export class Unavailable extends DomainError<typeof ErrorCode.Unavailable> {
  constructor(reason: ErrorDetails['UNAVAILABLE']['reason'], retryAfterSeconds = 5) {
    super(503, ErrorCode.Unavailable, { reason, retryAfterSeconds });
  }
}

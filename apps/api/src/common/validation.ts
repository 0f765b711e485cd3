import { StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ValidationFailed } from './domain-errors';

/** Turns schema issues into one message per field path (`talks.0.plannedMinutes`). */
export function issuesToFields(issues: readonly StandardSchemaV1.Issue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const add = (path: string, message: string) => {
    const key = path || '(body)';
    fields[key] = fields[key] ? `${fields[key]}; ${message}` : message;
  };
  for (const issue of issues) {
    const path = (issue.path ?? [])
      .map((p) => (typeof p === 'object' && p !== null ? p.key : p))
      .map(String)
      .join('.');
    // zod reports unknown keys on the parent object; name each key so the client sees which field is wrong.
    const unknownKeys = (issue as { code?: string; keys?: string[] }).code === 'unrecognized_keys' ? (issue as unknown as { keys: string[] }).keys : null;
    if (unknownKeys) for (const key of unknownKeys) add(path ? `${path}.${key}` : key, 'unknown field');
    else add(path, issue.message === 'Required' || /received undefined/.test(issue.message) ? 'required' : issue.message);
  }
  return fields;
}

/** The global pipe: every @Body/@Query/@Param with a `schema` is validated and answered 422 field by field. */
export function createValidationPipe() {
  return new StandardSchemaValidationPipe({
    exceptionFactory: (issues) => new ValidationFailed(issuesToFields(issues)),
  });
}

/** Validates a value outside of a route parameter (multipart fields, CLI input). */
export function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: StandardSchemaV1.Issue[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(issuesToFields(result.error.issues));
  return result.data;
}

import { StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ValidationFailed } from './domain-errors';

/** The value found at `path` in `input`, or undefined when some step of the path is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Turns schema issues into one message per field path (`talks.0.plannedMinutes`).
 * With the validated `input`, a field absent from it is reported as 'required' whatever the
 * schema's own message: zod 4 says "Invalid option: expected one of ..." for a missing enum.
 */
export function issuesToFields(issues: readonly StandardSchemaV1.Issue[], input?: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  const add = (path: string, message: string) => {
    const key = path || '(body)';
    fields[key] = fields[key] ? `${fields[key]}; ${message}` : message;
  };
  for (const issue of issues) {
    const keys = (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null ? p.key : p));
    const path = keys.map(String).join('.');
    // zod reports unknown keys on the parent object; name each key so the client sees which field is wrong.
    const unknownKeys = (issue as { code?: string; keys?: string[] }).code === 'unrecognized_keys' ? (issue as unknown as { keys: string[] }).keys : null;
    if (unknownKeys) for (const key of unknownKeys) add(path ? `${path}.${key}` : key, 'unknown field');
    else {
      const code = (issue as { code?: string }).code;
      const absent = input !== undefined && keys.length > 0 && code !== 'custom' && valueAt(input, keys) === undefined;
      add(path, absent || issue.message === 'Required' || /received undefined/.test(issue.message) ? 'required' : issue.message);
    }
  }
  return fields;
}

/** Like Nest's pipe, but the issues are mapped with the input at hand (to tell a missing field). */
class FieldByFieldValidationPipe extends StandardSchemaValidationPipe {
  protected override async validate<T = unknown>(value: unknown, schema: StandardSchemaV1, options?: Record<string, unknown>): Promise<StandardSchemaV1.Result<T>> {
    const result = (await super.validate<T>(value, schema, options)) as StandardSchemaV1.Result<T>;
    if (result.issues) throw new ValidationFailed(issuesToFields(result.issues, value));
    return result;
  }
}

/** The global pipe: every @Body/@Query/@Param with a `schema` is validated and answered 422 field by field. */
export function createValidationPipe() {
  return new FieldByFieldValidationPipe();
}

/** Validates a value outside of a route parameter (multipart fields, CLI input). */
export function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: StandardSchemaV1.Issue[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(issuesToFields(result.error.issues, value));
  return result.data;
}

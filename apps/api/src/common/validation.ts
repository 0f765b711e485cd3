import { StandardSchemaValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { issuesToFields } from '@amphi/contracts';
import { ValidationFailed } from './domain-errors';
import { inputGuardError, inputGuardIssues } from './input-guards';

export { issuesToFields };

/** Like Nest's pipe, but the issues are mapped with the input at hand (to tell a missing field). */
class FieldByFieldValidationPipe extends StandardSchemaValidationPipe {
  /** Every body, query and path parameter, with a schema or not: NUL characters and prototype keys first (input-guards.ts). */
  override async transform<T = unknown>(value: T, metadata: ArgumentMetadata): Promise<T> {
    const guarded = metadata.type === 'custom' ? [] : inputGuardIssues(value);
    if (guarded.length) throw inputGuardError(guarded, metadata);
    return super.transform(value, metadata);
  }
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

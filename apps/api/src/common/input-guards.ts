import { FieldIssueCode, type FieldIssue } from '@amphi/contracts';
import { NotFound, ValidationFailed, type DomainError } from './domain-errors';

/**
 * Checks that hold for every input whatever its schema, run by the validation pipe on each parsed
 * body, query and path parameter before the schema sees it:
 *
 * - a character PostgreSQL cannot store: U+0000 (refused in `text` and `jsonb`, which would
 *   otherwise surface as a 500 from the database), and lone UTF-16 surrogates (which the driver
 *   would silently turn into U+FFFD, storing something else than what was sent);
 * - a key that names a property of Object.prototype (`__proto__`, `constructor`, `toString`...) or
 *   `prototype`: refused like any unknown field. Nest strips some of them silently before the schema
 *   runs, and zod's strictObject lets `constructor` through (it tests `key in shape`), so neither
 *   would tell the client.
 *
 * The walk keeps its own stack (a deeply nested body must not overflow the call stack) and visits
 * only arrays and plain objects (a raw Buffer body, such as a webhook's, is left alone).
 */
export function inputGuardIssues(value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // Each step knows its parent rather than its whole path: a body nested 100,000 deep costs 100,000
  // steps, not 100,000 copies of a growing path. The path is spelt out only for an issue.
  type Step = { value: unknown; key?: string | number; parent?: Step };
  const pathOf = (step: Step, last?: string): Array<string | number> => {
    const path: Array<string | number> = last === undefined ? [] : [last];
    for (let s: Step | undefined = step; s && s.key !== undefined; s = s.parent) path.push(s.key);
    return path.reverse();
  };
  const stack: Step[] = [{ value }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === 'string') {
      const position = forbiddenCharacterAt(current);
      if (position >= 0) issues.push({ path: pathOf(step), code: FieldIssueCode.ForbiddenCharacter, params: { position } });
      continue;
    }
    if (Array.isArray(current)) {
      // Object.keys skips the holes of a sparse array, whose length may be huge. Pushed last first,
      // so that the issues come out in the input's order.
      const indexes = Object.keys(current);
      for (let i = indexes.length - 1; i >= 0; i--) stack.push({ value: current[Number(indexes[i])], key: Number(indexes[i]), parent: step });
      continue;
    }
    if (!isPlainObject(current)) continue;
    const keys = Object.keys(current);
    const children: Step[] = [];
    for (const key of keys) {
      if (isPrototypeKey(key)) {
        issues.push({ path: pathOf(step, key), code: FieldIssueCode.UnknownField });
        continue;
      }
      // A key is stored too when the value is a map (jsonb): it must be storable as well.
      const position = forbiddenCharacterAt(key);
      if (position >= 0) {
        issues.push({ path: pathOf(step, key), code: FieldIssueCode.ForbiddenCharacter, params: { position } });
        continue;
      }
      children.push({ value: current[key], key, parent: step });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return issues;
}

/** The position (UTF-16 index) of the first character PostgreSQL cannot store in `text`, or -1. */
export function forbiddenCharacterAt(text: string): number {
  const nul = text.indexOf('\u0000');
  const surrogate = text.search(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  if (nul < 0 || surrogate < 0) return Math.max(nul, surrogate);
  return Math.min(nul, surrogate);
}

/** `__proto__`, `prototype`, and every name Object.prototype has (constructor, toString, hasOwnProperty...). */
export function isPrototypeKey(key: string): boolean {
  return key === '__proto__' || key === 'prototype' || key in Object.prototype;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The error for input the guards refuse: in a path parameter, what it would name cannot exist (404,
 * like any id that names nothing); in a body or query, 422 naming each field (the error filter
 * writes each issue in the request's language).
 */
export function inputGuardError(issues: readonly FieldIssue[], source: { type: string; data?: string }): DomainError {
  if (source.type === 'param') return new NotFound('page');
  // `@Query('sessionId')` hands over the value alone: name it by its key.
  return new ValidationFailed(source.data ? issues.map((issue) => ({ ...issue, path: [source.data!, ...issue.path] })) : [...issues]);
}

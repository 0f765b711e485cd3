import type { StandardSchemaV1 } from '@standard-schema/spec';
import { CALENDAR_DATE, LOCAL_OR_OFFSET_DATETIME } from './time';
import { FieldIssueCode, type FieldIssue } from './errors';

// One mapping from a schema's issues to FieldIssues, for the API's 422 (apps/api/src/common/validation.ts)
// and for the web app's forms (apps/web/src/forms.ts): a form says what the API would say, in the same words.

/** The value found at `path` in `input`, or undefined when some step of the path is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Regexes of the contracts that are formats a person knows by name (zod only says "regex"). */
const NAMED_PATTERNS = new Map<string, string>([
  [CALENDAR_DATE.toString(), 'date'],
  [LOCAL_OR_OFFSET_DATETIME.toString(), 'date_time'],
  ['/^[a-z0-9]+(?:-[a-z0-9]+)*$/', 'slug'], // slugSchema's
]);
const ZOD_FORMATS: Record<string, string> = { datetime: 'date_time', date: 'date', time: 'date_time', email: 'email', uuid: 'uuid', guid: 'uuid', url: 'url' };
const FIELD_ISSUE_CODES = new Set<string>(Object.values(FieldIssueCode));

type ZodIssue = StandardSchemaV1.Issue & {
  code?: string;
  keys?: string[];
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  pattern?: string;
  values?: unknown[];
  params?: Record<string, unknown>;
};

const scalar = (v: unknown): string | number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : String(v));

/**
 * Turns schema (zod 4) issues into FieldIssues, machine-readable: the path as an array
 * (['talks', 0, 'plannedMinutes']), a FieldIssueCode and its params, never zod's English. With the
 * validated `input`, a field absent from it is 'required' whatever the schema's own issue: zod 4
 * says "invalid option" for a missing enum. Custom refinements say what they check in their
 * `params`: `{ fieldIssue: <FieldIssueCode>, ...}` or `{ rule: <catalogue rule key> }`.
 */
export function issuesToFields(issues: readonly StandardSchemaV1.Issue[], input?: unknown): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: FieldIssue) => {
    // zod may report one field twice (a missing key as invalid_type and as a failed refinement): once is enough.
    const key = `${issue.path.join('\u0000')}|${issue.code}|${JSON.stringify(issue.params ?? {})}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(issue);
  };
  for (const raw of issues) {
    const issue = raw as ZodIssue;
    const path = (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null ? p.key : p)).map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      // zod reports unknown keys on the parent object; name each key so the client sees which field is wrong.
      for (const key of issue.keys ?? []) add({ path: [...path, key], code: FieldIssueCode.UnknownField });
      continue;
    }
    const absent = input !== undefined && path.length > 0 && issue.code !== 'custom' && valueAt(input, path) === undefined;
    if (absent) {
      add({ path, code: FieldIssueCode.Required });
      continue;
    }
    add({ path, ...describe(issue) });
  }
  return out;
}

function describe(issue: ZodIssue): Pick<FieldIssue, 'code' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { code: FieldIssueCode.NotInteger };
      return { code: FieldIssueCode.InvalidType, params: { expected: String(issue.expected) } };
    case 'too_small': {
      const minimum = scalar(issue.minimum);
      if (issue.origin === 'string') return minimum === 1 ? { code: FieldIssueCode.Required } : { code: FieldIssueCode.TooShort, params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: FieldIssueCode.TooFewItems, params: { minimum } };
      return { code: FieldIssueCode.TooSmall, params: { minimum } };
    }
    case 'too_big': {
      const maximum = scalar(issue.maximum);
      if (issue.origin === 'string') return { code: FieldIssueCode.TooLong, params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: FieldIssueCode.TooManyItems, params: { maximum } };
      return { code: FieldIssueCode.TooBig, params: { maximum } };
    }
    case 'invalid_format': {
      const named = issue.format === 'regex' ? NAMED_PATTERNS.get(issue.pattern ?? '') ?? 'pattern' : ZOD_FORMATS[issue.format ?? ''] ?? issue.format ?? 'pattern';
      return { code: FieldIssueCode.InvalidFormat, params: { format: named } };
    }
    case 'invalid_value': {
      const values = issue.values ?? [];
      // z.literal(true): a box to tick (the privacy notice).
      if (values.length === 1 && values[0] === true) return { code: FieldIssueCode.Rule, params: { rule: 'must_accept' } };
      return { code: FieldIssueCode.InvalidOption, params: { options: values.map(scalar) } };
    }
    case 'custom': {
      const { fieldIssue, rule, ...rest } = issue.params ?? {};
      const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) as FieldIssue['params'];
      if (typeof fieldIssue === 'string' && FIELD_ISSUE_CODES.has(fieldIssue)) return { code: fieldIssue as FieldIssueCode, ...(params && Object.keys(params).length ? { params } : {}) };
      return { code: FieldIssueCode.Rule, params: { ...params, rule: typeof rule === 'string' ? rule : 'invalid' } };
    }
    default:
      // invalid_union, invalid_key, invalid_element, not_multiple_of: the value is not of the expected kind.
      return { code: FieldIssueCode.InvalidType };
  }
}

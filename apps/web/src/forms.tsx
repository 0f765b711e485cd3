import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver, type UseFormReturn } from 'react-hook-form';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { issuesToFields, type FieldIssue } from '@amphi/contracts';
import { Field, CheckboxField } from './components/Field';
import { useErrorsT } from './components/useErrorText';
import { fieldIssuesOf, fieldIssueText, pathKey, type Translate } from './error-text';
import { useLanguage } from './i18n';
import type { Language } from '@amphi/contracts';

/**
 * The web app's forms: react-hook-form, checked with the API's own zod schema (from @amphi/contracts)
 * before anything is sent, and saying what is wrong in the very words the API's 422 would use
 * (issuesToFields + the errors catalogue), in the reader's language. Fields are named by the API's
 * paths ("title.fr", "talks.1.plannedMinutes"): an error the API finds anyway (a slug taken, a date
 * the schema cannot judge) lands on the same field as one found here.
 *
 * `toInput` turns what the form holds (strings, mostly) into what the schema takes (keywords typed as
 * "a, b" → ["a", "b"], an empty optional text → absent); it must keep the paths of the fields it keeps.
 */
export interface AmphiFormOptions<TValues extends FieldValues, TInput> {
  defaultValues: DefaultValues<TValues>;
  toInput?: (values: TValues) => unknown;
  /** The schema's paths to show on another field ("keywords.fr.2" on "keywords.fr"). */
  errorPath?: (key: string) => string;
  schema: StandardSchemaV1<unknown, TInput>;
  /**
   * A form's own words for what its schema refuses before sending, where a field deserves more than
   * the catalogue's ("Give an e-mail address such as name@example.org"); undefined keeps the catalogue's.
   */
  clientMessage?: (field: string, issue: FieldIssue) => string | undefined;
}

export interface AmphiForm<TValues extends FieldValues, TInput> {
  form: UseFormReturn<TValues>;
  /** Field errors by the API's path, for FormErrors and the fields: the schema's and the API's. */
  errors: Record<string, string>;
  /** A failure that is not about a field (a 409, a 429, the network), for the form's summary. */
  failure: unknown;
  setFailure: (failure: unknown) => void;
  busy: boolean;
  /** The summary (FormErrors) takes the focus each time the form is refused. */
  summaryRef: React.RefObject<HTMLDivElement | null>;
  /**
   * The submit handler: checks the form, then runs `action` with the schema's output; a 422 from the
   * API puts its issues on the fields, anything else becomes `failure`. Resolves to the action's
   * result, or undefined when it was refused.
   */
  onSubmit: <R>(action: (input: TInput) => Promise<R>, after?: (result: R) => void) => (event?: React.BaseSyntheticEvent) => Promise<void>;
}

/** Issues (the schema's or the API's) → react-hook-form's errors, keyed by path, in words. */
function toFieldErrors(
  issues: FieldIssue[],
  t: Translate,
  lang: Language,
  errorPath: (key: string) => string,
  ownWords: (field: string, issue: FieldIssue) => string | undefined = () => undefined,
): Record<string, { type: string; message: string }> {
  const out: Record<string, { type: string; message: string }> = {};
  for (const issue of issues) {
    const key = errorPath(pathKey(issue.path)) || 'root';
    out[key] ??= { type: issue.code, message: ownWords(key, issue) ?? fieldIssueText(issue, t, lang) };
  }
  return out;
}

/** react-hook-form's nested errors → "a.b.c" → message (the first of each field). */
export function flattenErrors(errors: FieldErrors, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string' && message) out[path === 'root' ? '' : path] = message;
    else Object.assign(out, flattenErrors(value as FieldErrors, path));
  }
  return out;
}

export function useAmphiForm<TValues extends FieldValues, TInput>({ defaultValues, toInput, errorPath = (k) => k, schema, clientMessage }: AmphiFormOptions<TValues, TInput>): AmphiForm<TValues, TInput> {
  const t = useErrorsT();
  const lang = useLanguage();
  const resolver = useMemo<Resolver<TValues>>(
    () => async (values) => {
      const input = toInput ? toInput(values) : values;
      const result = await schema['~standard'].validate(input);
      // What the submit handler receives: the schema's output (trimmed, defaults filled), not the raw form.
      if (!result.issues) return { values: result.value as unknown as TValues, errors: {} };
      // Flat keys ("title.fr") are what react-hook-form's `get` reads as nested paths too.
      const flat = toFieldErrors(issuesToFields(result.issues, input), t, lang, errorPath, clientMessage);
      const nested: Record<string, unknown> = {};
      for (const [key, error] of Object.entries(flat)) setPath(nested, key, error);
      return { values: {}, errors: nested as FieldErrors<TValues> };
    },
    // The schema and the conversions are fixed for a form; the language may change while it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, lang],
  );
  const form = useForm<TValues>({ defaultValues, resolver, shouldFocusError: false, mode: 'onSubmit', reValidateMode: 'onSubmit' });
  const [failure, setFailure] = useState<unknown>(undefined);
  // After a refusal, the summary takes the focus as soon as it is drawn: react-hook-form publishes the
  // errors after its onInvalid callback, so the render that shows them may come after the one that
  // follows the refusal.
  const [focusPending, setFocusPending] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusPending && summaryRef.current) {
      summaryRef.current.focus();
      setFocusPending(false);
    }
  });
  const errors = flattenErrors(form.formState.errors);
  const onSubmit = useCallback(
    <R,>(action: (input: TInput) => Promise<R>, after?: (result: R) => void) =>
      form.handleSubmit(
        async (output) => {
          setFailure(undefined);
          setFocusPending(false);
          try {
            // The resolver's values: the schema's output (see above).
            const result = await action(output as unknown as TInput);
            after?.(result);
          } catch (error) {
            const issues = fieldIssuesOf(error);
            if (issues.length) {
              for (const [key, e] of Object.entries(toFieldErrors(issues, t, lang, errorPath))) form.setError(key as Path<TValues>, e);
            } else setFailure(error);
            setFocusPending(true);
          }
        },
        () => setFocusPending(true),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [form, t, lang],
  );
  return { form, errors, failure, setFailure, busy: form.formState.isSubmitting, summaryRef, onSubmit };
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

interface InputProps<TValues extends FieldValues> {
  form: UseFormReturn<TValues>;
  /** The API's path of the value, also the control's id (`field-<name>`), which FormErrors links to. */
  name: Path<TValues>;
  label: ReactNode;
  errors: Record<string, string>;
  hint?: ReactNode;
  required?: boolean;
  /**
   * For a form shown several times on a page (one per recording, per talk): prefixes the control's id
   * and the key of its error, so that the form's `errorPath` adds the same prefix.
   */
  idPrefix?: string;
}

/** A labelled text input (or textarea, or date/time picker) of a react-hook-form form, with its error. */
export function FormText<TValues extends FieldValues>({
  form,
  name,
  label,
  errors,
  hint,
  required,
  type = 'text',
  lang,
  multiline,
  autoComplete,
  idPrefix = '',
}: InputProps<TValues> & { type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'time' | 'datetime-local' | 'number'; lang?: string; multiline?: boolean; autoComplete?: string }) {
  const id = `field-${idPrefix}${name}`;
  return (
    <Field id={id} label={label} hint={hint} error={errors[idPrefix + name]} required={required}>
      {(describedBy, invalid) =>
        multiline ? (
          <textarea id={id} lang={lang} rows={4} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...form.register(name)} />
        ) : (
          <input id={id} type={type} lang={lang} required={required} autoComplete={autoComplete} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...form.register(name)} />
        )
      }
    </Field>
  );
}

/** A labelled select of a react-hook-form form. */
export function FormSelect<TValues extends FieldValues>({ form, name, label, errors, hint, required, options, idPrefix = '' }: InputProps<TValues> & { options: ReadonlyArray<{ value: string; label: string }> }) {
  const id = `field-${idPrefix}${name}`;
  return (
    <Field id={id} label={label} hint={hint} error={errors[idPrefix + name]} required={required}>
      {(describedBy, invalid) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...form.register(name)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A checkbox of a react-hook-form form, its label beside it. */
export function FormCheckbox<TValues extends FieldValues>({ form, name, label, errors, idPrefix = '' }: Omit<InputProps<TValues>, 'required' | 'hint'>) {
  const id = `field-${idPrefix}${name}`;
  return (
    <CheckboxField id={id} label={label} error={errors[idPrefix + name]}>
      {(describedBy, invalid) => <input id={id} type="checkbox" aria-describedby={describedBy} aria-invalid={invalid || undefined} {...form.register(name)} />}
    </CheckboxField>
  );
}

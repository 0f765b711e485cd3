import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/Status';
import { useErrorText, useErrorsT, useFieldErrorTexts } from '../../components/useErrorText';
import { labelFor } from '../../error-text';

/**
 * Sending a form: the API's 422 becomes the web app's own texts by field path (from its `issues`, in the
 * reader's language), anything else one error; either way the summary (FormErrors) takes the focus.
 */
export function useSubmit() {
  const fieldErrors = useFieldErrorTexts();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shown > 0) summaryRef.current?.focus();
  }, [shown]);
  const run = async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      return await action();
    } catch (error) {
      const fields = fieldErrors(error);
      if (Object.keys(fields).length) setErrors(fields);
      else setFailure(error);
      setShown((n) => n + 1);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { errors, failure, busy, run, summaryRef, setFailure };
}

/**
 * The errors of a form: the fields' (each a link to its field, named by the form's own label, never by
 * its path) or the request's. It takes the focus when it appears (WCAG 3.3.1), so a form places it where
 * the person looks: a long form next to its submit button.
 */
export function FormErrors({ errors, failure, labels, summaryRef, children }: { errors: Record<string, string>; failure: unknown; labels: Record<string, string>; summaryRef: React.RefObject<HTMLDivElement | null>; children?: ReactNode }) {
  const { t } = useTranslation();
  const errorsT = useErrorsT();
  const entries = Object.entries(errors);
  const showFailure = failure !== undefined && !entries.length;
  if (!entries.length && !showFailure) return null;
  return (
    <div className="form-errors" tabIndex={-1} ref={summaryRef}>
      {entries.length > 0 && (
        <div className="error-summary" role="alert">
          <p>
            <strong>{t('form.errorSummary', { count: entries.length })}</strong>
          </p>
          <ul>
            {entries.map(([field, message]) => {
              const label = labelFor(field, labels) ?? errorsT('web.form');
              // The nearest field that exists: an error on "talks.1.title" goes to that talk's first title field.
              const target = fieldTarget(field, labels);
              return (
                <li key={field}>
                  {target ? (
                    <a
                      href={`#${target}`}
                      onClick={(e) => {
                        e.preventDefault();
                        document.getElementById(target)?.focus();
                      }}
                    >
                      {errorsT('web.labelled', { label, message })}
                    </a>
                  ) : (
                    <span>{errorsT('web.labelled', { label, message })}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {showFailure && children}
      {showFailure && !children && <ErrorMessage error={failure} />}
    </div>
  );
}

/** The id of the control a field error points to: `field-<path>`, or of the first control under it. */
function fieldTarget(field: string, labels: Record<string, string>): string | null {
  if (typeof document === 'undefined') return `field-${field}`;
  if (document.getElementById(`field-${field}`)) return `field-${field}`;
  // A control, not the field's error text (`field-<path>-error`), which shares the prefix.
  const below = document.querySelector(`:is(input, select, textarea)[id^="field-${CSS.escape(field)}."]`);
  if (below?.id) return below.id;
  const parts = field.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    if (labels[key] && document.getElementById(`field-${key}`)) return `field-${key}`;
  }
  return null;
}

/**
 * A delete button asking for confirmation in the page: the question, then "yes" or "cancel"; the API's
 * refusal (a 409's message, say) is shown beside it.
 */
export function ConfirmDelete({ label, question, confirmLabel, onConfirm }: { label: ReactNode; question: string; confirmLabel: string; onConfirm: () => Promise<void> }) {
  const { t } = useTranslation('organiser');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setAsking(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errorText = useErrorText();
  const message = error === undefined ? '' : errorText(error);
  return (
    <>
      {!asking && (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          {label}
        </button>
      )}
      {asking && (
        <div className="confirm">
          <p ref={questionRef} tabIndex={-1}>
            <strong>{question}</strong>
          </p>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </button>{' '}
          <button
            type="button"
            className="button"
            onClick={() => {
              setAsking(false);
              setError(undefined);
            }}
          >
            {t('common.cancel')}
          </button>
        </div>
      )}
      {error !== undefined && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
    </>
  );
}

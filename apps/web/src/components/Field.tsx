import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { labelFor } from '../error-text';
import { useErrorsT } from './useErrorText';

/** A form field: its label, an optional hint, and its error right above the control (which points to both). */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> {t('form.required')}</span> : <span className="muted"> {t('form.optional')}</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
      {children(describedBy, !!error)}
    </div>
  );
}

/** A checkbox with its label beside it, and its error. */
export function CheckboxField({ id, label, error, children }: { id: string; label: ReactNode; error?: string; children: (describedBy: string | undefined, invalid: boolean) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`field field-checkbox${error ? ' field-invalid' : ''}`}>
      {error && (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
      <div className="checkbox">
        {children(error ? `${id}-error` : undefined, !!error)}
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}

/**
 * The list of a form's errors, each a link to its field named by the form's own label (never a raw
 * path); it takes the focus when it appears.
 */
export function ErrorSummary({ errors, labels, summaryRef }: { errors: Record<string, string>; labels: Record<string, string>; summaryRef: RefObject<HTMLDivElement | null> }) {
  const { t } = useTranslation();
  const errorsT = useErrorsT();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary', { count: entries.length })}</h2>
      <ul>
        {entries.map(([field, message]) => {
          const label = labelFor(field, labels);
          const line = errorsT('web.labelled', { label: label ?? errorsT('web.form'), message });
          return (
            <li key={field}>
              {label ? (
                <a
                  href={`#field-${field}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(`field-${field}`)?.focus();
                  }}
                >
                  {line}
                </a>
              ) : (
                <span>{line}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrorTexts, type ErrorTextOptions, type Translate } from '../error-text';
import { useLanguage } from '../i18n';

/** The `errors` namespace's `t`, as error-text.ts takes it. */
export function useErrorsT(): Translate {
  const { t } = useTranslation('errors');
  return t as unknown as Translate;
}

/** Any failure in words, in the reader's language (error-text.ts). */
export function useErrorText(): (error: unknown, options?: ErrorTextOptions) => string {
  const t = useErrorsT();
  const lang = useLanguage();
  return useCallback((error: unknown, options?: ErrorTextOptions) => errorText(error, t, lang, options), [t, lang]);
}

/** A 422's field errors in words, by field path (the forms' keys); empty when the failure is not one. */
export function useFieldErrorTexts(): (error: unknown) => Record<string, string> {
  const t = useErrorsT();
  const lang = useLanguage();
  return useCallback((error: unknown) => fieldErrorTexts(error, t, lang), [t, lang]);
}

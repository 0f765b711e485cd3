import i18next from 'i18next';
import { ERRORS_NAMESPACE, errorMessage, errorTexts, fieldIssueMessage, type ErrorLanguage, type FieldIssue, type Translate } from '@amphi/contracts';

/**
 * The API's texts of errors and short answers, from the catalogue the web app uses too
 * (libs/contracts/src/messages/errors.ts), through i18next as the mails are: a DomainError carries
 * a code and details, and its sentence is written here when answering, in the request's language.
 */
const translator = i18next.createInstance();
void translator.init({
  resources: { en: { [ERRORS_NAMESPACE]: errorTexts.en }, fr: { [ERRORS_NAMESPACE]: errorTexts.fr } },
  ns: [ERRORS_NAMESPACE],
  defaultNS: ERRORS_NAMESPACE,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: ['en', 'fr'],
  initAsync: false, // bundled resources: ready at once, t() is synchronous
  interpolation: { escapeValue: false }, // JSON, not HTML
  returnNull: false,
});

export function translate(lang: ErrorLanguage): Translate {
  return translator.getFixedT(lang, ERRORS_NAMESPACE) as unknown as Translate;
}

export function renderErrorMessage(code: string, details: unknown, lang: ErrorLanguage): string {
  return errorMessage(translate(lang), code, details, lang);
}

export function renderFieldIssue(issue: FieldIssue, lang: ErrorLanguage): string {
  return fieldIssueMessage(translate(lang), issue, lang);
}

/** `fields` of the body: one sentence per dotted path (`talks.0.title`), for people reading the raw answer. */
export function renderFields(issues: readonly FieldIssue[], lang: ErrorLanguage): Record<string, string> {
  // No prototype: a refused field named `constructor` or `__proto__` must be a key like any other (input-guards.ts).
  const fields: Record<string, string> = Object.create(null);
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(body)';
    const text = renderFieldIssue(issue, lang);
    fields[key] = fields[key] ? `${fields[key]} ${text}` : text;
  }
  return fields;
}

/** A short answer that is not an error (`answer.resend_link`), in the request's language. */
export function renderAnswer(key: 'resend_link' | 'call_link', lang: ErrorLanguage): string {
  return translate(lang)(`answer.${key}`);
}

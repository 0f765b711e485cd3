import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Language } from '@amphi/contracts';
// The catalogue's own file, not the contracts' index (which would put the zod schemas in the first chunk).
import { ERRORS_NAMESPACE, errorTexts } from '../../../libs/contracts/src/messages/errors';
import en from './locales/en.json';
import fr from './locales/fr.json';
import errorsWebEn from './locales/errors.web.en.json';
import errorsWebFr from './locales/errors.web.fr.json';

/** Where the language a visitor chose is remembered (a choice, not the browser's default, is stored). */
export const LANGUAGE_STORAGE_KEY = 'amphi.language';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    // `errors`: the one catalogue of error texts the API writes its messages with (libs/contracts), plus
    // the web app's own few (`web`: no answer at all, how long to wait), on every page (error-text.ts).
    resources: {
      en: { translation: en, [ERRORS_NAMESPACE]: { ...errorTexts.en, web: errorsWebEn } },
      fr: { translation: fr, [ERRORS_NAMESPACE]: { ...errorTexts.fr, web: errorsWebFr } },
    },
    initAsync: false, // the texts are bundled: ready before the first render, nothing suspends
    supportedLngs: ['fr', 'en'] satisfies Language[],
    nonExplicitSupportedLngs: true, // fr-CA, en-GB ... count as fr, en
    load: 'languageOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    detection: {
      // A remembered choice first, then the browser's languages.
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: [], // stored only when the visitor picks a language (setLanguage)
    },
  });

const applyToDocument = (lng: string) => {
  document.documentElement.lang = toLanguage(lng);
};
applyToDocument(i18n.resolvedLanguage ?? i18n.language ?? 'en');
i18n.on('languageChanged', applyToDocument);

export function toLanguage(lng: string | undefined): Language {
  return lng?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The visitor picks a language: applied at once and remembered on this device. */
export function setLanguage(lng: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Storage refused (private mode, quota): the choice still holds for this visit.
  }
  void i18n.changeLanguage(lng);
}

/** The interface language, as the contracts name languages. */
export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return toLanguage(instance.resolvedLanguage ?? instance.language);
}

export default i18n;

import { errorTexts } from '@amphi/contracts';
import webEn from '../../apps/web/src/locales/errors.web.en.json';

/**
 * Words of the English error catalogue (five letters or more) that a French text never uses: what a
 * French page or message must not contain. Words both languages write the same way are taken out.
 */
const englishWords = new Set(
  JSON.stringify([errorTexts.en, webEn])
    .replace(/\{\{\w+\}\}/g, ' ')
    .split(/[^A-Za-z’']+/)
    .filter((w) => w.length >= 5)
    .map((w) => w.toLowerCase()),
);
// French too: "Europe/Paris", "un instant", "les inscriptions ont été closes", "l'intervention"...
const SHARED = ['europe', 'paris', 'moment', 'instant', 'message', 'minutes', 'minute', 'secondes', 'session', 'sessions', 'question', 'questions', 'service', 'format', 'stage', 'identifiant', 'signature', 'webhook', 'exceptions', 'intervention', 'organisateurs', 'closes'];
for (const shared of SHARED) englishWords.delete(shared);

/** The English catalogue's words found in `text` (empty for a French text). */
export function englishWordsIn(text: string): string[] {
  return text.split(/[^A-Za-zÀ-ÿ’']+/).filter((w) => englishWords.has(w.toLowerCase()));
}

import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import { pickText, type CallSettingsView, type Language } from '@amphi/contracts';
import { useLanguage } from '../../../i18n';
import { NS } from './texts';

/** "2030-03-12T09:30" read in `zone` → "2030-03-12T09:30:00+01:00"; '' stays '' (the schema says it is missing). */
export function wallToIso(wall: string, zone: string): string {
  if (!wall) return '';
  const d = DateTime.fromISO(wall, { zone });
  return d.isValid ? d.toISO({ suppressMilliseconds: true })! : wall;
}

/** An instant → its wall-clock time in `zone`, as a datetime-local input holds it. */
export function isoToWall(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const d = DateTime.fromISO(iso, { zone });
  return d.isValid ? d.toFormat("yyyy-MM-dd'T'HH:mm") : '';
}

/** A number field's text → a number (NaN when empty, so the schema names the field), or null for an optional one. */
export const numberOf = (value: string): number => (value.trim() === '' ? NaN : Number(value));
export const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value));

/** The call's names for themes, types, states… in the reader's language. */
export function useCallLabels(call: CallSettingsView | null) {
  const { t } = useTranslation(NS);
  const lang: Language = useLanguage();
  const fallback = call?.mainLanguage ?? 'fr';
  const theme = (key: string | null) => {
    if (key === null) return t('common.noTheme');
    return pickText(call?.themes.find((x) => x.key === key)?.title, lang, fallback) ?? key;
  };
  const type = (key: string) => pickText(call?.types.find((x) => x.key === key)?.title, lang, fallback) ?? key;
  const state = (s: string) => t(`state.${s}`);
  const decision = (d: string | null) => (d === null ? t('decision.none') : t(`decision.${d}`));
  const score = (n: number | null) => (n === null ? '—' : n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 1 }));
  return { t, lang, theme, type, state, decision, score };
}

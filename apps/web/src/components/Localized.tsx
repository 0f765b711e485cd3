import type { ElementType, ReactNode } from 'react';
import type { Language, LocalizedText } from '@amphi/contracts';
import { useLanguage } from '../i18n';

/**
 * The rule of @amphi/contracts' pickText (the visitor's language, else the event's main language, else
 * whichever exists), written here because importing pickText evaluates text.ts, whose zod schemas would
 * bring zod (27 KB gzipped) into every page; zod loads only with the pages that have a form.
 */
export function pickText(text: LocalizedText | null | undefined, lang: Language, fallback: Language): string | undefined {
  if (!text) return undefined;
  return text[lang] ?? text[fallback] ?? text.fr ?? text.en;
}

/**
 * A list per language (an event's keywords): the visitor's language's, else the main language's, else
 * whichever is given, with the language it is in (the rule of @amphi/contracts' pickKeywords, written
 * here for the same reason as pickText).
 */
export function pickList(lists: Partial<Record<Language, string[]>> | null | undefined, lang: Language, fallback: Language): { items: string[]; lang: Language } | null {
  if (!lists) return null;
  for (const l of [lang, fallback, 'fr', 'en'] as const) {
    const items = lists[l];
    if (items?.length) return { items, lang: l };
  }
  return null;
}

/** Text in the visitor's language, else in the event's main language (pickText), with the language it is in. */
export function pick(text: LocalizedText | null | undefined, lang: Language, fallback: Language): { text: string; lang: Language } | null {
  const value = pickText(text, lang, fallback);
  if (value === undefined || !text) return null;
  const shown: Language = text[lang] === value ? lang : text[fallback] === value ? fallback : text.fr === value ? 'fr' : 'en';
  return { text: value, lang: shown };
}

/** A hook answering the text to show for a LocalizedText of an event whose main language is `fallback`. */
export function useLocalize(fallback: Language): (text: LocalizedText | null | undefined) => string {
  const lang = useLanguage();
  return (text) => pickText(text, lang, fallback) ?? '';
}

/**
 * Renders a LocalizedText; when it is shown in another language than the page's (a fallback), the
 * element says so with `lang`, so that screen readers pronounce it right.
 */
export function Localized({
  text,
  fallback,
  as: Tag = 'span',
  className,
  id,
  children,
}: {
  text: LocalizedText | null | undefined;
  fallback: Language;
  as?: ElementType;
  className?: string;
  id?: string;
  children?: ReactNode;
}) {
  const lang = useLanguage();
  const shown = pick(text, lang, fallback);
  if (!shown) return null;
  return (
    <Tag className={className} id={id} lang={shown.lang !== lang ? shown.lang : undefined}>
      {shown.text}
      {children}
    </Tag>
  );
}

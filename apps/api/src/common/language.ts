import type { ErrorLanguage } from '@amphi/contracts';

/**
 * The language to answer in: `?lang=fr|en` when given (a link can fix it), else the first of
 * French or English in Accept-Language by its q-values (order breaks ties), else English.
 * "fr-CA" counts as French; a q of 0 means "not this one".
 */
export function requestLanguage(acceptLanguage: string | string[] | undefined, langParam?: unknown): ErrorLanguage {
  const param = Array.isArray(langParam) ? langParam[0] : langParam;
  if (param === 'fr' || param === 'en') return param;
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return 'en';
  let best: { lang: ErrorLanguage; q: number } | null = null;
  for (const part of header.slice(0, 1000).split(',')) {
    const [tag, ...rest] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (primary !== 'fr' && primary !== 'en') continue;
    const qParam = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? 'en';
}

/** A socket's language: its handshake's auth.language, else its Accept-Language header, else English. */
export function socketLanguage(handshake: { auth?: unknown; headers?: Record<string, string | string[] | undefined>; query?: Record<string, unknown> } | undefined): ErrorLanguage {
  const chosen = (handshake?.auth as { language?: unknown } | undefined)?.language;
  return requestLanguage(handshake?.headers?.['accept-language'], chosen ?? handshake?.query?.lang);
}

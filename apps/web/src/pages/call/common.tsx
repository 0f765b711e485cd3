import { useTranslation } from 'react-i18next';
import type { CallView, Language, LengthUnit, ProposalState } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDateTime, localeOf, viewerTimeZone, zoneLabel } from '../../format';
import { pickText } from '../../components/Localized';
import './texts';
import './call.css';

/** Two zones that read the same clock now (the viewer's and the event's). */
function sameClock(a: string, b: string, at: string): boolean {
  if (a === b) return true;
  try {
    const f = (zone: string) => new Intl.DateTimeFormat('en', { timeZone: zone, hour: 'numeric', minute: 'numeric', day: 'numeric' }).format(new Date(at));
    return f(a) === f(b);
  } catch {
    return false;
  }
}

/**
 * A moment in the event's zone, and in the viewer's when it differs: "30 May 2030, 23:59 (Central
 * European Time) — 30 May 2030, 17:59 in your time zone (New York)".
 */
export function When({ iso, zone }: { iso: string; zone: string }) {
  const { t } = useTranslation('call');
  const lang = useLanguage();
  const own = viewerTimeZone();
  return (
    <>
      <time dateTime={iso}>{t('when.eventZone', { when: formatDateTime(iso, zone, lang), zone: zoneLabel(zone, lang, iso) })}</time>
      {!sameClock(own, zone, iso) && <span className="muted"> — {t('when.ownZone', { when: formatDateTime(iso, own, lang), zone: own })}</span>}
    </>
  );
}

/** The call's state in words with its dates: "Opens on …", "Open until …", "Closed on …". */
export function CallStateText({ call }: { call: CallView }) {
  const { t } = useTranslation('call');
  if (call.state === 'upcoming')
    return (
      <>
        {t('state.upcoming')} <When iso={call.opensAt} zone={call.timeZone} />
      </>
    );
  if (call.state === 'open')
    return (
      <>
        {t('state.open')} <When iso={call.closesAt} zone={call.timeZone} />
      </>
    );
  return (
    <>
      {t('state.closed')} <When iso={call.closesAt} zone={call.timeZone} />
    </>
  );
}

/** The label of a theme, a type or any keyed item of the call, in the reader's language (else the event's). */
export function useCallLabels(call: Pick<CallView, 'themes' | 'types' | 'mainLanguage'> | null | undefined) {
  const lang = useLanguage();
  const main: Language = call?.mainLanguage ?? lang;
  return {
    lang,
    main,
    theme: (key: string | null) => (key ? (pickText(call?.themes.find((x) => x.key === key)?.title, lang, main) ?? key) : null),
    type: (key: string) => pickText(call?.types.find((x) => x.key === key)?.title, lang, main) ?? key,
  };
}

/** "3,000 characters", "500 words", in the reader's language. */
export function useLimitText() {
  const { t } = useTranslation('call');
  const lang = useLanguage();
  return (max: number, unit: LengthUnit) => t(`unit.${unit}`, { count: max, n: formatNumber(max, lang) });
}

/** "3,000", "3 000". */
export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

/** A proposal's state in words. */
export function useStateText() {
  const { t } = useTranslation('call');
  return (state: ProposalState) => t(`proposalState.${state}`);
}

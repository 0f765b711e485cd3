import { createContext, useContext, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n';
import { viewerTimeZone, zoneLabel } from '../format';

const STORAGE_KEY = 'amphi.ownTimeZone';

interface TimeZoneChoice {
  /** Show times in the viewer's own zone rather than the event's. */
  own: boolean;
  setOwn: (own: boolean) => void;
  viewerZone: string;
}

const TimeZoneContext = createContext<TimeZoneChoice | null>(null);

/** Whether programmes are shown in the viewer's time zone: one choice for every page, remembered on this device. */
export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const [own, setOwnState] = useState(() => {
    try {
      return localStorage.getItem(STORAGE_KEY) === 'true';
    } catch {
      return false;
    }
  });
  const value = useMemo<TimeZoneChoice>(
    () => ({
      own,
      viewerZone: viewerTimeZone(),
      setOwn: (next) => {
        setOwnState(next);
        try {
          localStorage.setItem(STORAGE_KEY, String(next));
        } catch {
          // not remembered, still applied
        }
      },
    }),
    [own],
  );
  return <TimeZoneContext.Provider value={value}>{children}</TimeZoneContext.Provider>;
}

/** The zone to show an event's times in. */
export function useShownZone(eventZone: string): { zone: string; own: boolean; sameZone: boolean } {
  const choice = useContext(TimeZoneContext);
  const viewerZone = choice?.viewerZone ?? viewerTimeZone();
  const sameZone = sameOffsets(viewerZone, eventZone);
  const own = !!choice?.own && !sameZone;
  return { zone: own ? viewerZone : eventZone, own, sameZone };
}

/** Two zone names that are the same clock (UTC and Etc/UTC, or the very same name). */
function sameOffsets(a: string, b: string): boolean {
  if (a === b) return true;
  const norm = (z: string) => (/^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/.test(z) ? 'UTC' : z);
  return norm(a) === norm(b);
}

/** "Times in the event's zone (Europe/Paris)" with a switch to the viewer's own zone, when it differs. */
export function TimeZoneToggle({ eventZone }: { eventZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const choice = useContext(TimeZoneContext);
  const { zone, own, sameZone } = useShownZone(eventZone);
  const id = useId();
  const viewerZone = choice?.viewerZone ?? viewerTimeZone();
  return (
    <div className="timezone">
      <p className="muted" id={`${id}-caption`} aria-live="polite">
        {own
          ? t('timeZone.shownOwn', { zone, label: zoneLabel(zone, lang) })
          : sameZone
            ? t('timeZone.shownSame', { zone, label: zoneLabel(zone, lang) })
            : t('timeZone.shownEvent', { zone, label: zoneLabel(zone, lang) })}
      </p>
      {!sameZone && choice && (
        <label className="checkbox">
          <input type="checkbox" checked={own} onChange={(e) => choice.setOwn(e.target.checked)} aria-describedby={`${id}-caption`} />
          {t('timeZone.toggle', { zone: viewerZone })}
        </label>
      )}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { OrganiserEventView, PersonView, ProgrammeConflict } from '@amphi/contracts';
import { useLanguage } from '../../../i18n';
import { pick } from '../../../components/Localized';
import { useErrorsT } from '../../../components/useErrorText';
import { conflictText } from '../../../error-text';

/** Each conflict in the reader's words from its kind and details, times in the event's zone like the form's. */
export function useConflictTexts(event: OrganiserEventView, people: PersonView[]): (conflicts: ProgrammeConflict[]) => string[] {
  const errorsT = useErrorsT();
  const lang = useLanguage();
  // What an older API did not put in a conflict, from what this page knows.
  const known = (c: ProgrammeConflict): Partial<ProgrammeConflict> => {
    const other = c.otherSessionId ? event.sessions.find((s) => s.id === c.otherSessionId) : undefined;
    const self = c.sessionId ? event.sessions.find((s) => s.id === c.sessionId) : undefined;
    return {
      ...(self ? { sessionTitle: pick(self.title, lang, event.mainLanguage)?.text ?? '', startsAt: self.startsAt, endsAt: self.endsAt } : {}),
      ...(other ? { otherSessionTitle: pick(other.title, lang, event.mainLanguage)?.text ?? '', otherStartsAt: other.startsAt, otherEndsAt: other.endsAt } : {}),
      ...(c.personId ? { personName: people.find((p) => p.id === c.personId)?.name } : {}),
    };
  };
  return (conflicts) => conflicts.map((c) => conflictText(c, errorsT, lang, event.timeZone, known(c)));
}

/** Programme conflicts the API refused a form with, as a list under its heading. */
export function ConflictList({ conflicts, event, people }: { conflicts: ProgrammeConflict[]; event: OrganiserEventView; people: PersonView[] }) {
  const { t } = useTranslation('organiser');
  const texts = useConflictTexts(event, people);
  if (!conflicts.length) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{t('programme.conflicts')}</strong>
      </p>
      <ul>
        {texts(conflicts).map((text, i) => (
          <li key={i}>{text}</li>
        ))}
      </ul>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorCode, type InvitationSkipReason, type InvitationStatusView, type InvitationsResult } from '@amphi/contracts';
import { ApiError } from '../../api';
import { ErrorMessage } from '../../components/Status';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../i18n';
import { organiserApi } from './client';

/**
 * Invitations on the people page (issue 13): each person's state, "Send again" (the same link),
 * and replacing a link only after the organiser read that the old one will stop working.
 */

/** Not invited / invited (when) / opened (when), and the recording consents where they speak in one. */
export function InvitationState({ status, zone }: { status: InvitationStatusView | undefined; zone: string }) {
  const { t } = useTranslation('organiser');
  const lang = useLanguage();
  if (!status) return null;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, zone, lang) : '');
  const consent = status.recordingConsent;
  return (
    <span className="invitation-state">
      <span className={`badge invitation-${status.state}`}>
        {status.state === 'not_invited' && t('invitations.state.not_invited')}
        {status.state === 'invited' && t('invitations.state.invited', { when: when(status.invitedAt) })}
        {status.state === 'opened' && t('invitations.state.opened', { when: when(status.openedAt) })}
      </span>
      {consent && (
        <span className="muted">
          {' '}
          {t('invitations.consent', { granted: consent.granted, total: consent.granted + consent.refused + consent.pending })}
          {consent.refused > 0 && ` ${t('invitations.consentRefused', { count: consent.refused })}`}
        </span>
      )}
    </span>
  );
}

/**
 * "Send again" (or a first invitation) to one person. Their working link is mailed as it is; a new
 * link is made only when the organiser confirms, after reading that the old one will stop working:
 * when they ask to replace it (a leaked link), or when the API cannot send the old one again.
 */
export function SendAgain({ eventId, personId, name, status, onDone }: { eventId: string; personId: string; name: string; status: InvitationStatusView; onDone: () => void }) {
  const { t } = useTranslation('organiser');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);
  if (!status.hasRole || !status.hasEmail) return null;

  const send = async (replaceLink: boolean) => {
    setBusy(true);
    setError(undefined);
    setDone(null);
    try {
      const result = await organiserApi.inviteAgain(eventId, personId, replaceLink);
      setAsking(false);
      setDone(t(`invitations.outcome.${result.outcome}`, { name }));
      onDone();
    } catch (e) {
      // A link in use that cannot be mailed again: ask before replacing it, never silently.
      if (e instanceof ApiError && e.body?.code === ErrorCode.InvitationLinkNotResendable) setAsking(true);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const invited = status.state !== 'not_invited';
  return (
    <span className="send-again">
      {!asking && (
        <>
          <button type="button" className="button" disabled={busy} onClick={() => void send(false)}>
            {invited ? t('invitations.sendAgain') : t('invitations.sendFirst')}
            <span className="visually-hidden"> {name}</span>
          </button>{' '}
          {invited && (
            <button type="button" className="button" disabled={busy} onClick={() => setAsking(true)}>
              {t('invitations.replace')}
              <span className="visually-hidden"> {name}</span>
            </button>
          )}
        </>
      )}
      {asking && (
        <div className="confirm">
          <p ref={questionRef} tabIndex={-1}>
            <strong>{t('invitations.confirmReplace', { name })}</strong>
          </p>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void send(true)}>
            {t('invitations.confirmReplaceYes', { name })}
          </button>{' '}
          <button type="button" className="button" onClick={() => setAsking(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {done && (
        <span role="status" className="notice notice-success">
          {done}
        </span>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </span>
  );
}

/** "Send invitations": to those not invited yet; says how many were sent and who was skipped, and why. */
export function InvitationsPanel({ eventId, onSent }: { eventId: string; onSent: () => void }) {
  const { t } = useTranslation('organiser');
  const [result, setResult] = useState<InvitationsResult | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const invite = async () => {
    setBusy(true);
    setError(undefined);
    setResult(null);
    try {
      setResult(await organiserApi.invite(eventId));
      onSent();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const skipped = (reason: InvitationSkipReason) => result?.skipped.filter((s) => s.reason === reason) ?? [];
  return (
    <section aria-labelledby="invite">
      <h2 id="invite">{t('people.invitations')}</h2>
      <p>{t('people.invitationsHint')}</p>
      <button type="button" className="button" disabled={busy} onClick={() => void invite()}>
        {t('people.sendInvitations')}
      </button>
      {error !== undefined && <ErrorMessage error={error} />}
      {result && (
        <div role="status" className="notice notice-success">
          <p>{t('people.invited', { count: result.invited.length })}</p>
          {(['already_invited', 'no_email', 'no_role'] as const).map((reason) => {
            const people = skipped(reason);
            return people.length > 0 ? <p key={reason}>{t(`invitations.skipped.${reason}`, { count: people.length, names: people.map((p) => p.name).join(', ') })}</p> : null;
          })}
        </div>
      )}
    </section>
  );
}

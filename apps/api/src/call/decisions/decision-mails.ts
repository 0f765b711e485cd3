import type { Decision } from '@amphi/contracts';
import type { MailTemplate } from '../../mail/mail-templates';

/** The submitter has this long after the decision is sent to confirm (the date the acceptance states). */
export const CONFIRMATION_DAYS = 14;
/** An accepted submitter who has neither confirmed nor declined this long after the decision is reminded, once. */
export const CONFIRMATION_REMINDER_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

/** The date an acceptance asks to confirm by: CONFIRMATION_DAYS after it was sent (derived, nothing stored). */
export function confirmationDeadline(decisionSentAt: Date): Date {
  return new Date(decisionSentAt.getTime() + CONFIRMATION_DAYS * DAY_MS);
}

/** When the one reminder to confirm is due. */
export function confirmationReminderDue(decisionSentAt: Date): Date {
  return new Date(decisionSentAt.getTime() + CONFIRMATION_REMINDER_DAYS * DAY_MS);
}

export function isAcceptance(decision: Decision | null | undefined): decision is 'accepted' | 'accepted_as_poster' {
  return decision === 'accepted' || decision === 'accepted_as_poster';
}

export function decisionTemplate(decision: Decision): MailTemplate {
  return decision === 'accepted' ? 'call_decision_accepted' : decision === 'accepted_as_poster' ? 'call_decision_accepted_as_poster' : 'call_decision_rejected';
}

/**
 * The personal link with `?confirm=<proposalId>`: the personal space opens on that proposal's
 * confirmation, one click away. The token stays in the fragment (see stopRemindersUrl).
 */
export function confirmUrl(personalUrl: string, proposalId: string): string {
  const hash = personalUrl.indexOf('#');
  if (hash < 0) return personalUrl;
  return `${personalUrl.slice(0, hash)}?confirm=${encodeURIComponent(proposalId)}${personalUrl.slice(hash)}`;
}

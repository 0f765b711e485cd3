import type { PersonalLink } from './personal-link.entity';

export type LinkRevokedReason = NonNullable<PersonalLink['revokedReason']>;

/**
 * Why a personal link stopped working, in the words its holder reads. Shared by the link checks
 * (PersonalLinksService) and the session-access policy, which checks the link in its own query.
 */
export const REVOKED_MESSAGES: Record<LinkRevokedReason, string> = {
  cancelled: 'This link no longer works: the registration it belongs to was cancelled.',
  replaced: 'This link was replaced by a newer one; use the link in the most recent e-mail from Amphi.',
  erased: 'This link no longer works: the personal data it led to were erased.',
  removed: 'This link no longer works: the organisers removed the registration or invitation it belonged to.',
};

/** The access token names a link that no longer exists (its registration or person was deleted). */
export const LINK_GONE_MESSAGE = 'This access is no longer valid; open your personal link again.';

export const revokedMessage = (reason: LinkRevokedReason | null): string => REVOKED_MESSAGES[reason ?? 'replaced'];

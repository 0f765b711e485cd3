import { ErrorCode } from '@amphi/contracts';
import { Unauthenticated } from '../common/domain-errors';
import type { PersonalLink } from './personal-link.entity';

export type LinkRevokedReason = NonNullable<PersonalLink['revokedReason']>;

/**
 * Why a personal link stopped working, as a code its holder's page words in their language:
 * LINK_REPLACED for a newer link, else LINK_REVOKED with the reason. Shared by the link checks
 * (PersonalLinksService) and the session-access policy, which checks the link in its own query.
 */
export function revokedRefusal(reason: LinkRevokedReason | null): { code: typeof ErrorCode.LinkReplaced; details?: undefined } | { code: typeof ErrorCode.LinkRevoked; details: { reason: Exclude<LinkRevokedReason, 'replaced'> } } {
  const why = reason ?? 'replaced';
  return why === 'replaced' ? { code: ErrorCode.LinkReplaced } : { code: ErrorCode.LinkRevoked, details: { reason: why } };
}

export function revokedError(reason: LinkRevokedReason | null): Unauthenticated {
  const refusal = revokedRefusal(reason);
  return refusal.code === ErrorCode.LinkReplaced ? new Unauthenticated(ErrorCode.LinkReplaced) : new Unauthenticated(ErrorCode.LinkRevoked, refusal.details);
}

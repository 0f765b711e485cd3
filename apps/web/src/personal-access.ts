import type { AccessGrant } from '@amphi/contracts';
import { ApiError } from './api';
import { formsApi } from './api-forms';

/**
 * The access token a personal link was exchanged for, in one place for every page behind a link:
 * the personal space (/me), the call's pages (/me/proposals, /me/reviews) and the live room. A link
 * (`…#<token>`, in the fragment so that it never reaches a server log) is exchanged once at
 * POST /api/access; the grant is kept for this tab only (sessionStorage, `amphi.access`), and lives an
 * hour at most.
 */
const ACCESS_KEY = 'amphi.access';

/** The grant kept for this tab, unless it ends within 30 seconds. */
export function storedGrant(): AccessGrant | null {
  try {
    const raw = sessionStorage.getItem(ACCESS_KEY);
    if (!raw) return null;
    const grant = JSON.parse(raw) as AccessGrant;
    return grant.accessToken && Date.parse(grant.expiresAt) > Date.now() + 30_000 ? grant : null;
  } catch {
    return null;
  }
}

export function storedAccessToken(): string | null {
  return storedGrant()?.accessToken ?? null;
}

/** Exchanges a personal link's token and keeps the grant for this tab. */
export async function exchangeLink(linkToken: string): Promise<AccessGrant> {
  const grant = await formsApi.exchangeLink(linkToken);
  try {
    sessionStorage.setItem(ACCESS_KEY, JSON.stringify(grant));
  } catch {
    // not kept: a reload asks for the link again
  }
  return grant;
}

export function forgetAccess(): void {
  try {
    sessionStorage.removeItem(ACCESS_KEY);
  } catch {
    // nothing kept
  }
}

/** The access token ended (the link was revoked, it expired): forget it, so that a reload asks for the link again. */
export function forgetAccessOn(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) forgetAccess();
}

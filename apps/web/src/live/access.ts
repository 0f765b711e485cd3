import type { AccessGrant } from '@amphi/contracts';
import { call } from '../api';

/**
 * The access token the live room uses. The same storage as the personal space (MePage.tsx): a personal
 * link exchanged once (POST /api/access) gives an access token kept for this tab only under
 * `amphi.access`. The live page also accepts the link itself in its fragment (`…/live#<token>`); an
 * organiser, known by their sign-in cookie, gets a token from organiserAccessToken (organiser-session.ts).
 */
export const ACCESS_KEY = 'amphi.access';

function readGrant(storage: Storage, key: string): string | null {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    if (!raw.startsWith('{')) return raw; // a bare token
    const grant = JSON.parse(raw) as Partial<AccessGrant> & { token?: string };
    if (grant.expiresAt && Date.parse(grant.expiresAt) <= Date.now() + 30_000) return null;
    return grant.accessToken ?? grant.token ?? null;
  } catch {
    return null;
  }
}

export function storedAccessToken(): string | null {
  return readGrant(sessionStorage, ACCESS_KEY);
}

/** Exchanges a personal link's token and keeps the grant for this tab, as the personal space does. */
export async function exchangeLink(linkToken: string): Promise<string> {
  const grant = await call<AccessGrant>('/api/access', { method: 'POST', body: { token: linkToken } });
  try {
    sessionStorage.setItem(ACCESS_KEY, JSON.stringify(grant));
  } catch {
    // not kept: a reload asks for the link again
  }
  return grant.accessToken;
}

export function forgetAccess(): void {
  try {
    sessionStorage.removeItem(ACCESS_KEY);
  } catch {
    // nothing kept
  }
}

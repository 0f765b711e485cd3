import { useEffect, useSyncExternalStore } from 'react';
import type { LoginResult, OrganiserView } from '@amphi/contracts';
import { call } from './api';

/**
 * Who this browser is signed in as, for every page (the header's link, the organiser pages, the live
 * room). The sign-in itself is an httpOnly cookie that no script reads (apps/api/src/accounts/
 * organiser-sessions.service.ts): it lasts across tabs and browser restarts, and signing out ends it
 * everywhere. This module only remembers what GET /api/auth/session said, in memory.
 * `undefined`: not asked yet; `null`: not signed in.
 */
let current: OrganiserView | null | undefined;
let asking: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(value: OrganiserView | null): void {
  current = value;
  for (const listener of listeners) listener();
}

/** Asks the API once per page load (again after `refresh`). */
export function loadOrganiser(refresh = false): Promise<void> {
  if (asking && !refresh) return asking;
  asking = call<{ organiser: OrganiserView | null }>('/api/auth/session').then(
    (answer) => set(answer.organiser),
    () => set(null),
  );
  return asking;
}

/** After the login form: the API set the cookie. */
export function signedIn(login: LoginResult): void {
  asking = Promise.resolve();
  set(login.organiser);
}

/** A 401 from the API: the sign-in ended (signed out in another tab, expired). */
export function signedOutElsewhere(): void {
  asking = Promise.resolve();
  set(null);
}

/** Signs out everywhere (every tab and browser of this organiser). */
export async function signOut(): Promise<void> {
  try {
    await call<void>('/api/auth/logout', { method: 'POST' });
  } finally {
    signedOutElsewhere();
  }
}

/** The signed-in organiser (undefined while asking, null when nobody is). */
export function useOrganiser(): OrganiserView | null | undefined {
  const value = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
  useEffect(() => {
    void loadOrganiser();
  }, []);
  return value;
}

/** A bearer token for the live room opened with the sign-in cookie (kept in that page's memory only); null when not signed in. */
export async function organiserAccessToken(): Promise<string | null> {
  try {
    return (await call<LoginResult>('/api/auth/access-token', { method: 'POST' })).accessToken;
  } catch {
    return null;
  }
}

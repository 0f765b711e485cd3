import type { RegistrationSettingsView } from '@amphi/contracts';

export type RegistrationState = { state: 'open' } | { state: 'not_yet_open'; opensAt: string } | { state: 'closed'; closedAt: string | null };

/** What the event's settings say now; the API decides for good when someone registers (409 otherwise). */
export function registrationState(settings: RegistrationSettingsView, now = Date.now()): RegistrationState {
  if (!settings.open) return { state: 'closed', closedAt: null };
  if (settings.opensAt && Date.parse(settings.opensAt) > now) return { state: 'not_yet_open', opensAt: settings.opensAt };
  if (settings.closesAt && Date.parse(settings.closesAt) <= now) return { state: 'closed', closedAt: settings.closesAt };
  return { state: 'open' };
}

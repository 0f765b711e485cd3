import {
  exchangeLinkSchema,
  registerSchema,
  resendLinkSchema,
  type AccessGrant,
  type RegisterInput,
  type RegistrationResult,
} from '@amphi/contracts';
import { call, eventPath } from './api';

/**
 * Calls that send what someone typed, checked with the API's own zod schemas before they leave
 * (the pages check them field by field first; this is the last guard). Kept apart from api.ts so that
 * zod loads with the pages that have a form, not with every page.
 */
export const formsApi = {
  register: (slug: string, input: RegisterInput) =>
    call<RegistrationResult>(`${eventPath(slug)}/registrations`, { method: 'POST', body: registerSchema.parse(input) }),
  resendLink: (slug: string, email: string) =>
    call<{ message: string }>(`${eventPath(slug)}/registrations/resend-link`, { method: 'POST', body: resendLinkSchema.parse({ email }) }),
  exchangeLink: (token: string) => call<AccessGrant>('/api/access', { method: 'POST', body: exchangeLinkSchema.parse({ token }) }),
};

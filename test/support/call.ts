import type { TestApp } from './harness';
import { linkToken, type MailCatcher } from './mail-catcher';

export type Auth = { Authorization: string };

/**
 * Someone signs up to an event's call for communications, as the call's page does, and opens the
 * personal link the mail brings (the newest mail to that address, not an earlier one): answers the
 * bearer their pages use.
 */
export async function signUpToCall(
  t: TestApp,
  smtp: MailCatcher,
  slug: string,
  who: { name: string; email: string; affiliation?: string; language: 'fr' | 'en' },
): Promise<{ auth: Auth; accessToken: string }> {
  const before = smtp.mails.length;
  await t.http().post(`/api/public/events/${slug}/call/submitters`).send(who).expect(202);
  const mail = await smtp.waitFor(who.email, (m) => smtp.mails.indexOf(m) >= before);
  const access = await t.http().post('/api/access').send({ token: linkToken(mail) }).expect(200);
  const accessToken = (access.body as { accessToken: string }).accessToken;
  return { auth: { Authorization: `Bearer ${accessToken}` }, accessToken };
}

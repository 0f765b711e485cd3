import type { TestApp } from './harness';
import { linkToken, type MailCatcher } from './mail-catcher';

type Auth = { Authorization: string };

/** 'YYYY-MM-DDTHH:mm' in UTC, minutes from now. */
export const utcWallTime = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString().slice(0, 16);
const utcDate = (daysFromNow: number) => new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

let counter = 0;

/**
 * A published event in UTC happening now, built through the API: a session running now (chair
 * Eve, speaker Lise), a round table running now with another chair, a session starting in 20
 * minutes and one in three hours (both chaired by Anne), with the chairs and speakers invited
 * (their personal links arrive at `smtp`), and a way to register attendees and open their links.
 */
export async function createLiveEvent(t: TestApp, smtp: MailCatcher, owner: Auth) {
  const exchange = async (token: string) => (await t.http().post('/api/access').send({ token }).expect(200)).body.accessToken as string;
  const slug = `live-${++counter}-${Date.now().toString(36)}`;
  const event = (
    await t
      .http()
      .post('/api/events')
      .set(owner)
      .send({ slug, title: { en: 'Study day' }, mainLanguage: 'en', timeZone: 'UTC', startDate: utcDate(-1), endDate: utcDate(1), format: 'online' })
      .expect(201)
  ).body;
  const person = async (name: string) =>
    (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name, email: `${name.split(' ')[0].toLowerCase()}-${slug}@example.org` }).expect(201)).body;
  const [chair, speaker, otherChair, laterChair] = [await person('Eve Gardien'), await person('Lise Demailly'), await person('Robert Dingwall'), await person('Anne Later')];
  const session = async (title: string, from: number, to: number, chairId: string, speakers: string[], stage: string) =>
    (
      await t
        .http()
        .post(`/api/events/${event.id}/sessions`)
        .set(owner)
        .send({ type: 'plenary', title: { en: title }, stage, startsAt: utcWallTime(from), endsAt: utcWallTime(to), chairs: [chairId], talks: speakers.length ? [{ title: { en: 'Talk' }, speakers, plannedMinutes: 30 }] : [] })
        .expect(201)
    ).body;
  const live = await session('Plenary now', -10, 80, chair.id, [speaker.id], 'main');
  const other = await session('Round table now', -10, 80, otherChair.id, [], 'room 2');
  const soon = await session('Plenary soon', 20, 60, laterChair.id, [], 'room 3');
  const later = await session('Plenary later', 180, 240, laterChair.id, [], 'main');
  await t.http().patch(`/api/events/${event.id}`).set(owner).send({ registration: { open: true } }).expect(200);
  await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
  await t.http().post(`/api/events/${event.id}/invitations`).set(owner).send({}).expect(200);
  const personToken = async (p: { email: string }) => exchange(linkToken(await smtp.waitFor(p.email)));
  const attendee = async (name: string) => {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${slug}@example.org`;
    const registration = (await t.http().post(`/api/public/events/${slug}/registrations`).send({ name, email, language: 'en', privacyConsent: true }).expect(200)).body;
    const token = await exchange(linkToken(await smtp.waitFor(email)));
    const me = (await t.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200)).body;
    return { registration, email, name, identity: `r:${me.registration.id}`, token };
  };
  return {
    id: event.id as string,
    slug,
    live: live.id as string,
    other: other.id as string,
    soon: soon.id as string,
    later: later.id as string,
    talkId: live.talks[0].id as string,
    speakerId: speaker.id as string,
    chairToken: () => personToken(chair),
    speakerToken: () => personToken(speaker),
    otherChairToken: () => personToken(otherChair),
    laterChairToken: () => personToken(laterChair),
    attendee,
  };
}

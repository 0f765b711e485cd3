import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';

type Auth = { Authorization: string };

/** Issue 13: invitations go to those not invited yet, "send again" keeps the link in use, and the organiser sees each person's state. */
describe('invitations of chairs and speakers', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', RATE_LIMIT_LOGIN_PER_IP: '100000' });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  let counter = 0;
  async function eventWithProgramme() {
    const slug = `invitations-${++counter}-${Date.now().toString(36)}`;
    const event = (
      await t
        .http()
        .post('/api/events')
        .set(owner)
        .send({ slug, title: { fr: 'Journée d’étude', en: 'Study day' }, mainLanguage: 'en', timeZone: 'Europe/Paris', startDate: '2030-01-21', endDate: '2030-01-21', format: 'online' })
        .expect(201)
    ).body;
    const person = async (name: string, email?: string) =>
      (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name, ...(email ? { email } : {}) }).expect(201)).body as { id: string; name: string; email?: string };
    const chair = await person('Eve Gardien', `chair-${slug}@example.org`);
    const speaker = await person('Lise Demailly', `speaker-${slug}@example.org`);
    const noEmail = await person('Robert Dingwall');
    const session = async (title: string, start: string, end: string, chairs: string[], speakers: string[]) =>
      (
        await t
          .http()
          .post(`/api/events/${event.id}/sessions`)
          .set(owner)
          .send({ type: 'plenary', title: { en: title }, startsAt: start, endsAt: end, chairs, talks: speakers.length ? [{ title: { en: 'Talk' }, speakers, plannedMinutes: 30 }] : [] })
          .expect(201)
      ).body as { id: string };
    await session('Morning plenary', '2030-01-21T09:30', '2030-01-21T11:00', [chair.id], [speaker.id, noEmail.id]);
    return { id: event.id as string, slug, chair, speaker, noEmail, person, session };
  }

  const send = (eventId: string) => t.http().post(`/api/events/${eventId}/invitations`).set(owner).send({});
  const statuses = async (eventId: string) =>
    new Map(((await t.http().get(`/api/events/${eventId}/invitations`).set(owner).expect(200)).body as Array<{ personId: string; state: string; invitedAt: string | null; openedAt: string | null }>).map((s) => [s.personId, s]));
  const exchange = (token: string) => t.http().post('/api/access').send({ token });
  /** What the outbox holds for an event, per address: every mail the API decided to send. */
  const outboxCount = async (eventId: string, to: string) =>
    Number((await t.app.get(DataSource).query(`SELECT count(*) AS n FROM outbox_mail WHERE event_id = $1 AND to_address = $2`, [eventId, to]))[0].n);
  const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to.toLowerCase()));

  it('first send mails everyone with an e-mail; a second mails nobody and the links keep working; a new speaker alone is mailed next', async () => {
    const ev = await eventWithProgramme();
    const before = await statuses(ev.id);
    assert.equal(before.get(ev.chair.id)?.state, 'not_invited');

    const first = (await send(ev.id).expect(200)).body;
    assert.deepEqual(first.invited.map((i: { name: string }) => i.name).sort(), ['Eve Gardien', 'Lise Demailly']);
    assert.deepEqual(first.skipped, [{ personId: ev.noEmail.id, name: 'Robert Dingwall', reason: 'no_email' }]);
    const chairToken = linkToken(await smtp.waitFor(ev.chair.email!));
    const speakerToken = linkToken(await smtp.waitFor(ev.speaker.email!));

    const second = (await send(ev.id).expect(200)).body;
    assert.deepEqual(second.invited, []);
    assert.deepEqual(
      second.skipped.map((s: { name: string; reason: string }) => [s.name, s.reason]).sort(),
      [['Eve Gardien', 'already_invited'], ['Lise Demailly', 'already_invited'], ['Robert Dingwall', 'no_email']],
    );
    assert.equal(await outboxCount(ev.id, ev.chair.email!), 1, 'the second send wrote no mail');
    assert.equal(await outboxCount(ev.id, ev.speaker.email!), 1);
    await exchange(chairToken).expect(200);
    await exchange(speakerToken).expect(200);

    const newcomer = await ev.person('Nadia Nouvelle', `new-${ev.slug}@example.org`);
    await ev.session('Afternoon plenary', '2030-01-21T14:00', '2030-01-21T15:30', [ev.chair.id], [newcomer.id]);
    const third = (await send(ev.id).expect(200)).body;
    assert.deepEqual(third.invited.map((i: { name: string }) => i.name), ['Nadia Nouvelle']);
    await exchange(linkToken(await smtp.waitFor(newcomer.email!))).expect(200);
    assert.equal(await outboxCount(ev.id, ev.chair.email!), 1);
    assert.equal(mailsTo(ev.chair.email!).length, 1);
    await exchange(chairToken).expect(200);
  });

  it('send again mails the same link, which keeps working; the state goes invited → opened; replacing is explicit', async () => {
    const ev = await eventWithProgramme();
    await send(ev.id).expect(200);
    const token = linkToken(await smtp.waitFor(ev.speaker.email!));
    const invited = (await statuses(ev.id)).get(ev.speaker.id)!;
    assert.equal(invited.state, 'invited');
    assert.match(invited.invitedAt!, /\+01:00$/, 'in the event’s zone');
    assert.equal(invited.openedAt, null);

    const again = (await t.http().post(`/api/events/${ev.id}/people/${ev.speaker.id}/invitation`).set(owner).send({}).expect(200)).body;
    assert.equal(again.outcome, 'resent');
    const resent = await smtp.waitFor(ev.speaker.email!, (m) => mailsTo(ev.speaker.email!).indexOf(m) === 1);
    assert.equal(linkToken(resent), token, 'the same link');
    await exchange(token).expect(200);
    const opened = (await statuses(ev.id)).get(ev.speaker.id)!;
    assert.equal(opened.state, 'opened');
    assert.ok(opened.openedAt);
    await exchange(token).expect(200);
    assert.equal((await statuses(ev.id)).get(ev.speaker.id)!.openedAt, opened.openedAt, 'the first use is kept');

    // Replacing a leaked link is asked for explicitly; the mail says the old one stopped.
    const replaced = (await t.http().post(`/api/events/${ev.id}/people/${ev.speaker.id}/invitation`).set(owner).send({ replaceLink: true }).expect(200)).body;
    assert.equal(replaced.outcome, 'replaced');
    const fresh = await smtp.waitFor(ev.speaker.email!, (m) => mailsTo(ev.speaker.email!).indexOf(m) === 2);
    assert.match(fresh.body, /replaces the one sent to you before/);
    assert.notEqual(linkToken(fresh), token);
    assert.equal((await exchange(token).expect(401)).body.code, 'LINK_REPLACED');
    await exchange(linkToken(fresh)).expect(200);
    assert.equal((await statuses(ev.id)).get(ev.speaker.id)!.state, 'opened');

    const refused = await t.http().post(`/api/events/${ev.id}/people/${ev.noEmail.id}/invitation`).set(owner).set('Accept-Language', 'fr').send({}).expect(409);
    assert.equal(refused.body.code, 'PERSON_NOT_INVITABLE');
    assert.match(refused.body.message, /Robert Dingwall n’a pas d’adresse électronique/);
  });

  it('a link made before links could be re-sent is not retired silently: 409 until the organiser asks to replace it', async () => {
    const ev = await eventWithProgramme();
    await send(ev.id).expect(200);
    const token = linkToken(await smtp.waitFor(ev.chair.email!));
    // As a link from before this version: its stored hash is of a random token, not derivable.
    const { createHash, randomBytes } = await import('node:crypto');
    const legacy = randomBytes(32).toString('base64url');
    await t.app.get(DataSource).query(`UPDATE personal_link SET token_hash = $1 WHERE person_id = $2 AND revoked_at IS NULL`, [createHash('sha256').update(legacy).digest('hex'), ev.chair.id]);
    await exchange(token).expect(401);
    const refused = await t.http().post(`/api/events/${ev.id}/people/${ev.chair.id}/invitation`).set(owner).send({}).expect(409);
    assert.equal(refused.body.code, 'INVITATION_LINK_NOT_RESENDABLE');
    await exchange(legacy).expect(200); // the link in use still works
    await t.http().post(`/api/events/${ev.id}/people/${ev.chair.id}/invitation`).set(owner).send({ replaceLink: true }).expect(200);
    await exchange(legacy).expect(401);
  });

  it('two "Send invitations" at once mail nobody twice', async () => {
    const ev = await eventWithProgramme();
    const [a, b] = await Promise.all([send(ev.id).expect(200), send(ev.id).expect(200)]);
    assert.equal(a.body.invited.length + b.body.invited.length, 2);
    await smtp.waitFor(ev.chair.email!);
    await smtp.waitFor(ev.speaker.email!);
    assert.equal(await outboxCount(ev.id, ev.chair.email!), 1);
    assert.equal(await outboxCount(ev.id, ev.speaker.email!), 1);
    assert.equal(mailsTo(ev.chair.email!).length, 1);
  });
});

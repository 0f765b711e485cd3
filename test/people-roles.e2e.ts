import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './support/mail-catcher';

type Auth = { Authorization: string };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The token of a co-organiser's invitation link in a mail (the part after /organiser/join#). */
function joinToken(mail: CaughtMail): string {
  const token = mail.body.match(/\/organiser\/join#([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`No invitation link in the mail "${mail.subject}"`);
  return token;
}

/** Issue 13, item 4: editing people, committees, co-organisers invited by e-mail; each scoped to its event. */
describe('people and roles', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: { id: string; email: string; auth: Auth };

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', RATE_LIMIT_LOGIN_PER_IP: '100000' });
    owner = await t.organiser();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  let counter = 0;
  async function newEvent(auth: Auth, mainLanguage: 'fr' | 'en' = 'fr') {
    const slug = `people-roles-${++counter}-${Date.now().toString(36)}`;
    const event = (
      await t
        .http()
        .post('/api/events')
        .set(auth)
        .send({ slug, title: { fr: 'Colloque pair-aidance', en: 'Peer support conference' }, mainLanguage, timeZone: 'Europe/Paris', startDate: '2030-11-14', endDate: '2030-11-15', format: 'online' })
        .expect(201)
    ).body as Json;
    const person = async (body: Json) => (await t.http().post(`/api/events/${event.id}/people`).set(auth).send(body).expect(201)).body as Json;
    return { id: event.id as string, slug, person };
  }

  it('edits every field of a person, refuses bad values field by field, and keeps what was not sent', async () => {
    const ev = await newEvent(owner.auth);
    const ada = await ev.person({ name: 'Ada Lovelace', affiliation: 'Analytical Society' });
    const patch = {
      name: 'Ada King',
      email: '  Ada.King@Example.org ',
      affiliation: 'Université de Lille',
      title: { fr: 'sociologue', en: 'sociologist' },
      bio: { fr: 'Travaille sur la pair-aidance.', en: 'Works on peer support.' },
    };
    const edited = await t.http().patch(`/api/events/${ev.id}/people/${ada.id}`).set(owner.auth).send(patch).expect(200);
    assert.deepEqual(
      { name: edited.body.name, email: edited.body.email, affiliation: edited.body.affiliation, title: edited.body.title, bio: edited.body.bio },
      { ...patch, email: 'ada.king@example.org' },
    );
    const read = (await t.http().get(`/api/events/${ev.id}/people/${ada.id}`).set(owner.auth).expect(200)).body;
    assert.equal(read.name, 'Ada King');

    // Only what is sent changes; null takes the title away.
    const partly = await t.http().patch(`/api/events/${ev.id}/people/${ada.id}`).set(owner.auth).send({ title: null }).expect(200);
    assert.deepEqual([partly.body.title, partly.body.affiliation, partly.body.name], [null, 'Université de Lille', 'Ada King']);

    const refused = await t.http().patch(`/api/events/${ev.id}/people/${ada.id}`).set(owner.auth).set('Accept-Language', 'fr').send({ name: '  ', email: 'not-an-address', title: {} }).expect(422);
    assert.deepEqual(Object.keys(refused.body.fields).sort(), ['email', 'name', 'title']);
    assert.equal((await t.http().get(`/api/events/${ev.id}/people/${ada.id}`).set(owner.auth).expect(200)).body.name, 'Ada King', 'nothing half-written');
  });

  it('sets, reorders and empties a committee with roles in French and English; refuses people of another event and duplicates', async () => {
    const ev = await newEvent(owner.auth);
    const [chair, member, other] = [await ev.person({ name: 'Claire Présidente' }), await ev.person({ name: 'Marc Membre' }), await ev.person({ name: 'Zoé Autre' })];
    const elsewhere = await newEvent(owner.auth);
    const stranger = await elsewhere.person({ name: 'Someone Elsewhere' });
    const setScientific = (scientific: Json[], auth = owner.auth) => t.http().patch(`/api/events/${ev.id}`).set(auth).send({ committees: { scientific } });

    const chairRole = { fr: 'Présidente', en: 'Chair' };
    await setScientific([{ personId: chair.id, role: chairRole }, { personId: member.id }, { personId: other.id, role: { en: 'Secretary' } }]).expect(200);
    const names = async () => {
      const event = (await t.http().get(`/api/events/${ev.id}`).set(owner.auth).expect(200)).body;
      return event.committees.scientific.map((m: Json) => [m.person.name, m.role]);
    };
    assert.deepEqual(await names(), [
      ['Claire Présidente', chairRole],
      ['Marc Membre', null],
      ['Zoé Autre', { en: 'Secretary' }],
    ]);

    // Reordered: the list as sent is the order.
    await setScientific([{ personId: other.id, role: { en: 'Secretary' } }, { personId: chair.id, role: chairRole }, { personId: member.id }]).expect(200);
    assert.deepEqual((await names()).map((n: string[]) => n[0]), ['Zoé Autre', 'Claire Présidente', 'Marc Membre']);
    // The organising committee was not touched by these.
    assert.deepEqual((await t.http().get(`/api/events/${ev.id}`).set(owner.auth).expect(200)).body.committees.organising, []);

    // A person of another event, a person twice, an empty role: 422 on the field, and nothing changes.
    const foreign = await setScientific([{ personId: chair.id }, { personId: stranger.id }]).expect(422);
    assert.deepEqual(foreign.body.issues.map((i: Json) => [i.path.join('.'), i.code]), [['committees.scientific.1.personId', 'unknown_reference']]);
    const twice = await setScientific([{ personId: chair.id }, { personId: chair.id }]).expect(422);
    assert.deepEqual(twice.body.issues.map((i: Json) => [i.path.join('.'), i.code]), [['committees.scientific.1.personId', 'duplicate']]);
    const emptyRole = await setScientific([{ personId: chair.id, role: { fr: '' } }]).expect(422);
    assert.ok(emptyRole.body.issues.some((i: Json) => i.path.join('.').startsWith('committees.scientific.0.role')), JSON.stringify(emptyRole.body));
    assert.deepEqual((await names()).map((n: string[]) => n[0]), ['Zoé Autre', 'Claire Présidente', 'Marc Membre']);

    // Two organisers saving the committee at the same moment take turns: no 500, one list wins whole.
    const lists = [
      [{ personId: chair.id }, { personId: member.id }],
      [{ personId: member.id }, { personId: other.id }],
      [{ personId: other.id }],
      [{ personId: chair.id }, { personId: other.id }, { personId: member.id }],
    ];
    const answers = await Promise.all([...lists, ...lists].map((list) => setScientific(list)));
    assert.deepEqual(answers.map((a) => a.status), answers.map(() => 200), answers.map((a) => JSON.stringify(a.body)).join('\n'));
    const final = (await t.http().get(`/api/events/${ev.id}`).set(owner.auth).expect(200)).body.committees.scientific.map((m: Json) => m.person.id);
    assert.ok(lists.some((list) => JSON.stringify(list.map((m) => m.personId)) === JSON.stringify(final)), `one whole list: ${final}`);

    // Published, the public page shows the committee in its order with the roles.
    await setScientific([{ personId: chair.id, role: chairRole }, { personId: member.id }]).expect(200);
    await t.http().post(`/api/events/${ev.id}/publish`).set(owner.auth).expect(200);
    const publicView = (await t.http().get(`/api/public/events/${ev.slug}`).expect(200)).body;
    assert.deepEqual(publicView.committees.scientific.map((m: Json) => [m.person.name, m.role]), [
      ['Claire Présidente', chairRole],
      ['Marc Membre', null],
    ]);
    assert.equal(publicView.committees.scientific[0].person.email, undefined, 'no e-mail in public');

    // Removing everyone: an empty list.
    await setScientific([]).expect(200);
    assert.deepEqual(await names(), []);
  });

  it('invites a new co-organiser by e-mail: a French mail with a single-use link, an account made from it, access to the event until removed', async () => {
    const ev = await newEvent(owner.auth, 'en');
    const email = `new-co-${Date.now().toString(36)}@example.org`;
    const invited = await t.http().post(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).send({ email: email.toUpperCase(), language: 'fr' }).expect(201);
    assert.deepEqual(invited.body, { outcome: 'invited', email });
    const pending = (await t.http().get(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).expect(200)).body;
    assert.deepEqual(pending.map((p: Json) => [p.email, p.language]), [[email, 'fr']]);
    assert.match(pending[0].expiresAt, /\+01:00$/, 'in the event’s zone');

    const mail = await smtp.waitFor(email);
    // (The catcher joins the subject's folded encoded words with a space.)
    assert.match(mail.subject, /vous invite à co ?-organiser Colloque pair-aidance/);
    assert.match(mail.body, /Bonjour,/);
    assert.match(mail.body, /ne sert qu'une fois/);
    const token = joinToken(mail);
    // Only the token's hash is stored.
    const stored = await t.app.get(DataSource).query(`SELECT token_hash FROM organiser_invitation WHERE email = $1`, [email]);
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0].token_hash, token);

    const preview = (await t.http().post('/api/organiser-invitations/preview').send({ token }).expect(200)).body;
    assert.deepEqual([preview.email, preview.eventTitle.fr, preview.accountExists], [email, 'Colloque pair-aidance', false]);

    // Name and password are needed for a new account; a short password is refused on its field.
    const missing = await t.http().post('/api/organiser-invitations/accept').send({ token }).expect(422);
    assert.deepEqual(missing.body.issues.map((i: Json) => i.path.join('.')).sort(), ['name', 'password']);
    const short = await t.http().post('/api/organiser-invitations/accept').send({ token, name: 'Nina Co', password: 'short' }).expect(422);
    assert.deepEqual(Object.keys(short.body.fields), ['password']);

    // Accepted from the web app: the account exists, the browser is signed in, the event is theirs to edit.
    const accepted = await t.http().post('/api/organiser-invitations/accept').set('X-Amphi-CSRF', '1').send({ token, name: 'Nina Co', password: 'a long enough password' }).expect(200);
    assert.deepEqual([accepted.body.eventId, accepted.body.organiser.email, accepted.body.organiser.name, accepted.body.accountCreated], [ev.id, email, 'Nina Co', true]);
    const cookie = String(accepted.headers['set-cookie']).split(';')[0];
    assert.match(cookie, /^amphi-organiser=/);
    const viaCookie = await t.http().get(`/api/events/${ev.id}`).set('Cookie', cookie).expect(200);
    assert.equal(viaCookie.body.id, ev.id);
    assert.deepEqual(
      viaCookie.body.organisers.map((o: Json) => [o.email, o.role]),
      [
        [owner.email, 'owner'],
        [email, 'co-organiser'],
      ],
    );
    const login = await t.http().post('/api/auth/login').send({ email, password: 'a long enough password' }).expect(200);
    const co = { Authorization: `Bearer ${login.body.accessToken}` };
    await t.http().patch(`/api/events/${ev.id}`).set(co).send({ subtitle: { en: 'Edited by the co-organiser' } }).expect(200);

    // The link works once; nothing is pending any more.
    assert.equal((await t.http().post('/api/organiser-invitations/accept').send({ token, name: 'Someone', password: 'another long password' }).expect(410)).body.code, 'ORGANISER_INVITATION_INVALID');
    assert.equal((await t.http().post('/api/organiser-invitations/preview').set('Accept-Language', 'fr').send({ token }).expect(410)).body.message.includes('ne fonctionne plus'), true);
    assert.deepEqual((await t.http().get(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).expect(200)).body, []);

    // A co-organiser neither invites nor removes; the owner cannot be removed; removing the co-organiser ends their access.
    assert.equal((await t.http().post(`/api/events/${ev.id}/organiser-invitations`).set(co).send({ email: 'x@example.org' }).expect(403)).body.code, 'EVENT_OWNER_ONLY');
    assert.equal((await t.http().delete(`/api/events/${ev.id}/organisers/${owner.id}`).set(owner.auth).expect(409)).body.code, 'EVENT_OWNER_NOT_REMOVABLE');
    await t.http().delete(`/api/events/${ev.id}/organisers/${accepted.body.organiser.id}`).set(owner.auth).expect(204);
    assert.equal((await t.http().get(`/api/events/${ev.id}`).set(co).expect(404)).body.code, 'NOT_FOUND');
    await t.http().get(`/api/events/${ev.id}/people`).set('Cookie', cookie).expect(404);
    assert.ok(!(await t.http().get('/api/events').set(co).expect(200)).body.some((e: Json) => e.id === ev.id));
  });

  it('adds an existing organiser at once and tells them; invites again replace the link; withdrawn and expired links open nothing', async () => {
    const ev = await newEvent(owner.auth, 'en');
    const known = await t.organiser();
    const added = await t.http().post(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).send({ email: known.email }).expect(201);
    assert.equal(added.body.outcome, 'added');
    const told = await smtp.waitFor(known.email);
    assert.match(told.subject, /You now co-organise Peer support conference/, 'in the event’s main language');
    assert.ok(told.body.includes(`/organiser/events/${ev.id}`));
    await t.http().get(`/api/events/${ev.id}`).set(known.auth).expect(200);
    const again = await t.http().post(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).set('Accept-Language', 'fr').send({ email: known.email }).expect(409);
    assert.equal(again.body.code, 'ORGANISER_ALREADY_IN_EVENT');
    assert.match(again.body.message, /organise déjà cet événement/);

    // Invited twice: the second link replaces the first.
    const email = `twice-${Date.now().toString(36)}@example.org`;
    await t.http().post(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).send({ email }).expect(201);
    const first = joinToken(await smtp.waitFor(email));
    await t.http().post(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).send({ email }).expect(201);
    const second = joinToken(await smtp.waitFor(email, (m) => joinToken(m) !== first));
    await t.http().post('/api/organiser-invitations/preview').send({ token: first }).expect(410);
    await t.http().post('/api/organiser-invitations/preview').send({ token: second }).expect(200);
    const pending = (await t.http().get(`/api/events/${ev.id}/organiser-invitations`).set(known.auth).expect(200)).body;
    assert.equal(pending.length, 1, 'one invitation per address');

    // Withdrawn (owner only): the link stops.
    await t.http().delete(`/api/events/${ev.id}/organiser-invitations/${pending[0].id}`).set(known.auth).expect(403);
    await t.http().delete(`/api/events/${ev.id}/organiser-invitations/${pending[0].id}`).set(owner.auth).expect(204);
    await t.http().delete(`/api/events/${ev.id}/organiser-invitations/${pending[0].id}`).set(owner.auth).expect(404);
    await t.http().post('/api/organiser-invitations/accept').send({ token: second, name: 'Late', password: 'a long enough password' }).expect(410);

    // Expired: refused, and no account is made.
    const late = `late-${Date.now().toString(36)}@example.org`;
    await t.http().post(`/api/events/${ev.id}/organiser-invitations`).set(owner.auth).send({ email: late }).expect(201);
    const lateToken = joinToken(await smtp.waitFor(late));
    await t.app.get(DataSource).query(`UPDATE organiser_invitation SET expires_at = now() - interval '1 second' WHERE email = $1`, [late]);
    await t.http().post('/api/organiser-invitations/accept').send({ token: lateToken, name: 'Late', password: 'a long enough password' }).expect(410);
    await t.http().post('/api/auth/login').send({ email: late, password: 'a long enough password' }).expect(401);

    // A malformed token: the field, not a 500.
    await t.http().post('/api/organiser-invitations/accept').send({ token: 'short' }).expect(422);
  });

  it('an organiser of another event reaches none of this event’s people, committees, organisers or invitations', async () => {
    const ev = await newEvent(owner.auth);
    const ada = await ev.person({ name: 'Ada', email: 'ada@example.org' });
    const other = await t.organiser();
    const theirs = await newEvent(other.auth);
    const theirPerson = await theirs.person({ name: 'Theirs' });
    const base = `/api/events/${ev.id}`;
    for (const [method, url, body] of [
      ['get', `${base}/people`, undefined],
      ['get', `${base}/people/${ada.id}`, undefined],
      ['patch', `${base}/people/${ada.id}`, { name: 'Taken over' }],
      ['patch', base, { committees: { scientific: [{ personId: ada.id }] } }],
      ['get', `${base}/organisers`, undefined],
      ['get', `${base}/organiser-invitations`, undefined],
      ['post', `${base}/organiser-invitations`, { email: other.email }],
      ['delete', `${base}/organisers/${owner.id}`, undefined],
    ] as const) {
      const res = await t.http()[method](url).set(other.auth).send(body as object | undefined);
      assert.equal(res.status, 404, `${method.toUpperCase()} ${url}: ${JSON.stringify(res.body)}`);
    }
    // Their own event's URL with this event's person: not found either.
    await t.http().patch(`/api/events/${theirs.id}/people/${ada.id}`).set(other.auth).send({ name: 'Taken over' }).expect(404);
    // Nor can this event's committee name their person.
    await t.http().patch(base).set(owner.auth).send({ committees: { organising: [{ personId: theirPerson.id }] } }).expect(422);
    assert.equal((await t.http().get(`${base}/people/${ada.id}`).set(owner.auth).expect(200)).body.name, 'Ada');
    assert.deepEqual((await t.http().get(base).set(owner.auth).expect(200)).body.organisers.map((o: Json) => o.email), [owner.email]);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { setClock } from './support/clock';
import { signUpToCall } from './support/call';
import { linkToken, startMailCatcher, type CaughtMail, type MailCatcher } from './support/mail-catcher';
import { pdfText } from './support/pdf-text';
import { MessagesScheduler } from '../apps/api/src/messages/messages.scheduler';
import { CallDecisionsService } from '../apps/api/src/call/decisions/decisions.service';

type Auth = { Authorization: string };

const runDue = (t: TestApp) => t.app.get(MessagesScheduler).runDue();

// A conference on 14–15 November 2030 in Rennes (Europe/Paris); its call is open from March to May.
const OPENS = '2030-03-01T09:00:00+01:00';
const CLOSES = '2030-05-30T23:59:00+02:00';
const DURING = '2030-04-15T10:00:00Z';
const DECIDED = '2030-07-15T08:00:00Z';

const THEMES = [
  { key: 'actors', title: { fr: 'Les acteurs et leurs interactions', en: 'The actors and their interactions' } },
  { key: 'environments', title: { fr: 'Les environnements', en: 'Environments' } },
  { key: 'aims', title: { fr: 'Les finalités et effets pratiques', en: 'The aims and practical effects' } },
  { key: 'recognition', title: { fr: 'La reconnaissance', en: 'Recognition' } },
];
const TYPES = [{ key: 'communication', title: { fr: 'Communication', en: 'Paper' }, limit: { unit: 'characters', max: 3000 } }];

/** The personal link of a decision's mail, `?confirm=<proposalId>` before the token. */
function confirmLink(mail: CaughtMail): { proposalId: string; token: string } {
  const match = mail.body.match(/\/me\?confirm=([0-9a-f-]{36})#([A-Za-z0-9_-]{43})/);
  if (!match) throw new Error(`No confirmation link in "${mail.subject}":\n${mail.body}`);
  return { proposalId: match[1], token: match[2] };
}

/** The catcher's header decoding may split words where an encoded subject was folded: subjects are compared without white space. */
const flat = (text: string) => text.replace(/\s/g, '');
const subjectStarts = (prefix: string) => (m: CaughtMail) => flat(m.subject).startsWith(flat(prefix));

async function outboxCount(t: TestApp, to: string, subject: RegExp): Promise<number> {
  const rows: Array<{ subject: string }> = await t.app.get(DataSource).query(`SELECT subject FROM outbox_mail WHERE lower(to_address) = lower($1)`, [to]);
  return rows.filter((r) => subject.test(r.subject)).length;
}

describe('the call’s decisions: prepared, previewed, sent once, confirmed, reminded, placed, in the book, counted', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;
  let stranger: Auth;
  let eventId: string;
  let slug: string;
  const reviewers: Record<string, string> = {};
  const sessions: Record<string, string> = {};
  const proposals: Record<string, string> = {};
  const people: Record<string, { auth: Auth; email: string }> = {};

  async function signUp(key: string, name: string, language: 'fr' | 'en'): Promise<void> {
    const email = `${key}-${slug}@example.org`;
    people[key] = { auth: (await signUpToCall(t, smtp, slug, { name, email, affiliation: 'Université Rennes 2', language })).auth, email };
  }

  async function propose(key: string, body: Record<string, unknown>, submit = true): Promise<string> {
    const created = await t.http().post('/api/me/proposals').set(people[key].auth).send({ typeKey: 'communication', ...body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    if (submit) {
      const submitted = await t.http().post(`/api/me/proposals/${created.body.id}/submit`).set(people[key].auth);
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    }
    return created.body.id;
  }

  const author = (name: string, presenting: boolean, extra: Record<string, unknown> = {}) => ({ name, presenting, affiliation: 'Université Rennes 2', ...extra });
  const admin = async (id: string) => (await t.http().get(`/api/events/${eventId}/call/proposals?limit=200`).set(owner).expect(200)).body.items.find((p: { id: string }) => p.id === id);

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '50',
      MESSAGES_TICK_MS: '3600000',
      RATE_LIMIT_LOGIN_PER_IP: '100000',
      RATE_LIMIT_ACCESS_PER_IP: '100000',
      RATE_LIMIT_REGISTRATION_PER_IP: '100000',
      RATE_LIMIT_REGISTRATION_PER_EMAIL: '1000',
    });
    owner = (await t.organiser()).auth;
    stranger = (await t.organiser()).auth;
    setClock(t, DURING);
    slug = `decide-${randomBytes(4).toString('hex')}`;
    eventId = (
      await t
        .http()
        .post('/api/events')
        .set(owner)
        .send({ slug, title: { fr: 'L’accompagnement par les pairs', en: 'Peer support' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-11-14', endDate: '2030-11-15', format: 'hybrid' })
        .expect(201)
    ).body.id;
    const person = async (name: string, email?: string) => (await t.http().post(`/api/events/${eventId}/people`).set(owner).send({ name, affiliation: 'Yale University', ...(email ? { email } : {}) }).expect(201)).body.id as string;
    reviewers.larry = await person('Larry Davidson');
    reviewers.chyrell = await person('Chyrell Bellamy');
    const chair = await person('Eve Gardien', `chair-${slug}@example.org`);
    const otherChair = await person('Christian Laval');
    // Already speaking in workshop B, 10:30–11:30: the same address as Bob's proposal's presenter.
    const busy = await person('Bob Smith', `bob-${slug}@example.org`);
    await t
      .http()
      .patch(`/api/events/${eventId}`)
      .set(owner)
      .send({ committees: { scientific: [{ personId: reviewers.larry }, { personId: reviewers.chyrell }] } })
      .expect(200);
    const session = async (type: string, title: string, startsAt: string, endsAt: string, stage: string, talks: unknown[] = [], chairs = [chair]) =>
      (
        await t
          .http()
          .post(`/api/events/${eventId}/sessions`)
          .set(owner)
          .send({ type, title: { fr: `${title} (fr)`, en: title }, startsAt, endsAt, stage, chairs: type === 'break' ? [] : chairs, talks })
          .expect(201)
      ).body.id as string;
    sessions.a = await session('workshop', 'Workshop A: the actors', '2030-11-14T10:00', '2030-11-14T11:00', 'Room A');
    sessions.b = await session('workshop', 'Workshop B: recognition', '2030-11-14T10:30', '2030-11-14T11:30', 'Room B', [
      { title: { en: 'An earlier talk' }, plannedMinutes: 20, speakers: [busy] },
    ], [otherChair]);
    sessions.pause = await session('break', 'Coffee', '2030-11-14T11:30', '2030-11-14T11:45', 'Room A');
    await t.http().post(`/api/events/${eventId}/publish`).set(owner).expect(200);
    await t
      .http()
      .put(`/api/events/${eventId}/call`)
      .set(owner)
      .send({ published: true, opensAt: OPENS, closesAt: CLOSES, editableUntil: null, themes: THEMES, types: TYPES, fields: { keywords: true, theme: true }, questions: [] })
      .expect(200);

    await Promise.all([
      signUp('alice', 'Élodie Lefèvre', 'fr'),
      signUp('bob', 'Bob Smith', 'en'),
      signUp('carol', 'Carol Jones', 'en'),
      signUp('dan', 'Daniel Ménard', 'fr'),
      signUp('erin', 'Erin Walsh', 'en'),
      signUp('frank', 'Frank Müller', 'en'),
    ]);
    proposals.alice = await propose('alice', {
      title: 'Les pairs « aidants » et l’expérience vécue',
      themeKey: 'actors',
      abstract: 'Une étude des pairs aidants en santé mentale à Rennes.\n\nDonnées : entretiens, observations ; résultats à l’appui.',
      keywords: ['pair-aidance', 'expérience'],
      authors: [author('Élodie Lefèvre', true, { email: people.alice.email }), author('Zoé Müller', false, { affiliation: 'Université de Lille' })],
    });
    proposals.bob = await propose('bob', {
      title: 'Peer workers in Housing First',
      themeKey: 'environments',
      abstract: 'Ethnography of peer workers in Housing First teams.',
      keywords: ['housing'],
      authors: [author('Bob Smith', true, { email: `bob-${slug}@example.org` })],
    });
    proposals.carol = await propose('carol', { title: 'A rejected idea', themeKey: 'aims', abstract: 'Too vague.', authors: [author('Carol Jones', true)] });
    proposals.dan = await propose('dan', { title: 'Un poster sur la reconnaissance', themeKey: 'recognition', abstract: 'Poster.', authors: [author('Daniel Ménard', true)] });
    proposals.erin = await propose('erin', { title: 'Withdrawn later', themeKey: 'aims', abstract: 'Withdrawn.', authors: [author('Erin Walsh', true)] });
    await t.http().post(`/api/me/proposals/${proposals.erin}/withdraw`).set(people.erin.auth).expect(200);
    proposals.frank = await propose('frank', { title: 'Only a draft', themeKey: 'aims', authors: [author('Frank Müller', true)] }, false);

    // The committee's reviews (the review routes are another part's; here their rows): Alice's by both, Carol's by Larry, Bob's assigned to Chyrell, not reviewed.
    const db = t.app.get(DataSource);
    const review = async (proposal: string, reviewer: string, comment: string | null) => {
      await db.query(`INSERT INTO review_assignment (submission_id, person_id, event_id) VALUES ($1, $2, $3)`, [proposal, reviewer, eventId]);
      if (comment !== null)
        await db.query(`INSERT INTO review (submission_id, person_id, event_id, scores, recommendation, comment_to_authors, comment_to_committee, submitted_at) VALUES ($1, $2, $3, '{}', 'accept', $4, 'Confidential: Larry Davidson thinks so', now())`, [
          proposal,
          reviewer,
          eventId,
          comment,
        ]);
    };
    await review(proposals.alice, reviewers.larry, 'Très belle proposition, précisez la méthode.');
    await review(proposals.alice, reviewers.chyrell, 'A strong case study.');
    await review(proposals.carol, reviewers.larry, 'The question is not stated.');
    await review(proposals.bob, reviewers.chyrell, null);
    setClock(t, DECIDED);
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('prepares decisions without sending anything; a withdrawn proposal cannot be decided, a draft is not seen, another event’s organiser gets 404', async () => {
    const decide = (id: string, body: object, auth: Auth = owner) => t.http().put(`/api/events/${eventId}/call/proposals/${id}/decision`).set(auth).send(body);
    const prepared = (await decide(proposals.alice, { decision: 'accepted', message: 'Bienvenue à Rennes !' }).expect(200)).body;
    assert.equal(prepared.preparedDecision, 'accepted');
    assert.equal(prepared.preparedMessage, 'Bienvenue à Rennes !');
    assert.equal(prepared.decision, null, 'the submitter’s view of the decision waits for the sending');
    assert.equal(prepared.state, 'submitted');
    assert.equal(prepared.decisionSentAt, null);
    await decide(proposals.bob, { decision: 'rejected' }).expect(200);
    await decide(proposals.bob, { decision: 'accepted', message: 'Welcome.' }).expect(200);
    await decide(proposals.carol, { decision: 'rejected', message: 'Thank you for your interest.' }).expect(200);
    await decide(proposals.dan, { decision: 'accepted_as_poster' }).expect(200);

    const withdrawn = await decide(proposals.erin, { decision: 'accepted' }).expect(409);
    assert.equal(withdrawn.body.code, 'PROPOSAL_NOT_EDITABLE');
    assert.equal(withdrawn.body.details.reason, 'withdrawn');
    assert.equal((await decide(proposals.frank, { decision: 'accepted' }).expect(404)).body.details.resource, 'proposal');
    assert.equal((await decide(proposals.alice, { decision: 'accepted' }, stranger).expect(404)).body.details.resource, 'event');
    await t.http().post(`/api/events/${eventId}/call/decisions/send`).set(stranger).send({}).expect(404);
    await t.http().get(`/api/events/${eventId}/call/statistics`).set(stranger).expect(404);
    await t.http().post(`/api/events/${eventId}/call/proposals/${proposals.alice}/place`).set(stranger).send({ sessionId: sessions.a }).expect(404);
    const bad = await decide(proposals.alice, { decision: 'maybe' }).set('Accept-Language', 'fr').expect(422);
    assert.ok(bad.body.fields.decision);
    await decide('not-a-uuid', { decision: 'accepted' }).expect(404);
    assert.equal(await outboxCount(t, people.alice.email, /Action/), 0);
  });

  it('previews every mail in its submitter’s language, the reviewers’ comments but never their names, and sends nothing', async () => {
    const preview = (await t.http().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({ preview: true, includeReviewerComments: true }).expect(200)).body;
    assert.equal(preview.previews.length, 4);
    const of = (id: string) => preview.previews.find((p: { proposalId: string }) => p.proposalId === id);
    assert.equal(of(proposals.alice).language, 'fr');
    assert.equal(of(proposals.alice).to, people.alice.email);
    assert.match(of(proposals.alice).subject, /^\[Action requise\] Votre proposition est acceptée/);
    assert.match(of(proposals.alice).text, /Bienvenue à Rennes !/);
    assert.match(of(proposals.alice).text, /Très belle proposition, précisez la méthode\./);
    assert.match(of(proposals.alice).text, /A strong case study\./);
    assert.doesNotMatch(of(proposals.alice).text, /Larry|Chyrell|Davidson|Bellamy|Confidential/);
    assert.ok(of(proposals.alice).text.includes(`/me?confirm=${proposals.alice}#…`), 'where the link leads, without anyone’s token');
    assert.match(of(proposals.bob).subject, /^\[Action required\] Your proposal is accepted: Peer workers in Housing First/);
    assert.match(of(proposals.dan).subject, /^\[Action requise\] Votre proposition est acceptée sous forme de poster/);
    assert.match(of(proposals.carol).subject, /^Decision on your proposal: A rejected idea/);
    assert.match(of(proposals.carol).text, /The question is not stated\./);
    assert.equal(await outboxCount(t, people.alice.email, /Action/), 0, 'a preview sends nothing');
    assert.equal((await admin(proposals.alice)).decisionSentAt, null, 'a preview changes nothing');
    const without = (await t.http().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({ preview: true }).expect(200)).body;
    assert.doesNotMatch(without.previews.find((p: { proposalId: string }) => p.proposalId === proposals.alice).text, /Très belle proposition/);
  });

  it('sends the decisions together, once even when two sends race, over SMTP in French and in English', async () => {
    const send = () => t.http().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({ includeReviewerComments: true });
    const [one, two] = await Promise.all([send(), send()]);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(two.status, 200, JSON.stringify(two.body));
    assert.equal(one.body.sent + two.body.sent, 4, `${JSON.stringify(one.body)} ${JSON.stringify(two.body)}`);
    assert.ok(one.body.sent === 0 || two.body.sent === 0, 'one send took them all');
    assert.deepEqual((await send().expect(200)).body, { sent: 0 }, 'nothing changed since: nothing to send');

    const french = await smtp.waitFor(people.alice.email, subjectStarts('[Action requise]'));
    // (The catcher's header decoding may split words where the encoded subject was folded: compared without spaces.)
    assert.equal(french.subject.replace(/\s/g, ''), '[Actionrequise]Votrepropositionestacceptée:Lespairs«aidants»etl’expériencevécue');
    assert.match(french.body, /Bienvenue à Rennes !/);
    assert.match(french.body, /Très belle proposition, précisez la méthode\./);
    assert.match(french.body, /Merci de confirmer avant le lundi 29 juillet 2030, 10:00 \(Europe\/Paris\)/);
    assert.doesNotMatch(french.body, /Larry|Chyrell|Davidson|Bellamy|Confidential/);
    assert.equal(confirmLink(french).proposalId, proposals.alice);
    const english = await smtp.waitFor(people.bob.email, subjectStarts('[Action required]'));
    assert.match(english.body, /Welcome\./);
    assert.match(english.body, /Please confirm by Monday 29 July 2030, 10:00 \(Europe\/Paris\)/);
    const rejection = await smtp.waitFor(people.carol.email, subjectStarts('Decision on your proposal'));
    assert.doesNotMatch(rejection.subject, /Action/);
    assert.match(rejection.body, /The question is not stated\./);
    assert.doesNotMatch(rejection.body, /confirm=/);
    await smtp.waitFor(people.dan.email, subjectStarts('[Action requise] Votre proposition est acceptée sous forme de poster'));
    for (const key of ['alice', 'bob', 'carol', 'dan']) assert.equal(await outboxCount(t, people[key].email, /Action|Decision|Décision/), 1, `${key} is mailed once`);

    const sent = await admin(proposals.alice);
    assert.equal(sent.state, 'accepted');
    assert.equal(sent.decision, 'accepted');
    assert.equal(sent.decisionSentAt, new Date(DECIDED).toISOString());
    assert.equal(sent.unconfirmed, false);
    // The submitter reads the decision, the message and the comments, never who wrote them.
    const mine = (await t.http().get(`/api/me/proposals/${proposals.alice}`).set(people.alice.auth).expect(200)).body;
    assert.equal(mine.decision, 'accepted');
    assert.deepEqual(mine.commentsToAuthors.sort(), ['A strong case study.', 'Très belle proposition, précisez la méthode.']);
    assert.doesNotMatch(JSON.stringify(mine), /Larry|Chyrell|Confidential/);
  });

  it('confirms in one click from the mail’s link; declines; idempotent; nobody else’s proposal; not a rejection', async () => {
    const mail = await smtp.waitFor(people.alice.email, subjectStarts('[Action requise]'));
    const { proposalId, token } = confirmLink(mail);
    const access = await t.http().post('/api/access').send({ token }).expect(200);
    const bearer = { Authorization: `Bearer ${access.body.accessToken}` };
    const confirmed = (await t.http().post(`/api/me/proposals/${proposalId}/confirmation`).set(bearer).send({ confirm: true }).expect(200)).body;
    assert.equal(confirmed.state, 'confirmed');
    assert.ok(confirmed.confirmedAt);
    const again = (await t.http().post(`/api/me/proposals/${proposalId}/confirmation`).set(bearer).send({ confirm: true }).expect(200)).body;
    assert.equal(again.confirmedAt, confirmed.confirmedAt, 'idempotent');

    assert.equal((await t.http().post(`/api/me/proposals/${proposals.alice}/confirmation`).set(people.bob.auth).send({ confirm: true }).expect(404)).body.details.resource, 'proposal');
    const rejected = await t.http().post(`/api/me/proposals/${proposals.carol}/confirmation`).set(people.carol.auth).send({ confirm: true }).expect(409);
    assert.equal(rejected.body.code, 'PROPOSAL_NOT_ACCEPTED');
    assert.equal(rejected.body.details.state, 'rejected');
    const withdrawn = await t.http().post(`/api/me/proposals/${proposals.erin}/confirmation`).set(people.erin.auth).send({ confirm: true }).expect(409);
    assert.equal(withdrawn.body.details.state, 'withdrawn');
    await t.http().post(`/api/me/proposals/${proposals.alice}/confirmation`).set(owner).send({ confirm: true }).expect(403);
    await t.http().post(`/api/me/proposals/${proposals.alice}/confirmation`).set(bearer).send({ confirm: 'yes' }).expect(422);

    const declined = (await t.http().post(`/api/me/proposals/${proposals.dan}/confirmation`).set(people.dan.auth).send({ confirm: false }).expect(200)).body;
    assert.equal(declined.state, 'declined');
    const late = await t.http().post(`/api/me/proposals/${proposals.dan}/confirmation`).set(people.dan.auth).send({ confirm: true }).expect(409);
    assert.equal(late.body.details.state, 'declined');
    assert.equal((await admin(proposals.dan)).state, 'declined', 'the organisers see it');
  });

  it('reminds the unconfirmed once, 7 days after the decision, and flags them to the organisers', async () => {
    setClock(t, '2030-07-21T08:00:00Z');
    assert.equal((await runDue(t)).confirmationReminders, 0, 'not before 7 days');
    setClock(t, '2030-07-22T09:00:00Z');
    // Two processes' passes at once (the job itself, as each process's scheduler runs it): one claims the reminder.
    const job = t.app.get(CallDecisionsService);
    const raced = await Promise.all([job.sendConfirmationReminders(new Date('2030-07-22T09:00:00Z')), job.sendConfirmationReminders(new Date('2030-07-22T09:00:00Z'))]);
    assert.deepEqual(raced.sort(), [0, 1], 'Bob only: Alice confirmed, Dan declined, Carol was rejected');
    const [first, second] = [await runDue(t), await runDue(t)];
    assert.equal(first.confirmationReminders, 0, 'already sent');
    assert.equal(second.confirmationReminders, 0);
    const reminder = await smtp.waitFor(people.bob.email, subjectStarts('[Action required] Reminder'));
    assert.equal(confirmLink(reminder).proposalId, proposals.bob);
    assert.match(reminder.body, /Please confirm by Monday 29 July 2030, 10:00/);
    assert.equal(await outboxCount(t, people.bob.email, /Reminder/), 1);
    assert.equal((await admin(proposals.bob)).unconfirmed, true);
    assert.equal((await t.http().get(`/api/events/${eventId}/call/statistics`).set(owner).expect(200)).body.unconfirmed, 1);
    assert.equal((await admin(proposals.alice)).unconfirmed, false);
  });

  it('places an accepted proposal in a workshop under the programme’s rules: people, talk, a move, conflicts refused; the speakers get their links', async () => {
    const place = (id: string, body: object) => t.http().post(`/api/events/${eventId}/call/proposals/${id}/place`).set(owner).send(body);
    const pause = await place(proposals.alice, { sessionId: sessions.pause }).expect(422);
    assert.equal(pause.body.issues[0].params.rule, 'session_not_workshop');
    assert.equal((await place(proposals.carol, { sessionId: sessions.a }).expect(409)).body.details.state, 'rejected');
    assert.equal((await place(proposals.dan, { sessionId: sessions.a }).expect(409)).body.details.state, 'declined');
    const exceeding = await place(proposals.alice, { sessionId: sessions.a, plannedMinutes: 90 }).expect(409);
    assert.equal(exceeding.body.code, 'PROGRAMME_CONFLICT');
    assert.equal(exceeding.body.details.conflicts[0].kind, 'talks_exceed_session');

    const placed = (await place(proposals.alice, { sessionId: sessions.b, plannedMinutes: 20 }).expect(200)).body;
    const moved = (await place(proposals.alice, { sessionId: sessions.a, plannedMinutes: 25 }).expect(200)).body;
    assert.equal(moved.talkId, placed.talkId, 'placing again moves the same talk');
    const b = (await t.http().get(`/api/events/${eventId}/sessions/${sessions.b}`).set(owner).expect(200)).body;
    assert.deepEqual(b.talks.map((x: { title: { en?: string } }) => x.title.en), ['An earlier talk']);
    const a = (await t.http().get(`/api/events/${eventId}/sessions/${sessions.a}`).set(owner).expect(200)).body;
    assert.equal(a.talks.length, 1);
    assert.deepEqual(a.talks[0].title, { fr: 'Les pairs « aidants » et l’expérience vécue' });
    assert.match(a.talks[0].abstract.fr, /pairs aidants en santé mentale/);
    assert.equal(a.talks[0].plannedMinutes, 25);
    assert.deepEqual(a.talks[0].speakers.map((s: { name: string; affiliation: string }) => [s.name, s.affiliation]), [['Élodie Lefèvre', 'Université Rennes 2']]);
    assert.equal((await admin(proposals.alice)).talkId, placed.talkId);

    // Bob presents in workshop B at 10:30 already (the same address): workshop A at 10:00 overlaps.
    const peopleBefore = (await t.http().get(`/api/events/${eventId}/people`).set(owner).expect(200)).body.length;
    const overlap = await place(proposals.bob, { sessionId: sessions.a, plannedMinutes: 20 }).expect(409);
    assert.equal(overlap.body.code, 'PROGRAMME_CONFLICT');
    assert.equal(overlap.body.details.conflicts[0].kind, 'person_overlap');
    assert.equal(overlap.body.details.conflicts[0].personName, 'Bob Smith');
    assert.equal((await t.http().get(`/api/events/${eventId}/people`).set(owner).expect(200)).body.length, peopleBefore, 'the existing person was reused, and nothing was written');
    assert.equal((await admin(proposals.bob)).talkId, null);

    // The programme's own "Send invitations" mails the new speaker their link.
    const invited = (await t.http().post(`/api/events/${eventId}/invitations`).set(owner).send({}).expect(200)).body;
    assert.ok(invited.invited.some((p: { name: string }) => p.name === 'Élodie Lefèvre'), JSON.stringify(invited));
    const invitation = await smtp.waitFor(people.alice.email, (m) => m.subject.replace(/\s/g, '').startsWith('Votrelienpersonnelpour'));
    const speaker = await t.http().post('/api/access').send({ token: linkToken(invitation) }).expect(200);
    const space = (await t.http().get('/api/me').set({ Authorization: `Bearer ${speaker.body.accessToken}` }).expect(200)).body;
    assert.equal(space.person.name, 'Élodie Lefèvre');
    assert.equal(space.sessions.find((s: { id: string }) => s.id === sessions.a).role, 'speaker');
  });

  it('publishes the book of abstracts as JSON, CSV and PDF: the confirmed ones, by session then by theme', async () => {
    await t.http().post(`/api/me/proposals/${proposals.bob}/confirmation`).set(people.bob.auth).send({ confirm: true }).expect(200);
    const book = (await t.http().get(`/api/public/events/${slug}/abstracts`).expect(200)).body;
    assert.equal(book.event.slug, slug);
    assert.deepEqual(
      book.sessions.map((g: { sessionId: string | null; themeKey: string | null; abstracts: Array<{ title: string }> }) => [g.sessionId, g.themeKey, g.abstracts.map((x) => x.title)]),
      [
        [sessions.a, null, ['Les pairs « aidants » et l’expérience vécue']],
        [null, 'environments', ['Peer workers in Housing First']],
      ],
    );
    assert.deepEqual(book.sessions[0].abstracts[0].authors, [
      { name: 'Élodie Lefèvre', affiliation: 'Université Rennes 2', presenting: true },
      { name: 'Zoé Müller', affiliation: 'Université de Lille', presenting: false },
    ]);
    assert.doesNotMatch(JSON.stringify(book), /example\.org/, 'no e-mail address in the public book');

    const json = await t.http().get(`/api/public/events/${slug}/abstracts.json`).expect(200);
    assert.match(json.headers['content-disposition'], /attachment; filename=".*-abstracts\.json"/);
    assert.deepEqual(json.body, book);

    const csv = await t.http().get(`/api/public/events/${slug}/abstracts.csv`).expect(200);
    assert.match(csv.headers['content-type'], /text\/csv/);
    assert.ok(csv.text.startsWith('\ufeffsession,theme,type,title,authors,affiliations,keywords,abstract'));
    assert.match(csv.text, /Workshop A: the actors \(fr\),Les acteurs et leurs interactions,Communication,Les pairs « aidants » et l’expérience vécue,Élodie Lefèvre \*; Zoé Müller,Université Rennes 2; Université de Lille,pair-aidance; expérience,/);
    assert.match(csv.text, /,Les environnements,Communication,Peer workers in Housing First,Bob Smith \*,/);

    const pdf = await t
      .http()
      .get(`/api/public/events/${slug}/abstracts.pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.match(pdf.headers['content-type'], /application\/pdf/);
    const pages = await pdfText(pdf.body as Buffer);
    const all = pages.join('\n');
    assert.match(pages[0], /L’accompagnement par les pairs/);
    assert.match(pages[0], /Livre des résumés/);
    assert.match(pages[1], /Sommaire/);
    assert.match(pages[1], /Les pairs « aidants » et l’expérience vécue/);
    assert.match(all, /Élodie Lefèvre¹\*, Zoé Müller²/);
    assert.match(all, /Université de Lille/);
    assert.match(all, /Mots-clés\s?: pair-aidance, expérience/);
    assert.match(all, /Peer workers in Housing First/);
    assert.match(all, /Les environnements/);
    assert.match(pages[pages.length - 1], new RegExp(`${pages.length} / ${pages.length}`));
    const english = await pdfText(
      (
        await t
          .http()
          .get(`/api/public/events/${slug}/abstracts.pdf?lang=en`)
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200)
      ).body as Buffer,
    );
    assert.match(english[0], /Peer support/);
    assert.match(english[0], /Book of abstracts/);

    // Not public before the call is.
    await t.http().put(`/api/events/${eventId}/call`).set(owner).send({ published: false }).expect(200);
    assert.equal((await t.http().get(`/api/public/events/${slug}/abstracts`).expect(404)).body.details.resource, 'call');
    await t.http().get(`/api/public/events/${slug}/abstracts.pdf`).expect(404);
    await t.http().put(`/api/events/${eventId}/call`).set(owner).send({ published: true }).expect(200);
    await t.http().get(`/api/public/events/nobody-${slug}/abstracts.csv`).expect(404);
  });

  it('counts the funnel in SQL, overall and per theme', async () => {
    const stats = (await t.http().get(`/api/events/${eventId}/call/statistics`).set(owner).expect(200)).body;
    assert.deepEqual(stats.funnel, { drafts: 1, submitted: 4, reviewed: 2, accepted: 3, confirmed: 2, withdrawn: 1, rejected: 1 });
    assert.equal(stats.unconfirmed, 0, 'Bob confirmed after his reminder');
    const theme = (key: string) => stats.byTheme.find((x: { themeKey: string }) => x.themeKey === key);
    assert.deepEqual(stats.byTheme.map((x: { themeKey: string }) => x.themeKey), ['actors', 'environments', 'aims', 'recognition']);
    assert.deepEqual(theme('actors'), { themeKey: 'actors', drafts: 0, submitted: 1, reviewed: 1, accepted: 1, confirmed: 1, withdrawn: 0, rejected: 0 });
    assert.deepEqual(theme('aims'), { themeKey: 'aims', drafts: 1, submitted: 1, reviewed: 1, accepted: 0, confirmed: 0, withdrawn: 1, rejected: 1 });
    assert.deepEqual(theme('recognition'), { themeKey: 'recognition', drafts: 0, submitted: 1, reviewed: 0, accepted: 1, confirmed: 0, withdrawn: 0, rejected: 0 });
  });

  it('sends a changed decision again, once, and asks anew', async () => {
    await t.http().put(`/api/events/${eventId}/call/proposals/${proposals.dan}/decision`).set(owner).send({ decision: 'rejected', message: 'Le poster ne pourra pas être présenté.' }).expect(200);
    await t.http().put(`/api/events/${eventId}/call/proposals/${proposals.alice}/decision`).set(owner).send({ decision: 'accepted', message: 'Un autre message.' }).expect(200);
    const preview = (await t.http().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({ preview: true }).expect(200)).body;
    assert.deepEqual(preview.previews.map((p: { proposalId: string }) => p.proposalId), [proposals.dan], 'only a changed decision goes again (a new message alone does not)');
    assert.deepEqual((await t.http().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({}).expect(200)).body, { sent: 1 });
    await smtp.waitFor(people.dan.email, subjectStarts('Décision sur votre proposition'));
    const dan = await admin(proposals.dan);
    assert.equal(dan.state, 'rejected');
    assert.equal(dan.declinedAt, null, 'the refusal answered the earlier decision');
    assert.equal((await t.http().get(`/api/events/${eventId}/call/statistics`).set(owner).expect(200)).body.funnel.rejected, 2);
  });
});

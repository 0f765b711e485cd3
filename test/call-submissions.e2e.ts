import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { setClock } from './support/clock';
import { signUpToCall } from './support/call';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { DemoService } from '../apps/api/src/demo/demo.service';

type Auth = { Authorization: string };
/** A subject without its spaces: the catcher joins the encoded words of a long subject with one. */
const squash = (subject: string) => subject.replace(/\s/g, '');


// The call of a conference on 14 November 2030 in Rennes (Europe/Paris): open from 1 March (UTC+1)
// to 30 May (UTC+2), changes until 10 June.
const OPENS = '2030-03-01T09:00:00+01:00';
const CLOSES = '2030-05-30T23:59:00+02:00';
const EDITABLE = '2030-06-10T12:00:00+02:00';
const DURING = '2030-04-15T10:00:00Z';

const THEMES = [
  { key: 'actors', title: { fr: 'Les acteurs et leurs interactions', en: 'The actors and their interactions' } },
  { key: 'environments', title: { fr: 'Les environnements', en: 'Environments' } },
  { key: 'aims', title: { fr: 'Les finalités et effets pratiques', en: 'The aims and practical effects' } },
  { key: 'recognition', title: { fr: 'La reconnaissance', en: 'Recognition' } },
];
const TYPES = [
  { key: 'communication', title: { fr: 'Communication', en: 'Paper' }, limit: { unit: 'characters', max: 3000 } },
  { key: 'poster', title: { fr: 'Poster', en: 'Poster' }, limit: { unit: 'words', max: 5 } },
];

interface EventFixture {
  id: string;
  slug: string;
  committee: string[];
}

async function makeEvent(t: TestApp, owner: Auth, committeeSize = 2): Promise<EventFixture> {
  const slug = `call-${randomBytes(4).toString('hex')}`;
  const event = (
    await t
      .http()
      .post('/api/events')
      .set(owner)
      .send({ slug, title: { fr: 'Colloque', en: 'Conference' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-11-14', endDate: '2030-11-15', format: 'hybrid' })
      .expect(201)
  ).body as { id: string };
  const committee: string[] = [];
  for (let i = 0; i < committeeSize; i++)
    committee.push((await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: `Reviewer ${i} ${slug}`, affiliation: `Lab ${i}` }).expect(201)).body.id);
  await t
    .http()
    .patch(`/api/events/${event.id}`)
    .set(owner)
    .send({ committees: { scientific: committee.map((personId) => ({ personId })) } })
    .expect(200);
  await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
  return { id: event.id, slug, committee };
}

const callBody = (extra: Record<string, unknown> = {}) => ({
  published: true,
  opensAt: OPENS,
  closesAt: CLOSES,
  editableUntil: EDITABLE,
  argument: { fr: 'Argumentaire', en: 'Argument' },
  themes: THEMES,
  types: TYPES,
  fields: { keywords: true, theme: true },
  questions: [
    { key: 'video', label: { fr: 'Présentation en vidéo ?', en: 'Video presentation?' }, kind: 'yes_no', required: true },
    { key: 'level', label: { fr: 'Niveau', en: 'Level' }, kind: 'choice', options: [{ key: 'intro', label: { en: 'Intro' } }, { key: 'advanced', label: { en: 'Advanced' } }], required: false },
  ],
  maxProposalsPerSubmitter: 3,
  ...extra,
});

describe('the call for communications: settings, submitters, proposals', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;
  let stranger: Auth;
  let ev: EventFixture;

  /** Signs up, follows the mailed link and answers a bearer header for the submitter. */
  async function submitter(name: string, language: 'fr' | 'en' = 'en', event = ev): Promise<{ auth: Auth; email: string }> {
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomBytes(3).toString('hex')}@example.org`;
    // Upper-cased: the address is kept lower-cased, and the mail goes to it.
    return { auth: (await signUpToCall(t, smtp, event.slug, { name, email: email.toUpperCase(), affiliation: 'Université Rennes 2', language })).auth, email };
  }

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', RATE_LIMIT_LOGIN_PER_IP: '100000', RATE_LIMIT_REGISTRATION_PER_IP: '100000', RATE_LIMIT_REGISTRATION_PER_EMAIL: '1000' });
    owner = (await t.organiser()).auth;
    stranger = (await t.organiser()).auth;
    ev = await makeEvent(t, owner);
    setClock(t, DURING);
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('validates the settings field by field, in English and in French, and answers them in the event’s zone', async () => {
    await t.http().get(`/api/events/${ev.id}/call`).set(owner).expect(404);
    const missing = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send({ published: false }).expect(422);
    assert.deepEqual(Object.keys(missing.body.fields).sort(), ['closesAt', 'opensAt', 'types']);
    assert.equal(missing.body.fields.opensAt, 'Required.');
    const french = await t.http().put(`/api/events/${ev.id}/call`).set(owner).set('Accept-Language', 'fr').send({ published: false }).expect(422);
    assert.equal(french.body.fields.types, 'Obligatoire.');

    const backwards = await t.http().put(`/api/events/${ev.id}/call`).set(owner).set('Accept-Language', 'fr').send(callBody({ closesAt: '2030-02-01T09:00:00+01:00' })).expect(422);
    assert.equal(backwards.body.issues[0].params.rule, 'closes_after_opens');
    assert.match(backwards.body.fields.closesAt, /L’appel doit se clore après son ouverture/);
    // (closesAt before opensAt also puts the deadline for changes after the close: only that one rule is said.)
    const early = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send(callBody({ editableUntil: '2030-05-01T00:00:00+02:00' })).expect(422);
    assert.deepEqual(early.body.issues.map((i: { params: { rule: string } }) => i.params.rule), ['editable_after_closes']);
    assert.match(early.body.fields.editableUntil, /cannot come before the call closes/);
    const twice = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send(callBody({ themes: [THEMES[0], THEMES[0]] })).expect(422);
    assert.ok(twice.body.fields.themes, JSON.stringify(twice.body));
    const badDate = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send(callBody({ opensAt: '2030-03-01 09:00' })).expect(422);
    assert.ok(badDate.body.fields.opensAt);
    const year0 = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send(callBody({ closesAt: '0000-01-01T00:00:00Z' })).expect(422);
    assert.equal(year0.body.issues[0].code, 'date_out_of_range');
    const noOptions = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send(callBody({ questions: [{ key: 'q', label: { en: 'Q' }, kind: 'choice' }] })).expect(422);
    assert.ok(noOptions.body.fields['questions.0.options']);
    const types = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send(callBody({ types: [] })).expect(422);
    assert.ok(types.body.fields.types);

    const created = (await t.http().put(`/api/events/${ev.id}/call`).set(owner).send(callBody({ published: false })).expect(200)).body;
    assert.equal(created.timeZone, 'Europe/Paris');
    assert.equal(created.opensAt, '2030-03-01T09:00:00+01:00');
    assert.equal(created.closesAt, '2030-05-30T23:59:00+02:00');
    assert.equal(created.state, 'unpublished');
    assert.equal(created.committee.length, 2);
    assert.equal(created.reviewersPerProposal, 2);
    // An update changes only what it names, and still checks the dates against the stored ones.
    const moved = (await t.http().put(`/api/events/${ev.id}/call`).set(owner).send({ reviewersPerProposal: 3 }).expect(200)).body;
    assert.equal(moved.reviewersPerProposal, 3);
    assert.equal(moved.themes.length, 4);
    const late = await t.http().put(`/api/events/${ev.id}/call`).set(owner).send({ closesAt: '2030-07-01T00:00:00+02:00' }).expect(422);
    assert.equal(late.body.issues[0].params.rule, 'editable_after_closes');
    // Another organiser: the event does not exist for them.
    await t.http().get(`/api/events/${ev.id}/call`).set(stranger).expect(404);
    await t.http().put(`/api/events/${ev.id}/call`).set(stranger).send({ published: true }).expect(404);
  });

  it('publishes the call with its state before, during and after, and takes sign-ups only while open', async () => {
    const notYet = await t.http().get(`/api/public/events/${ev.slug}/call`).expect(404);
    assert.equal(notYet.body.details.resource, 'call');
    await t.http().put(`/api/events/${ev.id}/call`).set(owner).send({ published: true }).expect(200);
    const email = `early-${randomBytes(3).toString('hex')}@example.org`;

    setClock(t, '2030-02-01T10:00:00Z');
    const upcoming = (await t.http().get(`/api/public/events/${ev.slug}/call`).expect(200)).body;
    assert.equal(upcoming.state, 'upcoming');
    assert.equal(upcoming.timeZone, 'Europe/Paris');
    assert.deepEqual(upcoming.committee.map((c: { name: string }) => c.name).length, 2);
    assert.equal('criteria' in upcoming, false, 'the review form is the organisers’');
    const early = await t.http().post(`/api/public/events/${ev.slug}/call/submitters`).send({ name: 'Early', email, language: 'en' }).expect(409);
    assert.equal(early.body.code, 'CALL_NOT_OPEN');
    assert.deepEqual(early.body.details, { opensAt: OPENS, timeZone: 'Europe/Paris' });

    setClock(t, DURING);
    assert.equal((await t.http().get(`/api/public/events/${ev.slug}/call`).expect(200)).body.state, 'open');

    setClock(t, '2030-06-01T10:00:00Z');
    assert.equal((await t.http().get(`/api/public/events/${ev.slug}/call`).expect(200)).body.state, 'closed');
    const late = await t.http().post(`/api/public/events/${ev.slug}/call/submitters`).set('Accept-Language', 'fr').send({ name: 'Late', email, language: 'fr' }).expect(409);
    assert.equal(late.body.code, 'CALL_CLOSED');
    assert.deepEqual(late.body.details, { closedAt: CLOSES, timeZone: 'Europe/Paris' });
    assert.match(late.body.message, /L’appel à communications a été clos le/);
    setClock(t, DURING);

    // A draft event's call is nobody's business.
    const hidden = await t.http().post('/api/events').set(owner).send({ slug: `hidden-${ev.slug}`, title: { en: 'Hidden' }, mainLanguage: 'en', timeZone: 'UTC', startDate: '2030-11-14', endDate: '2030-11-14', format: 'online' }).expect(201);
    await t.http().put(`/api/events/${hidden.body.id}/call`).set(owner).send(callBody()).expect(200);
    assert.equal((await t.http().get(`/api/public/events/hidden-${ev.slug}/call`).expect(404)).body.details.resource, 'call');
  });

  it('signs up without an account, drafts, checks the length on submission, acknowledges, edits until the deadline, then refuses', async () => {
    setClock(t, DURING);
    const email = `alice-${randomBytes(3).toString('hex')}@example.org`;
    const answer = await t.http().post(`/api/public/events/${ev.slug}/call/submitters`).set('Accept-Language', 'fr').send({ name: 'Alice Martin', email: email.toUpperCase(), affiliation: 'Université Rennes 2', language: 'fr' }).expect(202);
    assert.match(answer.body.message, /lien personnel/);
    const first = await smtp.waitFor(email);
    assert.match(squash(first.subject), /Votrelienpourproposerdescommunications/);
    // Signing up again: the same submitter, a fresh link; the previous one stops working.
    const count = smtp.mails.length;
    await t.http().post(`/api/public/events/${ev.slug}/call/submitters`).send({ name: 'Someone Else', email, language: 'en' }).expect(202);
    const second = await smtp.waitFor(email, (m) => smtp.mails.indexOf(m) >= count);
    assert.match(squash(second.subject), /Votrelien/, 'in the submitter’s own language, unchanged');
    assert.notEqual(linkToken(second), linkToken(first));
    assert.equal((await t.http().post('/api/access').send({ token: linkToken(first) })).status, 401);
    const access = await t.http().post('/api/access').send({ token: linkToken(second) }).expect(200);
    const auth = { Authorization: `Bearer ${access.body.accessToken}` };

    const me = (await t.http().get('/api/me').set(auth).expect(200)).body;
    assert.equal(me.submitter.name, 'Alice Martin');
    const space = (await t.http().get('/api/me/proposals').set(auth).expect(200)).body;
    assert.equal(space.submitter.email, email, 'lower-cased');
    assert.equal(space.call.state, 'open');
    assert.deepEqual(space.proposals, []);

    // A draft: the type and the title are enough; the submitter is its presenting author.
    const unknown = await t.http().post('/api/me/proposals').set(auth).send({ typeKey: 'keynote', title: 'x', themeKey: 'nowhere' }).expect(422);
    assert.deepEqual(unknown.body.issues.map((i: { params: { rule: string } }) => i.params.rule).sort(), ['unknown_theme', 'unknown_type']);
    const draft = (await t.http().post('/api/me/proposals').set(auth).send({ typeKey: 'communication', title: 'La pair-aidance en pratique' }).expect(201)).body;
    assert.equal(draft.state, 'draft');
    assert.deepEqual(draft.authors, [{ name: 'Alice Martin', affiliation: 'Université Rennes 2', email, presenting: true }]);
    assert.deepEqual(draft.length, { count: 0, max: 3000, unit: 'characters' });
    assert.equal(draft.editableUntil, EDITABLE);

    // Too long is fine while it is written; submitting says the count and the limit.
    const long = 'é'.repeat(3001);
    const edited = (await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ abstract: long, themeKey: 'actors' }).expect(200)).body;
    assert.deepEqual(edited.length, { count: 3001, max: 3000, unit: 'characters' });
    const tooLong = await t.http().post(`/api/me/proposals/${draft.id}/submit`).set(auth).set('Accept-Language', 'fr').expect(422);
    const issue = tooLong.body.issues.find((i: { path: string[] }) => i.path[0] === 'abstract');
    assert.deepEqual(issue.params, { count: 3001, maximum: 3000, rule: 'abstract_too_long_characters' });
    assert.match(tooLong.body.fields.abstract, /Le résumé compte 3.?001 caractères/);
    assert.equal(tooLong.body.issues.find((i: { path: string[] }) => i.path[0] === 'answers').params.rule, 'answer_required');

    // A poster counts words (l'état is one word).
    const poster = (await t.http().post('/api/me/proposals').set(auth).send({ typeKey: 'poster', title: 'Poster', themeKey: 'aims', abstract: 'l’état des lieux du soutien mutuel', answers: { video: false } }).expect(201)).body;
    assert.deepEqual(poster.length, { count: 6, max: 5, unit: 'words' });
    const words = await t.http().post(`/api/me/proposals/${poster.id}/submit`).set(auth).expect(422);
    assert.deepEqual(words.body.issues[0].params, { count: 6, maximum: 5, rule: 'abstract_too_long_words' });
    assert.match(words.body.fields.abstract, /The abstract has 6 words; this type of proposal takes at most 5/);

    // The other rules of submission.
    const noPresenter = await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ authors: [{ name: 'Alice Martin', presenting: false }], answers: { video: 'yes' } }).expect(422);
    assert.equal(noPresenter.body.issues[0].params.rule, 'answer_kind', 'a draft is checked for what it says, not for what it lacks');
    await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ answers: { nope: 1 } }).expect(422);
    await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ answers: { level: 'expert' } }).expect(422);
    const outsider = await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ conflictPersonIds: [ev.committee[0], '00000000-0000-4000-8000-000000000000'] }).expect(422);
    assert.deepEqual(outsider.body.issues.map((i: { path: Array<string | number> }) => i.path), [['conflictPersonIds', 1]]);
    await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ abstract: 'Un résumé 🎉 court.', authors: [{ name: 'Alice Martin', presenting: false }, { name: 'Bob Smith', presenting: false }], themeKey: null, answers: { video: true } }).expect(200);
    const rules = await t.http().post(`/api/me/proposals/${draft.id}/submit`).set(auth).expect(422);
    assert.deepEqual(rules.body.issues.map((i: { params: { rule: string } }) => i.params.rule).sort(), ['presenter_required', 'theme_required']);

    const fixed = (
      await t
        .http()
        .patch(`/api/me/proposals/${draft.id}`)
        .set(auth)
        .send({ themeKey: 'actors', authors: [{ name: 'Alice Martin', presenting: true }, { name: 'Bob Smith', affiliation: 'EHESP', presenting: false }], conflictPersonIds: [ev.committee[0]] })
        .expect(200)
    ).body;
    assert.deepEqual(fixed.length, { count: 18, max: 3000, unit: 'characters' }, 'an emoji is one character');
    const submitted = (await t.http().post(`/api/me/proposals/${draft.id}/submit`).set(auth).expect(200)).body;
    assert.equal(submitted.state, 'submitted');
    assert.ok(submitted.submittedAt);
    const ack = await smtp.waitFor(email, (m) => /Propositionreçue/.test(squash(m.subject)));
    assert.match(squash(ack.subject), /Lapair-aidanceenpratique/);
    assert.match(ack.body, /10 juin 2030, 12:00 \(Europe\/Paris\)/);
    assert.equal(linkToken(ack), linkToken(second), 'the link in use, not a new one');
    // Submitting again changes nothing (and mails nothing).
    await t.http().post(`/api/me/proposals/${draft.id}/submit`).set(auth).expect(200);

    // Still editable until the deadline for changes, and still checked in full.
    setClock(t, '2030-06-05T10:00:00Z');
    const renamed = (await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ title: 'La pair-aidance en pratique (version 2)' }).expect(200)).body;
    assert.equal(renamed.state, 'submitted');
    const broken = await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ abstract: long }).expect(422);
    assert.equal(broken.body.issues[0].params.rule, 'abstract_too_long_characters', 'a submitted proposal never becomes invalid');
    await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ abstract: '' }).expect(422);
    // The call is closed: a draft can no longer be submitted, saying when it closed.
    const closed = await t.http().post(`/api/me/proposals/${poster.id}/submit`).set(auth).expect(409);
    assert.equal(closed.body.code, 'CALL_CLOSED');
    assert.deepEqual(closed.body.details, { closedAt: CLOSES, timeZone: 'Europe/Paris' });
    assert.match(closed.body.message, /closed on/);
    await t.http().post('/api/me/proposals').set(auth).send({ typeKey: 'poster', title: 'Late' }).expect(409);

    setClock(t, '2030-06-10T10:00:01Z');
    const tooLate = await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ title: 'Too late' }).expect(409);
    assert.equal(tooLate.body.code, 'PROPOSAL_NOT_EDITABLE');
    assert.deepEqual(tooLate.body.details, { timeZone: 'Europe/Paris', reason: 'deadline', editableUntil: EDITABLE });
    assert.equal((await t.http().post(`/api/me/proposals/${draft.id}/withdraw`).set(auth).expect(409)).body.details.reason, 'deadline');
    const view = (await t.http().get(`/api/me/proposals/${draft.id}`).set(auth).expect(200)).body;
    assert.equal(view.editableUntil, null);

    // Before the deadline, a proposal is withdrawn, and then stays so.
    setClock(t, '2030-06-02T10:00:00Z');
    const withdrawn = (await t.http().post(`/api/me/proposals/${draft.id}/withdraw`).set(auth).expect(200)).body;
    assert.equal(withdrawn.state, 'withdrawn');
    assert.equal(withdrawn.editableUntil, null);
    assert.equal((await t.http().patch(`/api/me/proposals/${draft.id}`).set(auth).send({ title: 'Back' }).expect(409)).body.details.reason, 'withdrawn');
    assert.equal((await t.http().post(`/api/me/proposals/${draft.id}/submit`).set(auth).expect(409)).body.details.reason, 'withdrawn');
    setClock(t, DURING);
  });

  it('keeps to the limit per person under five simultaneous creations; withdrawing frees a place', async () => {
    setClock(t, DURING);
    const { auth } = await submitter('Concurrent Carla');
    const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => t.http().post('/api/me/proposals').set(auth).send({ typeKey: 'communication', title: `Proposal ${i}` })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 201, 201, 409, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    assert.equal(refused.body.code, 'PROPOSAL_LIMIT_REACHED');
    assert.deepEqual(refused.body.details, { max: 3 });
    const mine = (await t.http().get('/api/me/proposals').set(auth).expect(200)).body.proposals;
    assert.equal(mine.length, 3);
    await t.http().post(`/api/me/proposals/${mine[0].id}/withdraw`).set(auth).expect(200);
    await t.http().post('/api/me/proposals').set(auth).send({ typeKey: 'communication', title: 'Proposal 5' }).expect(201);
    await t.http().post('/api/me/proposals').set(auth).send({ typeKey: 'communication', title: 'Proposal 6' }).expect(409);
  });

  it('scopes everything: another submitter’s proposal, another kind of link, another event’s organiser', async () => {
    setClock(t, DURING);
    const dan = await submitter('Dan Dupont');
    const eve = await submitter('Eve Durand', 'fr');
    const dans = (await t.http().post('/api/me/proposals').set(dan.auth).send({ typeKey: 'communication', title: 'Dan’s' }).expect(201)).body;
    for (const [method, path] of [
      ['get', `/api/me/proposals/${dans.id}`],
      ['patch', `/api/me/proposals/${dans.id}`],
      ['post', `/api/me/proposals/${dans.id}/submit`],
      ['post', `/api/me/proposals/${dans.id}/withdraw`],
    ] as const) {
      const res = await t.http()[method](path).set(eve.auth).send(method === 'patch' ? { title: 'Mine now' } : undefined);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.details.resource, 'proposal');
    }
    assert.equal((await t.http().get('/api/me/proposals/not-a-uuid').set(eve.auth).expect(404)).body.details.resource, 'proposal');
    assert.equal((await t.http().get('/api/me/proposals').set(eve.auth).expect(200)).body.proposals.length, 0);

    // An attendee's link is not a submitter's.
    const attendeeEmail = `attendee-${ev.slug}@example.org`;
    await t.http().post(`/api/events/${ev.id}/registrations`).set(owner).send({ name: 'Ann Attendee', email: attendeeEmail, language: 'en', privacyConsent: true }).expect(201);
    const attendee = await t.http().post('/api/access').send({ token: linkToken(await smtp.waitFor(attendeeEmail)) }).expect(200);
    const forbidden = await t.http().get('/api/me/proposals').set({ Authorization: `Bearer ${attendee.body.accessToken}` }).expect(403);
    assert.equal(forbidden.body.code, 'LINK_NOT_SUBMITTER');
    await t.http().post('/api/me/proposals').set({ Authorization: `Bearer ${attendee.body.accessToken}` }).send({ typeKey: 'communication', title: 'x' }).expect(403);
    await t.http().get('/api/me/proposals').set(owner).expect(403);

    // A submitter of another event reaches nothing here, and the other event's organiser nothing either.
    const other = await makeEvent(t, stranger, 1);
    await t.http().put(`/api/events/${other.id}/call`).set(stranger).send(callBody()).expect(200);
    const foreign = await submitter('Fay Foreign', 'en', other);
    await t.http().get(`/api/me/proposals/${dans.id}`).set(foreign.auth).expect(404);
    const theirs = (await t.http().post('/api/me/proposals').set(foreign.auth).send({ typeKey: 'communication', title: 'Elsewhere' }).expect(201)).body;
    await t.http().get(`/api/me/proposals/${theirs.id}`).set(dan.auth).expect(404);
    // Conflicts name the committee of the proposal's own event.
    await t.http().patch(`/api/me/proposals/${theirs.id}`).set(foreign.auth).send({ conflictPersonIds: [ev.committee[0]] }).expect(422);
    await t.http().get(`/api/events/${ev.id}/call/proposals`).set(stranger).expect(404);
    await t.http().get(`/api/events/${other.id}/call/proposals`).set(owner).expect(404);
    await t.http().get(`/api/events/${other.id}/call`).set(owner).expect(404);
    const list = (await t.http().get(`/api/events/${other.id}/call/proposals`).set(stranger).expect(200)).body;
    assert.equal(list.total, 0, 'a draft is never shown to the organisers');
    // One proposal, as the organisers see it: never a draft, never through another event.
    assert.equal((await t.http().get(`/api/events/${other.id}/call/proposals/${theirs.id}`).set(stranger).expect(404)).body.details.resource, 'proposal');
    await t.http().get(`/api/events/${ev.id}/call/proposals/${theirs.id}`).set(owner).expect(404);
    await t.http().get(`/api/events/${other.id}/call/proposals/${theirs.id}`).set(owner).expect(404);
    await t.http().get(`/api/events/${other.id}/call/proposals/not-a-uuid`).set(stranger).expect(404);
  });

  it('lists the submitted proposals for the organisers: filters, score, text search, paging; never drafts; decisions shown to the submitter only once sent', async () => {
    setClock(t, DURING);
    const o = await makeEvent(t, owner, 2);
    await t.http().put(`/api/events/${o.id}/call`).set(owner).send(callBody({ maxProposalsPerSubmitter: null, questions: [] })).expect(200);
    const people: Array<{ auth: Auth; email: string }> = [];
    for (const name of ['Gil Garnier', 'Hana Hoarau', 'Ines Iriarte']) people.push(await submitter(name, 'en', o));
    let minute = 0;
    const submit = async (who: { auth: Auth }, body: Record<string, unknown>) => {
      setClock(t, new Date(Date.parse(DURING) + ++minute * 60_000).toISOString()); // one after the other
      const p = (await t.http().post('/api/me/proposals').set(who.auth).send({ abstract: 'An abstract.', ...body }).expect(201)).body;
      return (await t.http().post(`/api/me/proposals/${p.id}/submit`).set(who.auth).expect(200)).body as { id: string };
    };
    const a = await submit(people[0], { typeKey: 'communication', themeKey: 'actors', title: 'Alpha 100% peers' });
    const englishAck = await smtp.waitFor(people[0].email, (m) => /^Proposalreceived/.test(squash(m.subject)));
    assert.match(englishAck.body, /You can still change or withdraw it until Monday 10 June 2030, 12:00 \(Europe\/Paris\)/);
    const b = await submit(people[1], { typeKey: 'communication', themeKey: 'environments', title: 'Beta', authors: [{ name: 'Zoé Zaïdi', presenting: true }] });
    const c = await submit(people[2], { typeKey: 'poster', themeKey: 'actors', title: 'Gamma' });
    const d = await submit(people[2], { typeKey: 'communication', themeKey: 'recognition', title: 'Delta' });
    await t.http().post(`/api/me/proposals/${d.id}/withdraw`).set(people[2].auth).expect(200);
    const secret = (await t.http().post('/api/me/proposals').set(people[0].auth).send({ typeKey: 'communication', themeKey: 'actors', title: 'Secret draft' }).expect(201)).body;
    // One proposal as the organisers see it (the proposal's page): never a draft.
    const one = (await t.http().get(`/api/events/${o.id}/call/proposals/${b.id}`).set(owner).expect(200)).body;
    assert.equal(one.title, 'Beta');
    assert.equal(one.submitter.name, 'Hana Hoarau');
    assert.deepEqual(one.authors.map((x: { name: string }) => x.name), ['Zoé Zaïdi']);
    assert.equal((await t.http().get(`/api/events/${o.id}/call/proposals/${secret.id}`).set(owner).expect(404)).body.details.resource, 'proposal');

    // Reviews and a sent decision, as the review and decision parts write them.
    const db = t.app.get(DataSource);
    await db.query(`UPDATE call_for_proposals SET criteria = $2 WHERE event_id = $1`, [o.id, JSON.stringify([{ key: 'quality', label: { en: 'Quality' }, weight: 1 }])]);
    const review = (proposal: string, person: string, score: number, comment: string, submitted: boolean) =>
      db.query(`INSERT INTO review (submission_id, person_id, event_id, scores, recommendation, comment_to_authors, comment_to_committee, submitted_at) VALUES ($1, $2, $3, $4, 'accept', $5, 'between us', $6)`, [
        proposal,
        person,
        o.id,
        JSON.stringify({ quality: score }),
        comment,
        submitted ? new Date() : null,
      ]);
    for (const person of o.committee) for (const proposal of [a.id, b.id]) await db.query(`INSERT INTO review_assignment (submission_id, person_id, event_id) VALUES ($1, $2, $3)`, [proposal, person, o.id]);
    await review(a.id, o.committee[0], 5, 'Very clear.', true);
    await review(a.id, o.committee[1], 4, '', true);
    await review(b.id, o.committee[0], 2, 'Too short.', true);
    await review(b.id, o.committee[1], 5, 'draft', false);

    const get = async (query: string) => (await t.http().get(`/api/events/${o.id}/call/proposals${query}`).set(owner).expect(200)).body as { items: Array<Record<string, any>>; nextCursor: string | null; total: number };
    const all = await get('');
    assert.equal(all.total, 4);
    assert.deepEqual(all.items.map((i) => i.title), ['Alpha 100% peers', 'Beta', 'Gamma', 'Delta']);
    assert.ok(!all.items.some((i) => i.state === 'draft'));
    const alpha = all.items[0];
    assert.deepEqual(alpha.score.mean, 4.5);
    assert.equal(alpha.submitter.name, 'Gil Garnier');
    assert.deepEqual(alpha.reviewers.map((r: { submitted: boolean }) => r.submitted), [true, true]);
    assert.equal(all.items[1].reviewers.filter((r: { submitted: boolean }) => r.submitted).length, 1);
    assert.equal(alpha.preparedDecision, null);
    assert.equal(alpha.unconfirmed, false);

    assert.deepEqual((await get('?theme=actors')).items.map((i) => i.title), ['Alpha 100% peers', 'Gamma']);
    assert.deepEqual((await get('?type=poster')).items.map((i) => i.title), ['Gamma']);
    assert.deepEqual((await get('?state=withdrawn')).items.map((i) => i.title), ['Delta']);
    assert.deepEqual((await get('?minScore=3')).items.map((i) => i.title), ['Alpha 100% peers']);
    assert.deepEqual((await get('?order=score')).items.map((i) => i.title).slice(0, 2), ['Alpha 100% peers', 'Beta']);
    assert.deepEqual((await get(`?q=${encodeURIComponent('zaïdi')}`)).items.map((i) => i.title), ['Beta'], 'an author’s name');
    assert.deepEqual((await get('?q=100%25')).items.map((i) => i.title), ['Alpha 100% peers'], 'a % is a character, not a wildcard');
    assert.deepEqual((await get('?q=%25')).items.length, 1);
    assert.deepEqual((await get('?q=_')).items.length, 0);
    assert.deepEqual((await get('?q=Secret')).items.length, 0, 'drafts are not searched either');

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`?order=title&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.total, 4);
      pages.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(pages, ['Alpha 100% peers', 'Beta', 'Delta', 'Gamma']);
    const badCursor = await t.http().get(`/api/events/${o.id}/call/proposals?cursor=nonsense`).set(owner).expect(422);
    assert.equal(badCursor.body.issues[0].params.rule, 'cursor_invalid');
    await t.http().get(`/api/events/${o.id}/call/proposals?limit=201`).set(owner).expect(422);
    await t.http().get(`/api/events/${o.id}/call/proposals?state=nope`).set(owner).expect(422);

    // The submitter learns the decision only once it is sent; the reviewers' comments without their names.
    await db.query(`UPDATE submission SET decision = 'accepted', decision_message = 'Welcome' WHERE id = $1`, [a.id]);
    let mine = (await t.http().get(`/api/me/proposals/${a.id}`).set(people[0].auth).expect(200)).body;
    assert.deepEqual([mine.state, mine.decision, mine.decisionMessage, mine.commentsToAuthors], ['submitted', null, null, []]);
    assert.equal((await get('')).items[0].preparedDecision, 'accepted');
    await db.query(`UPDATE submission SET decision_sent_at = now(), sent_decision = 'accepted', comments_sent = true WHERE id = $1`, [a.id]);
    mine = (await t.http().get(`/api/me/proposals/${a.id}`).set(people[0].auth).expect(200)).body;
    assert.deepEqual([mine.state, mine.decision, mine.decisionMessage, mine.commentsToAuthors], ['accepted', 'accepted', 'Welcome', ['Very clear.']]);
    assert.doesNotMatch(JSON.stringify(mine), new RegExp(o.committee[0]), 'no reviewer’s identity');
    assert.equal(mine.editableUntil, null);
    assert.equal((await t.http().patch(`/api/me/proposals/${a.id}`).set(people[0].auth).send({ title: 'Changed' }).expect(409)).body.details.reason, 'decided');
    await db.query(`UPDATE submission SET confirmation_reminded_at = now() WHERE id = $1`, [a.id]);
    assert.equal((await get('')).items[0].unconfirmed, true);

    // A theme still named by proposals cannot be removed; an unused one can.
    const removal = await t.http().put(`/api/events/${o.id}/call`).set(owner).send({ themes: THEMES.filter((th) => th.key !== 'actors') }).expect(422);
    assert.deepEqual(removal.body.issues[0].params, { key: 'actors', rule: 'unknown_theme' });
    const typeRemoval = await t.http().put(`/api/events/${o.id}/call`).set(owner).send({ types: [TYPES[0]] }).expect(422);
    assert.deepEqual(typeRemoval.body.issues[0].params, { key: 'poster', rule: 'unknown_type' });
    const fresh = await makeEvent(t, owner, 0);
    await t.http().put(`/api/events/${fresh.id}/call`).set(owner).send(callBody()).expect(200);
    assert.equal((await t.http().put(`/api/events/${fresh.id}/call`).set(owner).send({ themes: [THEMES[0]] }).expect(200)).body.themes.length, 1);
  });

  it('loads the demo conference with its published call and three submitted proposals, again and again', async () => {
    const demo = t.app.get(DemoService);
    await demo.load();
    await demo.load(); // reloading replaces, never duplicates
    const call = (await t.http().get('/api/public/events/expeerts-conference-2019/call').expect(200)).body;
    assert.equal(call.state, 'closed');
    assert.deepEqual(call.themes.map((th: { key: string }) => th.key), ['actors', 'environments', 'aims', 'recognition']);
    assert.deepEqual(call.types[0].limit, { unit: 'characters', max: 3000 });
    assert.equal(call.committee.length, 20);
    const rows: Array<{ n: string }> = await t.app.get(DataSource).query(
      `SELECT count(*) AS n FROM submission s JOIN event e ON e.id = s.event_id WHERE e.slug = 'expeerts-conference-2019' AND s.status = 'submitted'`,
    );
    assert.equal(Number(rows[0].n), 3);
  });
});

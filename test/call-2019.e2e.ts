import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from './support/harness';
import { setClock } from './support/clock';
import { signUpToCall } from './support/call';
import { linkToken, startMailCatcher, type CaughtMail, type MailCatcher } from './support/mail-catcher';
import { pdfText } from './support/pdf-text';
import { MessagesScheduler } from '../apps/api/src/messages/messages.scheduler';

/**
 * The seeds' 2019 call, end to end through the API: "Peer support: contemporary issues", Rennes,
 * 14–15 November 2019 (Europe/Paris). The call (published on 1 April 2019) asked for a title and an
 * abstract of at most 3,000 characters, linked to one of four areas of work; it closed on 30 May
 * 2019, notifications went out in mid-July, the programme followed in September. Six reviewers of
 * its international scientific committee review 30 proposals from 30 submitters.
 */

type Auth = { Authorization: string };

const flat = (text: string) => text.replace(/\s/g, '');
const subjectStarts = (prefix: string) => (m: CaughtMail) => flat(m.subject).startsWith(flat(prefix));

const THEMES = [
  { key: 'actors', title: { fr: 'Les acteurs et leurs interactions', en: 'The actors and their interactions' } },
  { key: 'environments', title: { fr: 'Les environnements', en: 'Environments' } },
  { key: 'aims', title: { fr: 'Les finalités et effets pratiques de la participation des pairs', en: 'The aims and practical effects of peer participation' } },
  { key: 'recognition', title: { fr: 'La reconnaissance', en: 'Recognition' } },
];
const CRITERIA = [
  { key: 'relevance', label: { fr: 'Pertinence pour le colloque', en: 'Relevance to the conference' }, weight: 2 },
  { key: 'rigour', label: { fr: 'Rigueur (données, analyse)', en: 'Rigour (data, analysis)' }, weight: 1 },
];
/** Six members of the seeds' international scientific committee. */
const REVIEWERS = [
  { key: 'bellamy', name: 'Chyrell Bellamy', affiliation: 'Yale University' },
  { key: 'davidson', name: 'Larry Davidson', affiliation: 'Yale University' },
  { key: 'brossard', name: 'Baptiste Brossard', affiliation: 'Australian National University' },
  { key: 'chambon', name: 'Nicolas Chambon', affiliation: 'ORSPERE Samdarra' },
  { key: 'demailly', name: 'Lise Demailly', affiliation: 'Université de Lille' },
  { key: 'klein', name: 'Alexandre Klein', affiliation: 'Université Laval' },
];
const FIRST = ['Amélie', 'Benoît', 'Céline', 'Dorothée', 'Étienne', 'Françoise'];
const LAST = ['Dupré', 'Lefèvre', 'Ménard', 'Gaël', 'Hélias'];
const AFFILIATIONS = ['Université Rennes 2', 'EHESP', 'Université Lyon 2', 'CNAM', 'Université de Mons'];

/** Proposal i's decision (the committee's recommendation): every fifth rejected, every seventh a poster, the rest accepted. */
const decisionOf = (i: number) => (i % 5 === 0 ? 'rejected' : i % 7 === 0 ? 'accepted_as_poster' : 'accepted');
const recommendationOf = (i: number) => ({ rejected: 'reject', accepted_as_poster: 'accept_as_poster', accepted: 'accept' })[decisionOf(i)];

function abstractOf(i: number): string {
  const paragraph = `Cette communication (n° ${i}) étudie l’accompagnement par les pairs en santé mentale : « savoirs expérientiels », reconnaissance et statut des pairs-aidants. `;
  return `${paragraph.repeat(6)}\n\nDonnées : entretiens et observations ; résultats et références principales (Gardien, 2017 ; Zask, 2011).`;
}

describe('the seeds’ 2019 call, end to end through the API', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;
  let eventId: string;
  let slug: string;
  const reviewer: Record<string, { id: string; email: string; auth?: Auth }> = {};
  const workshops: Record<string, string> = {};
  const submitters: Array<{ name: string; email: string; language: 'fr' | 'en'; auth: Auth; proposalId: string }> = [];
  let lateDraft: { auth: Auth; id: string };

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
    setClock(t, '2019-03-20T10:00:00Z');
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('publishes the conference, its committee, its workshops and its call', async () => {
    slug = `expairs-2019-${randomBytes(3).toString('hex')}`;
    eventId = (
      await t
        .http()
        .post('/api/events')
        .set(owner)
        .send({
          slug,
          title: { fr: 'L’accompagnement par les pairs : enjeux contemporains', en: 'Peer support: contemporary issues' },
          mainLanguage: 'fr',
          timeZone: 'Europe/Paris',
          startDate: '2019-11-14',
          endDate: '2019-11-15',
          format: 'in_person',
        })
        .expect(201)
    ).body.id;
    await Promise.all(
      REVIEWERS.map(async (r) => {
        const email = `${r.key}-${slug}@example.org`;
        reviewer[r.key] = { id: (await t.http().post(`/api/events/${eventId}/people`).set(owner).send({ name: r.name, affiliation: r.affiliation, email }).expect(201)).body.id, email };
      }),
    );
    await t
      .http()
      .patch(`/api/events/${eventId}`)
      .set(owner)
      .send({ committees: { scientific: REVIEWERS.map((r) => ({ personId: reviewer[r.key].id })) } })
      .expect(200);
    // Four workshops, one per area of work, two at a time, chaired by the organising committee.
    const chairs = await Promise.all(
      ['Eve Gardien', 'Christian Laval', 'Pascal Jarno', 'Delphine Moreau'].map(async (name) => (await t.http().post(`/api/events/${eventId}/people`).set(owner).send({ name, affiliation: 'ESO-Rennes' }).expect(201)).body.id as string),
    );
    const slots = [
      ['2019-11-14T10:00', '2019-11-14T12:00', 'Salle 1'],
      ['2019-11-14T10:00', '2019-11-14T12:00', 'Salle 2'],
      ['2019-11-14T14:00', '2019-11-14T16:00', 'Salle 1'],
      ['2019-11-14T14:00', '2019-11-14T16:00', 'Salle 2'],
    ];
    for (const [i, theme] of THEMES.entries()) {
      const [startsAt, endsAt, stage] = slots[i];
      workshops[theme.key] = (
        await t
          .http()
          .post(`/api/events/${eventId}/sessions`)
          .set(owner)
          .send({ type: 'workshop', title: { fr: `Atelier ${i + 1} : ${theme.title.fr}`, en: `Workshop ${i + 1}: ${theme.title.en}` }, startsAt, endsAt, stage, chairs: [chairs[i]], talks: [] })
          .expect(201)
      ).body.id;
    }
    await t.http().post(`/api/events/${eventId}/publish`).set(owner).expect(200);
    await t
      .http()
      .put(`/api/events/${eventId}/call`)
      .set(owner)
      .send({
        published: true,
        opensAt: '2019-04-01T00:00:00+02:00',
        closesAt: '2019-05-30T23:59:00+02:00',
        editableUntil: null,
        argument: { fr: 'Ce colloque examine les enjeux des formes de participation des pairs.', en: 'This conference examines the challenges of peer participation.' },
        instructions: { fr: 'Un titre, un résumé de 3 000 caractères au plus, un axe.', en: 'A title, an abstract of at most 3,000 characters, an area of work.' },
        themes: THEMES,
        types: [{ key: 'communication', title: { fr: 'Communication', en: 'Paper' }, limit: { unit: 'characters', max: 3000 } }],
        fields: { keywords: true, theme: true, format: true },
        questions: [],
        maxProposalsPerSubmitter: 3,
        reviewersPerProposal: 2,
        reviewDeadline: '2019-06-30T23:59:00+02:00',
        anonymousReview: false,
        criteria: CRITERIA,
      })
      .expect(200);
    const upcoming = (await t.http().get(`/api/public/events/${slug}/call`).expect(200)).body;
    assert.equal(upcoming.state, 'upcoming');
    setClock(t, '2019-04-15T08:00:00Z');
    const open = (await t.http().get(`/api/public/events/${slug}/call`).expect(200)).body;
    assert.equal(open.state, 'open');
    assert.equal(open.closesAt, '2019-05-30T23:59:00+02:00');
    assert.equal(open.types[0].limit.max, 3000);
    assert.deepEqual(open.committee.map((c: { name: string }) => c.name).sort(), REVIEWERS.map((r) => r.name).sort());
  });

  it('takes 30 proposals on the four themes from 30 submitters, some with co-authors; over 3,000 characters is 422; after the deadline 409 CALL_CLOSED', async () => {
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const name = `${FIRST[i % 6]} ${LAST[Math.floor(i / 6)]}`;
        const email = `s${i}-${slug}@example.org`;
        const language = i % 3 === 2 ? 'en' : 'fr';
        const affiliation = i === 1 ? 'Université de Lille' : AFFILIATIONS[i % AFFILIATIONS.length];
        const { auth } = await signUpToCall(t, smtp, slug, { name, email, affiliation, language });
        const authors: Array<Record<string, unknown>> = [{ name, email, affiliation, presenting: true }];
        if (i % 3 === 0) authors.push({ name: `Zoé Co-autrice ${i}`, affiliation: 'Université Paris 8', presenting: false });
        // A reviewer co-authored proposal 3 (by his e-mail): detected.
        if (i === 3) authors.push({ name: 'N. Chambon', email: reviewer.chambon.email.toUpperCase(), affiliation: 'ORSPERE Samdarra', presenting: false });
        const created = await t
          .http()
          .post('/api/me/proposals')
          .set(auth)
          .send({
            typeKey: 'communication',
            themeKey: THEMES[i % 4].key,
            title: `Pairs-aidants et « savoirs expérientiels » : étude n° ${i}`,
            abstract: abstractOf(i),
            keywords: ['pair-aidance', THEMES[i % 4].key],
            format: 'on_site',
            language: i % 3 === 2 ? 'en' : 'fr',
            authors,
            // The authors of proposal 2 declare a conflict with Larry Davidson.
            conflictPersonIds: i === 2 ? [reviewer.davidson.id] : [],
          });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const submitted = await t.http().post(`/api/me/proposals/${created.body.id}/submit`).set(auth);
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        submitters[i] = { name, email, language, auth, proposalId: created.body.id };
        const received = await smtp.waitFor(email, subjectStarts(language === 'fr' ? 'Proposition reçue' : 'Proposal received'));
        assert.doesNotMatch(received.subject, /Action/);
      }),
    );
    // A 31st proposal, written too long, then too late.
    const late = submitters[0];
    const draft = (await t.http().post('/api/me/proposals').set(late.auth).send({ typeKey: 'communication', themeKey: 'aims', title: 'Une proposition tardive', authors: [{ name: late.name, presenting: true }] }).expect(201)).body;
    lateDraft = { auth: late.auth, id: draft.id };
    await t.http().patch(`/api/me/proposals/${draft.id}`).set(late.auth).send({ abstract: 'é'.repeat(3001) }).expect(200);
    const tooLong = await t.http().post(`/api/me/proposals/${draft.id}/submit`).set(late.auth).set('Accept-Language', 'fr').expect(422);
    assert.equal(tooLong.body.issues[0].params.rule, 'abstract_too_long_characters');
    assert.deepEqual([tooLong.body.issues[0].params.count, tooLong.body.issues[0].params.maximum], [3001, 3000]);
    await t.http().patch(`/api/me/proposals/${draft.id}`).set(late.auth).send({ abstract: 'Trop tard.' }).expect(200);
    setClock(t, '2019-05-31T08:00:00Z');
    const closed = await t.http().post(`/api/me/proposals/${lateDraft.id}/submit`).set(late.auth).expect(409);
    assert.equal(closed.body.code, 'CALL_CLOSED');
    assert.equal(closed.body.details.closedAt, '2019-05-30T23:59:00+02:00');
    const signUp = await t.http().post(`/api/public/events/${slug}/call/submitters`).send({ name: 'Too Late', email: `late-${slug}@example.org`, language: 'en' });
    assert.equal(signUp.status, 409);
    assert.equal(signUp.body.code, 'CALL_CLOSED');
    const list = (await t.http().get(`/api/events/${eventId}/call/proposals?limit=200`).set(owner).expect(200)).body;
    assert.equal(list.total, 30);
    assert.deepEqual(new Set(list.items.map((p: { themeKey: string }) => p.themeKey)), new Set(THEMES.map((x) => x.key)));
  });

  it('assigns 2 reviewers to each, balanced, never in conflict (declared by authors, by a reviewer, detected), and the reviews come in, one run anonymised', async () => {
    setClock(t, '2019-06-03T08:00:00Z');
    const conflicts = async () => (await t.http().get(`/api/events/${eventId}/call/conflicts`).set(owner).expect(200)).body as Array<{ proposalId: string; personId: string; sources: string[] }>;
    const sourcesOf = (list: Awaited<ReturnType<typeof conflicts>>, i: number, key: string) => list.find((c) => c.proposalId === submitters[i].proposalId && c.personId === reviewer[key].id)?.sources;
    const before = await conflicts();
    assert.deepEqual(sourcesOf(before, 1, 'demailly'), ['same_affiliation']);
    assert.deepEqual(sourcesOf(before, 2, 'davidson'), ['declared_by_author']);
    assert.ok(sourcesOf(before, 3, 'chambon')?.includes('is_author'), JSON.stringify(sourcesOf(before, 3, 'chambon')));

    const result = (await t.http().post(`/api/events/${eventId}/call/assignments/auto`).set(owner).send({}).expect(200)).body;
    assert.equal(result.assigned, 60);
    assert.ok(result.maxMinusMin <= 1, JSON.stringify(result.loads));
    assert.deepEqual(result.shortOf, []);

    // Every reviewer is told once, with their link.
    await Promise.all(
      REVIEWERS.map(async (r) => {
        const mail = await smtp.waitFor(reviewer[r.key].email, (m) => /propositionsàévaluer|proposalstoreview/.test(flat(m.subject)));
        const access = await t.http().post('/api/access').send({ token: linkToken(mail) }).expect(200);
        reviewer[r.key].auth = { Authorization: `Bearer ${access.body.accessToken}` };
      }),
    );
    // Alexandre Klein declares a conflict with one of his: it goes to someone else.
    const kleins = (await t.http().get('/api/me/reviews').set(reviewer.klein.auth!).expect(200)).body.items as Array<{ proposalId: string }>;
    const declined = kleins[0].proposalId;
    await t.http().post(`/api/me/reviews/${declined}/conflict`).set(reviewer.klein.auth!).send({ conflict: true, reason: 'Un ancien doctorant' }).expect(204);
    const again = (await t.http().post(`/api/events/${eventId}/call/assignments/auto`).set(owner).send({}).expect(200)).body;
    assert.equal(again.assigned, 1);
    const after = await conflicts();
    assert.deepEqual(after.find((c) => c.proposalId === declined && c.personId === reviewer.klein.id)?.sources, ['declared_by_reviewer']);

    // Checked from the reviewers' own lists: 2 each, none in conflict.
    const assigned = new Map<string, string[]>();
    for (const r of REVIEWERS) {
      const items = (await t.http().get('/api/me/reviews').set(reviewer[r.key].auth!).expect(200)).body.items as Array<{ proposalId: string }>;
      for (const item of items) assigned.set(item.proposalId, [...(assigned.get(item.proposalId) ?? []), r.key]);
    }
    assert.equal(assigned.size, 30);
    for (const [proposalId, keys] of assigned) {
      assert.equal(keys.length, 2, proposalId);
      for (const key of keys) assert.ok(!after.some((c) => c.proposalId === proposalId && c.personId === reviewer[key].id), `${key} reviews a proposal in conflict`);
    }
    const loads = REVIEWERS.map((r) => [...assigned.values()].filter((keys) => keys.includes(r.key)).length);
    // Balanced by the run (max − min ≤ 1, above); the one given away since by Alexandre Klein's conflict may widen it by one.
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 2, JSON.stringify(loads));

    // An anonymised run: the authors are hidden while it is on.
    const one = [...assigned.entries()][0];
    await t.http().put(`/api/events/${eventId}/call`).set(owner).send({ anonymousReview: true }).expect(200);
    const hidden = (await t.http().get(`/api/me/reviews/${one[0]}`).set(reviewer[one[1][0]].auth!).expect(200)).body;
    assert.equal(hidden.authors, null);
    assert.doesNotMatch(JSON.stringify(hidden), new RegExp(submitters.find((s) => s.proposalId === one[0])!.name));
    // Half the reviews are written anonymised, the rest after it is turned off.
    const index = new Map(submitters.map((s, i) => [s.proposalId, i]));
    const review = async (key: string, proposalId: string) => {
      const i = index.get(proposalId)!;
      const res = await t
        .http()
        .put(`/api/me/reviews/${proposalId}`)
        .set(reviewer[key].auth!)
        .send({
          scores: { relevance: decisionOf(i) === 'rejected' ? 2 : 4, rigour: 3 + (i % 3) },
          recommendation: recommendationOf(i),
          commentToAuthors: `Commentaire de l’évaluation sur l’étude n° ${i}.`,
          commentToCommittee: `Confidentiel (${REVIEWERS.find((r) => r.key === key)!.name}).`,
          submit: true,
        });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    const work = [...assigned.entries()].flatMap(([proposalId, keys]) => keys.map((key) => ({ key, proposalId })));
    await Promise.all(work.slice(0, 30).map((w) => review(w.key, w.proposalId)));
    await t.http().put(`/api/events/${eventId}/call`).set(owner).send({ anonymousReview: false }).expect(200);
    const shown = (await t.http().get(`/api/me/reviews/${one[0]}`).set(reviewer[one[1][0]].auth!).expect(200)).body;
    assert.ok(shown.authors.length >= 1);
    await Promise.all(work.slice(30).map((w) => review(w.key, w.proposalId)));
    const scored = (await t.http().get(`/api/events/${eventId}/call/proposals/${submitters[4].proposalId}/reviews`).set(owner).expect(200)).body;
    assert.equal(scored.score.reviews, 2);
  });

  it('decides, notifies over SMTP in both languages, collects confirmations and reminds the silent once', async () => {
    setClock(t, '2019-07-15T08:00:00Z');
    await Promise.all(
      submitters.map((s, i) => t.http().put(`/api/events/${eventId}/call/proposals/${s.proposalId}/decision`).set(owner).send({ decision: decisionOf(i), message: i % 3 === 2 ? 'See you in Rennes.' : 'Au plaisir de vous lire.' }).expect(200)),
    );
    const preview = (await t.http().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({ preview: true, includeReviewerComments: true }).expect(200)).body;
    assert.equal(preview.previews.length, 30);
    assert.deepEqual((await t.http().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({ includeReviewerComments: true }).expect(200)).body, { sent: 30 });

    const mails = await Promise.all(
      submitters.map((s, i) => {
        const decision = decisionOf(i);
        const prefix = decision === 'rejected' ? (s.language === 'fr' ? 'Décision sur votre proposition' : 'Decision on your proposal') : s.language === 'fr' ? '[Action requise]' : '[Action required]';
        return smtp.waitFor(s.email, subjectStarts(prefix));
      }),
    );
    for (const [i, mail] of mails.entries()) {
      assert.match(mail.body, new RegExp(`Commentaire de l’évaluation sur l’étude n° ${i}\\.`));
      for (const r of REVIEWERS) assert.doesNotMatch(mail.body, new RegExp(r.name), 'never a reviewer’s name');
      assert.doesNotMatch(mail.body, /Confidentiel/);
      if (submitters[i].language === 'fr') assert.match(mail.body, /Au plaisir de vous lire\./);
      else assert.match(mail.body, /See you in Rennes\./);
    }
    assert.ok(mails.some((m, i) => submitters[i].language === 'en' && decisionOf(i) !== 'rejected'), 'an English acceptance');
    assert.ok(mails.some((m, i) => submitters[i].language === 'fr' && decisionOf(i) === 'accepted_as_poster'), 'a French poster');

    // The accepted: the first 16 orals confirm, two decline, two say nothing; the posters confirm.
    const orals = submitters.map((_, i) => i).filter((i) => decisionOf(i) === 'accepted');
    const posters = submitters.map((_, i) => i).filter((i) => decisionOf(i) === 'accepted_as_poster');
    assert.equal(orals.length, 20);
    const answer = async (i: number, confirm: boolean) => {
      const link = mails[i].body.match(/\/me\?confirm=([0-9a-f-]{36})#([A-Za-z0-9_-]{43})/);
      assert.ok(link, mails[i].body);
      assert.equal(link[1], submitters[i].proposalId);
      const access = await t.http().post('/api/access').send({ token: link[2] }).expect(200);
      const res = await t.http().post(`/api/me/proposals/${link[1]}/confirmation`).set({ Authorization: `Bearer ${access.body.accessToken}` }).send({ confirm }).expect(200);
      assert.equal(res.body.state, confirm ? 'confirmed' : 'declined');
    };
    await Promise.all([...orals.slice(0, 16).map((i) => answer(i, true)), ...orals.slice(16, 18).map((i) => answer(i, false)), ...posters.map((i) => answer(i, true))]);
    const rejected = submitters.findIndex((_, i) => decisionOf(i) === 'rejected');
    assert.equal((await t.http().post(`/api/me/proposals/${submitters[rejected].proposalId}/confirmation`).set(submitters[rejected].auth).send({ confirm: true }).expect(409)).body.code, 'PROPOSAL_NOT_ACCEPTED');

    setClock(t, '2019-07-22T09:00:00Z');
    const runDue = () => t.app.get(MessagesScheduler).runDue();
    assert.equal((await runDue()).confirmationReminders, 2);
    assert.equal((await runDue()).confirmationReminders, 0);
    for (const i of orals.slice(18)) {
      const s = submitters[i];
      await smtp.waitFor(s.email, subjectStarts(s.language === 'fr' ? '[Action requise] Rappel' : '[Action required] Reminder'));
    }
    const silent = (await t.http().get(`/api/events/${eventId}/call/proposals?limit=200`).set(owner).expect(200)).body.items.filter((p: { unconfirmed: boolean }) => p.unconfirmed);
    assert.deepEqual(silent.map((p: { id: string }) => p.id).sort(), orals.slice(18).map((i) => submitters[i].proposalId).sort());
  });

  it('places the confirmed communications in the workshops of their themes, and the book of abstracts reads them', async () => {
    setClock(t, '2019-09-02T08:00:00Z');
    const orals = submitters.map((_, i) => i).filter((i) => decisionOf(i) === 'accepted').slice(0, 16);
    for (const i of orals) {
      const res = await t.http().post(`/api/events/${eventId}/call/proposals/${submitters[i].proposalId}/place`).set(owner).send({ sessionId: workshops[THEMES[i % 4].key], plannedMinutes: 15 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const programme = (await t.http().get(`/api/public/events/${slug}`).expect(200)).body;
    const talks = programme.sessions.flatMap((s: { talks: Array<{ speakers: Array<{ name: string }> }> }) => s.talks);
    assert.equal(talks.length, 16);
    assert.ok(talks.every((x: { speakers: unknown[] }) => x.speakers.length === 1));

    const book = (await t.http().get(`/api/public/events/${slug}/abstracts`).expect(200)).body;
    assert.deepEqual(
      book.sessions.slice(0, 4).map((g: { sessionId: string }) => g.sessionId),
      THEMES.map((x) => workshops[x.key]),
    );
    const count = book.sessions.reduce((n: number, g: { abstracts: unknown[] }) => n + g.abstracts.length, 0);
    assert.equal(count, 16 + 4, 'the confirmed communications and posters');

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
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    // (A long title wraps: compared without white space.)
    assert.ok(flat(text).includes(flat('L’accompagnement par les pairs : enjeux contemporains')));
    assert.match(text, /14–15 novembre 2019/);
    assert.ok(flat(text).includes(flat('Atelier 1 : Les acteurs et leurs interactions')));
    for (const i of orals) {
      assert.ok(flat(text).includes(flat(`Pairs-aidants et « savoirs expérientiels » : étude n° ${i}`)), `title ${i} in the PDF`);
      assert.ok(text.includes(submitters[i].name), `${submitters[i].name} in the PDF`);
    }
    assert.ok(!flat(text).includes(flat('étude n° 0')), 'no rejected proposal (0 was rejected)');

    const stats = (await t.http().get(`/api/events/${eventId}/call/statistics`).set(owner).expect(200)).body;
    assert.deepEqual(stats.funnel, { drafts: 1, submitted: 30, reviewed: 30, accepted: 24, confirmed: 20, withdrawn: 0, rejected: 6 });
    assert.equal(stats.unconfirmed, 2);
    assert.equal(stats.byTheme.reduce((n: number, x: { submitted: number }) => n + x.submitted, 0), 30);
  });
});

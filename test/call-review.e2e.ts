import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { setClock } from './support/clock';
import { signUpToCall } from './support/call';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { until } from './support/wait';
import { MessagesScheduler } from '../apps/api/src/messages/messages.scheduler';
import { ReviewAssignment, Submission, Submitter } from '../apps/api/src/call/call.entities';
import { PersonalLinksService } from '../apps/api/src/access/personal-links.service';

type Auth = { Authorization: string };


const THEMES = [
  { key: 'actors', title: { fr: 'Les acteurs', en: 'The actors' } },
  { key: 'environments', title: { fr: 'Les environnements', en: 'Environments' } },
  { key: 'aims', title: { fr: 'Les finalités', en: 'The aims' } },
  { key: 'recognition', title: { fr: 'La reconnaissance', en: 'Recognition' } },
];
const CRITERIA = [
  { key: 'originality', label: { fr: 'Originalité', en: 'Originality' }, weight: 2 },
  { key: 'clarity', label: { fr: 'Clarté', en: 'Clarity' }, weight: 1 },
];
// The call closed on 30 May 2030; reviews are due on 30 June 2030 at noon in Paris (UTC+2).
const REVIEW_DEADLINE = '2030-06-30T12:00:00+02:00';
const REVIEWING = '2030-06-10T10:00:00Z';

/** The six reviewers of the seeds' committee, with what makes their conflicts. */
const REVIEWERS = [
  { key: 'ana', name: 'Ana Lopes', affiliation: 'Univ. Lyon 2' }, // same affiliation as the Lyon authors
  { key: 'bertrand', name: 'Bertrand Roy', affiliation: 'EHESS' }, // declared by authors of p1
  { key: 'claire', name: 'Claire Moreau', affiliation: 'CNRS' }, // declares a conflict herself
  { key: 'djamel', name: 'Djamel Haddad', affiliation: 'Université de Lille' }, // an author of p3, co-author of Yann's p4
  { key: 'elise', name: 'Élise Fabre', affiliation: 'Inserm' },
  { key: 'farid', name: 'Farid Benali', affiliation: null }, // no affiliation: never "the same"
];

interface Fixture {
  eventId: string;
  slug: string;
  people: Record<string, { id: string; email: string }>;
  proposals: string[];
}

describe('the scientific committee: conflicts, assignment, reviews, reminders', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;
  let stranger: Auth;
  let ev: Fixture;
  let other: Fixture;
  const reviewerAuth: Record<string, Auth> = {};
  /** A submitter's link (author 0): never a reviewer's rights. */
  let submitterAuth: Auth | undefined;

  async function makeEvent(auth: Auth, suffix: string, mainLanguage: 'fr' | 'en'): Promise<Fixture> {
    const slug = `review-${suffix}-${randomBytes(3).toString('hex')}`;
    const event = (
      await t
        .http()
        .post('/api/events')
        .set(auth)
        .send({ slug, title: { fr: 'Colloque pair-aidance', en: 'Peer support conference' }, mainLanguage, timeZone: 'Europe/Paris', startDate: '2030-11-14', endDate: '2030-11-15', format: 'online' })
        .expect(201)
    ).body as { id: string };
    const people: Fixture['people'] = {};
    for (const r of REVIEWERS) {
      const email = `${r.key}-${slug}@example.org`;
      const body = { name: r.name, email, ...(r.affiliation ? { affiliation: r.affiliation } : {}) };
      people[r.key] = { id: (await t.http().post(`/api/events/${event.id}/people`).set(auth).send(body).expect(201)).body.id, email };
    }
    // Someone not on the committee.
    people.outsider = { id: (await t.http().post(`/api/events/${event.id}/people`).set(auth).send({ name: 'Olga Outsider', email: `olga-${slug}@example.org` }).expect(201)).body.id, email: `olga-${slug}@example.org` };
    await t
      .http()
      .patch(`/api/events/${event.id}`)
      .set(auth)
      .send({ committees: { scientific: REVIEWERS.map((r) => ({ personId: people[r.key].id })) } })
      .expect(200);
    await t.http().post(`/api/events/${event.id}/publish`).set(auth).expect(200);
    await t
      .http()
      .put(`/api/events/${event.id}/call`)
      .set(auth)
      .send({
        published: true,
        opensAt: '2030-03-01T09:00:00+01:00',
        closesAt: '2030-05-30T23:59:00+02:00',
        editableUntil: null,
        themes: THEMES,
        types: [{ key: 'communication', title: { fr: 'Communication', en: 'Paper' }, limit: { unit: 'characters', max: 3000 } }],
        fields: { theme: true },
        questions: [],
        maxProposalsPerSubmitter: null,
        reviewersPerProposal: 2,
        reviewDeadline: REVIEW_DEADLINE,
        anonymousReview: false,
        criteria: CRITERIA,
      })
      .expect(200);
    return { eventId: event.id, slug, people, proposals: [] };
  }

  /**
   * 30 submitted proposals from 30 submitters on the four themes (as the submissions' routes store
   * them), with the conflicts of the scenario, plus one draft and one withdrawn proposal that must
   * never be assigned, inserted with the repositories (the other event's: see submitProposals).
   */
  async function addProposals(f: Fixture): Promise<void> {
    const ds = t.app.get(DataSource);
    const submitters = ds.getRepository(Submitter);
    const submissions = ds.getRepository(Submission);
    const at = new Date('2030-05-20T10:00:00Z');
    const add = async (i: number, overrides: Partial<Submission> & { affiliation?: string } = {}) => {
      const { affiliation, ...rest } = overrides;
      const name = `Author ${i}`;
      const email = `author-${i}-${f.slug}@example.org`;
      const s = await submitters.save({ eventId: f.eventId, name, email, affiliation: affiliation ?? `Lab ${i}`, language: i % 2 ? 'fr' : 'en' });
      const p = await submissions.save({
        eventId: f.eventId,
        submitterId: s.id,
        status: 'submitted',
        typeKey: 'communication',
        themeKey: THEMES[i % 4].key,
        title: `Proposal ${i}: peer support and recognition`,
        abstract: `Abstract ${i}.`,
        authors: [{ name, email, affiliation: affiliation ?? `Lab ${i}`, presenting: true }],
        conflictPersonIds: [],
        submittedAt: new Date(at.getTime() + i * 60_000),
        ...rest,
      } as Partial<Submission>);
      f.proposals.push(p.id);
      return p;
    };
    const r = f.people;
    for (let i = 0; i < 30; i++) {
      if (i === 0) await add(i, { conflictPersonIds: [r.bertrand.id] }); // declared by the authors
      else if (i === 1) await add(i, { affiliation: 'univ lyon 2' }); // Ana: same affiliation, written otherwise
      else if (i === 2)
        // Djamel is an author (by e-mail), with Yann Moreau.
        await add(i, {
          authors: [
            { name: 'Author 2', email: `author-2-${f.slug}@example.org`, affiliation: 'Lab 2', presenting: true },
            { name: 'D. Haddad', email: r.djamel.email.toUpperCase(), presenting: false },
            { name: 'Yann Moreau', affiliation: 'IRD', presenting: false },
          ],
        });
      else if (i === 3)
        // Yann again: Djamel co-authored p2 with him.
        await add(i, {
          authors: [
            { name: 'Author 3', email: `author-3-${f.slug}@example.org`, affiliation: 'Lab 3', presenting: true },
            { name: 'yann  moreau', presenting: false },
          ],
        });
      else await add(i);
    }
    // Never assigned: a draft and a withdrawn proposal.
    const draft = await add(30, { status: 'draft', submittedAt: null });
    const withdrawn = await add(31, { status: 'withdrawn', withdrawnAt: at });
    f.proposals.splice(f.proposals.indexOf(draft.id), 1);
    f.proposals.splice(f.proposals.indexOf(withdrawn.id), 1);
    (f as Fixture & { hidden: string[] }).hidden = [draft.id, withdrawn.id];
  }

  /**
   * The same 30 proposals as addProposals, written by their submitters through the submissions'
   * routes (sign-up, the mailed link, create, submit; one left a draft, one withdrawn), during the call.
   */
  async function submitProposals(f: Fixture): Promise<void> {
    const r = f.people;
    const write = async (i: number, options: { affiliation?: string; authors?: Array<Record<string, unknown>>; conflictPersonIds?: string[]; end?: 'draft' | 'submitted' | 'withdrawn' } = {}) => {
      const name = `Author ${i}`;
      const email = `author-${i}-${f.slug}@example.org`;
      const affiliation = options.affiliation ?? `Lab ${i}`;
      const { auth } = await signUpToCall(t, smtp, f.slug, { name, email, affiliation, language: i % 2 ? 'fr' : 'en' });
      submitterAuth ??= auth;
      const created = await t
        .http()
        .post('/api/me/proposals')
        .set(auth)
        .send({
          typeKey: 'communication',
          themeKey: THEMES[i % 4].key,
          title: `Proposal ${i}: peer support and recognition`,
          abstract: `Abstract ${i}.`,
          authors: options.authors ?? [{ name, email, affiliation, presenting: true }],
          conflictPersonIds: options.conflictPersonIds ?? [],
        });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id as string;
      if ((options.end ?? 'submitted') !== 'draft') await t.http().post(`/api/me/proposals/${id}/submit`).set(auth).expect(200);
      if (options.end === 'withdrawn') await t.http().post(`/api/me/proposals/${id}/withdraw`).set(auth).expect(200);
      return id;
    };
    for (let i = 0; i < 30; i++) {
      if (i === 0) f.proposals.push(await write(i, { conflictPersonIds: [r.bertrand.id] })); // declared by the authors
      else if (i === 1) f.proposals.push(await write(i, { affiliation: 'univ lyon 2' })); // Ana: same affiliation, written otherwise
      else if (i === 2)
        // Djamel is an author (by e-mail), with Yann Moreau.
        f.proposals.push(
          await write(i, {
            authors: [
              { name: 'Author 2', email: `author-2-${f.slug}@example.org`, affiliation: 'Lab 2', presenting: true },
              { name: 'D. Haddad', email: r.djamel.email.toUpperCase(), presenting: false },
              { name: 'Yann Moreau', affiliation: 'IRD', presenting: false },
            ],
          }),
        );
      else if (i === 3)
        // Yann again: Djamel co-authored p2 with him.
        f.proposals.push(
          await write(i, {
            authors: [
              { name: 'Author 3', email: `author-3-${f.slug}@example.org`, affiliation: 'Lab 3', presenting: true },
              { name: 'yann  moreau', presenting: false },
            ],
          }),
        );
      else f.proposals.push(await write(i));
    }
    (f as Fixture & { hidden: string[] }).hidden = [await write(30, { end: 'draft' }), await write(31, { end: 'withdrawn' })];
  }

  /** Follows the link of a reviewer's assignment mail and answers a bearer header. */
  async function signIn(mailTo: string): Promise<Auth> {
    const mail = await smtp.waitFor(mailTo, (m) => /propositions à évaluer|proposals to review/.test(m.subject));
    const access = await t.http().post('/api/access').send({ token: linkToken(mail) }).expect(200);
    return { Authorization: `Bearer ${access.body.accessToken}` };
  }

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', RATE_LIMIT_LOGIN_PER_IP: '100000', RATE_LIMIT_REGISTRATION_PER_IP: '100000', RATE_LIMIT_REGISTRATION_PER_EMAIL: '1000' });
    owner = (await t.organiser()).auth;
    stranger = (await t.organiser()).auth;
    // The first event's proposals come through the submissions' routes while the call is open; the
    // other event's are written with the repositories (the same rows), to keep the run short.
    setClock(t, '2030-04-15T10:00:00Z');
    ev = await makeEvent(owner, 'a', 'fr');
    other = await makeEvent(stranger, 'b', 'en');
    await submitProposals(ev);
    await addProposals(other);
    setClock(t, REVIEWING);
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lists the committee as reviewers, sets their themes (404 reviewer off the committee, 422 unknown theme)', async () => {
    const list = (await t.http().get(`/api/events/${ev.eventId}/call/reviewers`).set(owner).expect(200)).body;
    assert.deepEqual(
      list.map((r: { name: string }) => r.name),
      REVIEWERS.map((r) => r.name),
    );
    assert.deepEqual(list[0], { personId: ev.people.ana.id, name: 'Ana Lopes', email: ev.people.ana.email, themeKeys: [], assigned: 0, submitted: 0, notifiedAt: null });
    const set = await t.http().put(`/api/events/${ev.eventId}/call/reviewers/${ev.people.ana.id}`).set(owner).send({ themeKeys: ['actors', 'aims'] }).expect(200);
    assert.deepEqual(set.body.themeKeys, ['actors', 'aims']);
    await t.http().put(`/api/events/${ev.eventId}/call/reviewers/${ev.people.outsider.id}`).set(owner).send({ themeKeys: [] }).expect(404);
    const bad = await t.http().put(`/api/events/${ev.eventId}/call/reviewers/${ev.people.ana.id}`).set(owner).send({ themeKeys: ['actors', 'cooking'] }).expect(422);
    assert.equal(bad.body.issues[0].params.rule, 'unknown_theme');
    assert.deepEqual(bad.body.issues[0].path, ['themeKeys', 1]);
    // Another event's organiser sees nothing of it.
    await t.http().get(`/api/events/${ev.eventId}/call/reviewers`).set(stranger).expect(404);
    await t.http().put(`/api/events/${ev.eventId}/call/reviewers/${ev.people.ana.id}`).set(stranger).send({ themeKeys: [] }).expect(404);
  });

  it('detects and lists the conflicts with their sources', async () => {
    // Claire declares one herself, through her link: she needs a link first; the organiser's list already shows the others.
    const conflicts = (await t.http().get(`/api/events/${ev.eventId}/call/conflicts`).set(owner).expect(200)).body as Array<{ proposalId: string; personId: string; sources: string[] }>;
    const of = (p: number, who: string) => conflicts.find((c) => c.proposalId === ev.proposals[p] && c.personId === ev.people[who].id)?.sources;
    assert.deepEqual(of(0, 'bertrand'), ['declared_by_author']);
    assert.deepEqual(of(1, 'ana'), ['same_affiliation']);
    assert.deepEqual(of(2, 'djamel'), ['is_author']);
    assert.deepEqual(of(3, 'djamel'), ['co_author']);
    assert.equal(of(5, 'farid'), undefined);
    assert.equal(conflicts.length, 4);
    await t.http().get(`/api/events/${ev.eventId}/call/conflicts`).set(stranger).expect(404);
  });

  it('assigns 2 reviewers to each of the 30 proposals, balanced and without conflicts, and two runs at once do not double-assign', async () => {
    const [a, b] = await Promise.all([
      t.http().post(`/api/events/${ev.eventId}/call/assignments/auto`).set(owner).send({ byTheme: true }),
      t.http().post(`/api/events/${ev.eventId}/call/assignments/auto`).set(owner).send({ byTheme: true }),
    ]);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    // One of them did the work; the other found every proposal complete.
    assert.deepEqual([a.body.assigned, b.body.assigned].sort((x, y) => x - y), [0, 60]);
    const result = a.body.assigned ? a.body : b.body;
    assert.equal(result.maxMinusMin, 0);
    assert.deepEqual(result.shortOf, []);
    assert.equal(result.notified, 6);
    assert.deepEqual(result.withoutEmail, []);
    assert.deepEqual(
      result.loads.map((l: { load: number }) => l.load),
      [10, 10, 10, 10, 10, 10],
    );

    // From the database: 60 rows, 2 per proposal, none on a draft or withdrawn one, none in conflict, loads even.
    const rows = await t.app.get(DataSource).getRepository(ReviewAssignment).findBy({ eventId: ev.eventId });
    assert.equal(rows.length, 60);
    const perProposal = new Map<string, number>();
    const perReviewer = new Map<string, number>();
    for (const r of rows) {
      perProposal.set(r.submissionId, (perProposal.get(r.submissionId) ?? 0) + 1);
      perReviewer.set(r.personId, (perReviewer.get(r.personId) ?? 0) + 1);
      assert.ok(r.notifiedAt, 'marked as notified');
    }
    assert.deepEqual(new Set(perProposal.values()), new Set([2]));
    assert.deepEqual([...perProposal.keys()].sort(), [...ev.proposals].sort());
    const loads = [...perReviewer.values()];
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 1);
    const conflicts = (await t.http().get(`/api/events/${ev.eventId}/call/conflicts`).set(owner).expect(200)).body as Array<{ proposalId: string; personId: string }>;
    for (const c of conflicts) assert.ok(!rows.some((r) => r.submissionId === c.proposalId && r.personId === c.personId), `conflict assigned: ${JSON.stringify(c)}`);

    // Each reviewer got exactly one mail, in the event's language (French), with a working link.
    for (const r of REVIEWERS) {
      const email = ev.people[r.key].email;
      const mail = await smtp.waitFor(email, (m) => /propositions à évaluer/.test(m.subject));
      assert.match(mail.subject, /^10 propositions à évaluer/);
      assert.match(mail.body, /30 juin 2030/);
      reviewerAuth[r.key] = await signIn(email);
      const me = (await t.http().get('/api/me').set(reviewerAuth[r.key]).expect(200)).body;
      assert.equal(me.reviewer, true);
    }
    for (const r of REVIEWERS) assert.equal(smtp.mails.filter((m) => m.to.includes(ev.people[r.key].email)).length, 1, `one mail to ${r.key}`);

    const progress = (await t.http().get(`/api/events/${ev.eventId}/call/reviewers`).set(owner).expect(200)).body;
    for (const p of progress) {
      assert.equal(p.assigned, 10);
      assert.ok(p.notifiedAt);
    }
    // A run again adds nothing and mails nobody.
    const again = (await t.http().post(`/api/events/${ev.eventId}/call/assignments/auto`).set(owner).send({}).expect(200)).body;
    assert.equal(again.assigned, 0);
    assert.equal(again.notified, 0);
  });

  it('lets a reviewer list, read, draft and submit a review; the others’ reviews only after theirs', async () => {
    const list = (await t.http().get('/api/me/reviews').set(reviewerAuth.elise).expect(200)).body;
    assert.equal(list.items.length, 10);
    assert.equal(list.timeZone, 'Europe/Paris');
    assert.equal(list.reviewDeadline, REVIEW_DEADLINE);
    assert.deepEqual(list.criteria, CRITERIA);
    assert.ok(list.items.every((i: { status: string }) => i.status === 'to_do'));

    // A proposal Élise shares with someone.
    const rows = await t.app.get(DataSource).getRepository(ReviewAssignment).findBy({ eventId: ev.eventId });
    const mine = rows.filter((r) => r.personId === ev.people.elise.id).map((r) => r.submissionId);
    const proposalId = mine[0];
    const partner = rows.find((r) => r.submissionId === proposalId && r.personId !== ev.people.elise.id)!.personId;
    const partnerKey = Object.keys(ev.people).find((k) => ev.people[k].id === partner)!;

    const view = (await t.http().get(`/api/me/reviews/${proposalId}`).set(reviewerAuth.elise).expect(200)).body;
    assert.ok(view.authors.length >= 1);
    assert.deepEqual(view.otherProposalsOfSubmitter, []);
    assert.equal(view.myReview, null);
    assert.equal(view.otherReviews, null);

    // The partner submits first.
    await t.http().put(`/api/me/reviews/${proposalId}`).set(reviewerAuth[partnerKey]).send({ scores: { originality: 5, clarity: 2 }, recommendation: 'accept', commentToAuthors: 'Strong.', submit: true }).expect(200);

    // Élise: unknown criterion, missing scores when submitting.
    const unknown = await t.http().put(`/api/me/reviews/${proposalId}`).set(reviewerAuth.elise).send({ scores: { originality: 4, style: 3 }, recommendation: 'accept' }).expect(422);
    assert.deepEqual(unknown.body.issues.map((i: { path: string[]; params: { rule: string } }) => [i.path.join('.'), i.params.rule]), [['scores.style', 'unknown_criterion']]);
    const missing = await t.http().put(`/api/me/reviews/${proposalId}`).set(reviewerAuth.elise).set('Accept-Language', 'fr').send({ scores: {}, recommendation: 'accept', submit: true }).expect(422);
    assert.deepEqual(
      missing.body.issues.map((i: { path: string[]; params: { rule: string } }) => [i.path.join('.'), i.params.rule]),
      [
        ['scores.originality', 'score_required'],
        ['scores.clarity', 'score_required'],
      ],
    );
    assert.match(missing.body.fields['scores.originality'], /Donnez une note/);

    const draft = (await t.http().put(`/api/me/reviews/${proposalId}`).set(reviewerAuth.elise).send({ scores: { originality: 3 }, recommendation: 'revise' }).expect(200)).body;
    assert.equal(draft.submittedAt, null);
    assert.equal(draft.weightedScore, 3);
    const stillHidden = (await t.http().get(`/api/me/reviews/${proposalId}`).set(reviewerAuth.elise).expect(200)).body;
    assert.equal(stillHidden.otherReviews, null);
    assert.equal(stillHidden.myReview.recommendation, 'revise');
    assert.equal((await t.http().get('/api/me/reviews').set(reviewerAuth.elise).expect(200)).body.items.find((i: { proposalId: string }) => i.proposalId === proposalId).status, 'draft');

    const submitted = (await t.http().put(`/api/me/reviews/${proposalId}`).set(reviewerAuth.elise).send({ scores: { originality: 4, clarity: 1 }, recommendation: 'accept_as_poster', commentToCommittee: 'Borderline.', submit: true }).expect(200)).body;
    assert.ok(submitted.submittedAt);
    assert.equal(submitted.weightedScore, 3);
    const after = (await t.http().get(`/api/me/reviews/${proposalId}`).set(reviewerAuth.elise).expect(200)).body;
    assert.equal(after.otherReviews.length, 1);
    assert.equal(after.otherReviews[0].reviewer, REVIEWERS.find((r) => r.key === partnerKey)!.name);
    assert.equal(after.otherReviews[0].commentToAuthors, 'Strong.');

    // The organisers see both, named, with the score.
    const all = (await t.http().get(`/api/events/${ev.eventId}/call/proposals/${proposalId}/reviews`).set(owner).expect(200)).body;
    assert.equal(all.reviews.length, 2);
    assert.deepEqual(all.reviews.map((r: { personId: string }) => r.personId).sort(), [partner, ev.people.elise.id].sort());
    assert.equal(all.score.reviews, 2);
    assert.equal(all.score.mean, 3.5);
    await t.http().get(`/api/events/${ev.eventId}/call/proposals/${proposalId}/reviews`).set(stranger).expect(404);

    // Removing a reviewer who submitted is refused; the progress counts the submitted review.
    await t.http().put(`/api/events/${ev.eventId}/call/proposals/${proposalId}/reviewers`).set(owner).send({ personIds: [partner] }).expect(409);
    const progress = (await t.http().get(`/api/events/${ev.eventId}/call/reviewers`).set(owner).expect(200)).body;
    assert.equal(progress.find((p: { personId: string }) => p.personId === ev.people.elise.id).submitted, 1);
  });

  it('answers 404 for a proposal not assigned, in conflict, or of another event, and 403 to anyone not on the committee', async () => {
    const rows = await t.app.get(DataSource).getRepository(ReviewAssignment).findBy({ eventId: ev.eventId });
    const notMine = ev.proposals.find((p) => !rows.some((r) => r.submissionId === p && r.personId === ev.people.farid.id))!;
    await t.http().get(`/api/me/reviews/${notMine}`).set(reviewerAuth.farid).expect(404);
    await t.http().put(`/api/me/reviews/${notMine}`).set(reviewerAuth.farid).send({ scores: {}, recommendation: 'reject' }).expect(404);
    await t.http().get(`/api/me/reviews/${other.proposals[5]}`).set(reviewerAuth.farid).expect(404);
    await t.http().get('/api/me/reviews/not-a-uuid').set(reviewerAuth.farid).expect(404);
    // Djamel's own proposal, even if an organiser had assigned it, stays 404 to him.
    await t.app.get(DataSource).getRepository(ReviewAssignment).insert({ submissionId: ev.proposals[2], personId: ev.people.djamel.id, eventId: ev.eventId });
    await t.http().get(`/api/me/reviews/${ev.proposals[2]}`).set(reviewerAuth.djamel).expect(404);
    assert.ok(!(await t.http().get('/api/me/reviews').set(reviewerAuth.djamel).expect(200)).body.items.some((i: { proposalId: string }) => i.proposalId === ev.proposals[2]));
    await t.app.get(DataSource).getRepository(ReviewAssignment).delete({ submissionId: ev.proposals[2], personId: ev.people.djamel.id });

    // By hand: a conflict and a non-member are refused field by field.
    const refused = await t
      .http()
      .put(`/api/events/${ev.eventId}/call/proposals/${ev.proposals[2]}/reviewers`)
      .set(owner)
      .send({ personIds: [ev.people.elise.id, ev.people.djamel.id, ev.people.outsider.id] })
      .expect(422);
    assert.deepEqual(
      refused.body.issues.map((i: { path: Array<string | number>; params: { rule: string } }) => [i.path.join('.'), i.params.rule]),
      [
        ['personIds.1', 'reviewer_has_conflict'],
        ['personIds.2', 'not_committee_member'],
      ],
    );
    // A draft (its submitter's alone) and another event's proposal are 404 to the organiser's routes.
    for (const id of (ev as Fixture & { hidden: string[] }).hidden.slice(0, 1)) await t.http().get(`/api/events/${ev.eventId}/call/proposals/${id}/reviews`).set(owner).expect(404);
    await t.http().put(`/api/events/${ev.eventId}/call/proposals/${other.proposals[0]}/reviewers`).set(owner).send({ personIds: [] }).expect(404);

    // A person link of someone off the committee: 403 REVIEWERS_ONLY.
    const link = await t.app.get(DataSource).transaction((manager) => t.app.get(PersonalLinksService).issue(manager, { eventId: ev.eventId, personId: ev.people.outsider.id }));
    const access = await t.http().post('/api/access').send({ token: link.token }).expect(200);
    const refusedLink = await t.http().get('/api/me/reviews').set({ Authorization: `Bearer ${access.body.accessToken}` }).expect(403);
    assert.equal(refusedLink.body.code, 'REVIEWERS_ONLY');
    // A submitter's link: nothing of the review, and never who reviewed them.
    for (const res of [
      await t.http().get('/api/me/reviews').set(submitterAuth!),
      await t.http().get(`/api/me/reviews/${ev.proposals[0]}`).set(submitterAuth!),
      await t.http().put(`/api/me/reviews/${ev.proposals[0]}`).set(submitterAuth!).send({ scores: { originality: 5, clarity: 5 }, recommendation: 'accept' }),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'REVIEWERS_ONLY');
    }
    const own = (await t.http().get(`/api/me/proposals/${ev.proposals[0]}`).set(submitterAuth!).expect(200)).body;
    const names = REVIEWERS.map((r) => r.name);
    assert.ok(!names.some((n) => JSON.stringify(own).includes(n)), 'no reviewer named to the submitter');
    await t.http().get(`/api/me/reviews/${ev.proposals[5]}`).set({ Authorization: `Bearer ${access.body.accessToken}` }).expect(403);
  });

  it('lets a reviewer declare a conflict: the assignment goes, the proposal is 404 to them; taking it back restores nothing by itself', async () => {
    const list = (await t.http().get('/api/me/reviews').set(reviewerAuth.claire).expect(200)).body;
    const target = list.items.find((i: { status: string }) => i.status === 'to_do').proposalId as string;
    await t.http().get(`/api/me/reviews/${target}`).set(reviewerAuth.claire).expect(200);
    await t.http().post(`/api/me/reviews/${target}/conflict`).set(reviewerAuth.claire).send({ conflict: true, reason: 'My former student' }).expect(204);
    await t.http().get(`/api/me/reviews/${target}`).set(reviewerAuth.claire).expect(404);
    const conflicts = (await t.http().get(`/api/events/${ev.eventId}/call/conflicts`).set(owner).expect(200)).body as Array<{ proposalId: string; personId: string; sources: string[] }>;
    assert.deepEqual(conflicts.find((c) => c.proposalId === target && c.personId === ev.people.claire.id)?.sources, ['declared_by_reviewer']);
    assert.equal(await t.app.get(DataSource).getRepository(ReviewAssignment).countBy({ submissionId: target, personId: ev.people.claire.id }), 0);
    // The organiser completes it automatically: someone else gets it, never Claire, and is told.
    const completed = (await t.http().post(`/api/events/${ev.eventId}/call/assignments/auto`).set(owner).send({}).expect(200)).body;
    assert.equal(completed.assigned, 1);
    assert.equal(completed.notified, 1);
    // The kept assignments do not move: Claire (9) cannot take it, so someone at 10 goes to 11.
    assert.equal(completed.maxMinusMin, 2);
    assert.equal(completed.loads.find((l: { personId: string }) => l.personId === ev.people.claire.id).load, 9);
    await t.http().post(`/api/me/reviews/${target}/conflict`).set(reviewerAuth.claire).send({ conflict: false }).expect(204);
    await t.http().get(`/api/me/reviews/${target}`).set(reviewerAuth.claire).expect(404);
  });

  it('hides the authors in an anonymised review, and numbers the reviewers', async () => {
    await t.http().put(`/api/events/${ev.eventId}/call`).set(owner).send({ anonymousReview: true }).expect(200);
    const rows = await t.app.get(DataSource).getRepository(ReviewAssignment).findBy({ eventId: ev.eventId, personId: ev.people.elise.id });
    const reviewed = rows.map((r) => r.submissionId);
    for (const id of reviewed.slice(0, 3)) {
      const res = await t.http().get(`/api/me/reviews/${id}`).set(reviewerAuth.elise).expect(200);
      assert.equal(res.body.authors, null);
      assert.equal(res.body.otherProposalsOfSubmitter, null);
      const text = JSON.stringify(res.body);
      assert.doesNotMatch(text, /Author \d|author-\d|Lab \d|Yann|Haddad|example\.org/);
      if (res.body.otherReviews) for (const o of res.body.otherReviews) assert.match(o.reviewer, /^Reviewer \d$/);
    }
    await t.http().put(`/api/events/${ev.eventId}/call`).set(owner).send({ anonymousReview: false }).expect(200);
  });

  it('reminds reviewers with reviews to do once before the deadline, across two passes; refuses reviews after it', async () => {
    const scheduler = t.app.get(MessagesScheduler);
    const reminders = () => smtp.mails.filter((m) => /^Rappel/.test(m.subject) && m.to.some((to) => to.endsWith(`${ev.slug}@example.org`)));
    // Too early: nothing.
    setClock(t, '2030-06-20T10:00:00Z');
    assert.equal((await scheduler.runDue()).reviewReminders, 0);
    // Within three days of the deadline: once per reviewer with pending reviews (all six have some).
    setClock(t, '2030-06-28T10:00:00Z');
    const [first, second] = await Promise.all([scheduler.runDue(), t.app.get(MessagesScheduler).runDue()]);
    assert.equal(first.reviewReminders + second.reviewReminders, 6);
    assert.equal((await scheduler.runDue()).reviewReminders, 0);
    await until('six reminders', 15_000, () => reminders().length >= 6);
    assert.equal(reminders().length, 6);
    const elise = reminders().find((m) => m.to.includes(ev.people.elise.email))!;
    assert.match(elise.subject.replace(/\s/g, ''), /^Rappel:\d+évaluationsattenduesavantledimanche30juin2030,12:00/);
    assert.ok(linkToken(elise));

    // After the deadline: 409 REVIEW_CLOSED with the deadline in the event's zone.
    setClock(t, '2030-06-30T10:00:01Z');
    const list = (await t.http().get('/api/me/reviews').set(reviewerAuth.farid).expect(200)).body;
    const closed = await t.http().put(`/api/me/reviews/${list.items[0].proposalId}`).set(reviewerAuth.farid).send({ scores: { originality: 3, clarity: 3 }, recommendation: 'reject', submit: true }).expect(409);
    assert.equal(closed.body.code, 'REVIEW_CLOSED');
    assert.deepEqual(closed.body.details, { reason: 'deadline', reviewDeadline: REVIEW_DEADLINE, timeZone: 'Europe/Paris' });
    assert.equal((await scheduler.runDue()).reviewReminders, 0);
    setClock(t, REVIEWING);
  });

  it('refuses a review once the decision was sent (409 REVIEW_CLOSED decided)', async () => {
    const list = (await t.http().get('/api/me/reviews').set(reviewerAuth.farid).expect(200)).body;
    const id = list.items[0].proposalId;
    await t.app.get(DataSource).getRepository(Submission).update({ id }, { decisionSentAt: new Date(), sentDecision: 'accepted', decision: 'accepted' });
    const closed = await t.http().put(`/api/me/reviews/${id}`).set(reviewerAuth.farid).send({ scores: { originality: 3, clarity: 3 }, recommendation: 'reject' }).expect(409);
    assert.equal(closed.body.details.reason, 'decided');
  });

  it('keeps each event to itself: another event’s reviewer and organiser see nothing of this one', async () => {
    // Ana chairs something in the other event: she already has a working link, which the assignment's mail must send again, not replace.
    const chairLink = await t.app.get(DataSource).transaction((manager) => t.app.get(PersonalLinksService).issue(manager, { eventId: other.eventId, personId: other.people.ana.id }));
    // Assign the other event (English) and sign one of its reviewers in.
    const result = (await t.http().post(`/api/events/${other.eventId}/call/assignments/auto`).set(stranger).send({ reviewersPerProposal: 1, keepExisting: false }).expect(200)).body;
    assert.equal(result.assigned, 30);
    assert.ok(result.maxMinusMin <= 1);
    const mail = await smtp.waitFor(other.people.ana.email, (m) => /proposals to review/.test(m.subject));
    assert.match(mail.subject, /^5 proposals to review: Peer support conference/);
    assert.equal(linkToken(mail), chairLink.token, 'the same link again');
    await t.http().post('/api/access').send({ token: chairLink.token }).expect(200);
    const auth = await signIn(other.people.ana.email);
    for (const id of ev.proposals.slice(0, 5)) await t.http().get(`/api/me/reviews/${id}`).set(auth).expect(404);
    await t.http().post(`/api/me/reviews/${ev.proposals[0]}/conflict`).set(auth).send({ conflict: true }).expect(404);
    await t.http().post(`/api/events/${ev.eventId}/call/assignments/auto`).set(stranger).send({}).expect(404);
    await t.http().get(`/api/events/${ev.eventId}/call/proposals/${ev.proposals[0]}/reviews`).set(stranger).expect(404);
    // Starting over keeps reviews begun: the reviews of the first event are untouched by the second's run.
    assert.equal(await t.app.get(DataSource).getRepository(ReviewAssignment).countBy({ eventId: ev.eventId }), 60);
  });

  it('starts over with keepExisting false: reviews begun stay with their reviewers, the rest is assigned again, balanced', async () => {
    const ds = t.app.get(DataSource);
    const begun: Array<{ submission_id: string; person_id: string }> = await ds.query(`SELECT submission_id, person_id FROM review WHERE event_id = $1`, [ev.eventId]);
    assert.ok(begun.length >= 2);
    const result = (await t.http().post(`/api/events/${ev.eventId}/call/assignments/auto`).set(owner).send({ keepExisting: false }).expect(200)).body;
    assert.ok(result.maxMinusMin <= 1, JSON.stringify(result.loads));
    assert.deepEqual(result.shortOf, []);
    const rows = await ds.getRepository(ReviewAssignment).findBy({ eventId: ev.eventId });
    for (const b of begun) assert.ok(rows.some((r) => r.submissionId === b.submission_id && r.personId === b.person_id), 'a review begun keeps its assignment');
    const perProposal = new Map<string, number>();
    for (const r of rows) perProposal.set(r.submissionId, (perProposal.get(r.submissionId) ?? 0) + 1);
    assert.deepEqual(new Set(perProposal.values()), new Set([2]));
    const conflicts = (await t.http().get(`/api/events/${ev.eventId}/call/conflicts`).set(owner).expect(200)).body as Array<{ proposalId: string; personId: string }>;
    for (const c of conflicts) assert.ok(!rows.some((r) => r.submissionId === c.proposalId && r.personId === c.personId));
    // Assignments given back to the reviewer who had them are not news: only the new ones are counted and mailed.
    assert.ok(result.assigned <= 60 && result.notified <= 6);
  });
});

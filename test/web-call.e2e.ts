import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot } from './support/browser';
import type { TestApp } from './support/harness';
import { linkToken, type CaughtMail, type MailCatcher } from './support/mail-catcher';
import { startWebStack, type WebStack } from './support/web-stack';
import { until } from './support/wait';

type Auth = { Authorization: string };

/**
 * Issue 14, items 1, 2, 4, 7 and 8 in the browser (real Chromium, axe-core on each page), for the
 * people outside the organisers' office: a visitor sees the call's state on the event page, reads the
 * call and signs up; the submitter (interface in French) writes a proposal with the abstract's live
 * count, goes over the limit (the count says so, then the API's 422 says it on the field with the
 * count and the limit, in French), fixes it and submits; a member of the scientific committee,
 * assigned by the organiser's automatic assignment, reviews in the browser from the link of the
 * assignment's mail and then sees the other review; after the decision is sent, the submitter
 * confirms with the one click of the acceptance mail's link, and the book of abstracts shows the
 * abstract. The organisers' side goes through the API. Screenshots go to test-results/web-call/.
 */
describe('the call for communications in the browser: visitor, submitter, reviewer', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let owner: Auth;
  let screenshot: Screenshot;
  const consoleErrors: string[] = [];
  const stamp = Date.now().toString(36);
  const slug = `call-web-${stamp}`;
  let eventId = '';
  const reviewers: Record<'larry' | 'chyrell', { id: string; email: string }> = {
    larry: { id: '', email: `larry.${stamp}@example.org` },
    chyrell: { id: '', email: `chyrell.${stamp}@example.org` },
  };
  const submitterEmail = `camille.${stamp}@example.org`;
  const title = 'Le pair-aidant comme acteur de la recherche';
  let proposalId = '';
  // Open now, for a month: the browser's clock and the API's are the same real one.
  const opensAt = new Date(Date.now() - 24 * 3_600_000).toISOString();
  const closesAt = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString();
  const reviewDeadline = new Date(Date.now() + 45 * 24 * 3_600_000).toISOString();

  const api = () => t.http();
  const page = async (locale: 'fr-FR' | 'en-GB', viewport = { width: 1100, height: 900 }): Promise<{ page: Page; close: () => Promise<void> }> => {
    // The visitor is in New York: the call's dates are shown in the event's zone (Paris) and in theirs.
    const context = await browser!.newContext({ locale, timezoneId: 'America/New_York', viewport });
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    collectPageErrors(p, consoleErrors);
    return { page: p, close: () => context.close() };
  };
  const mailTo = (to: string, match: (m: CaughtMail) => boolean) => smtp.waitFor(to, match, 20_000);

  before(async () => {
    stack = await startWebStack({ MESSAGES_TICK_MS: '3600000' });
    ({ t, smtp, browser } = stack);
    owner = (await t.organiser()).auth;
    screenshot = screenshotsInto('web-call');
    eventId = (
      (
        await api()
          .post('/api/events')
          .set(owner)
          .send({ slug, title: { fr: 'Colloque pair-aidance', en: 'Peer support conference' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-11-14', endDate: '2030-11-15', format: 'hybrid' })
          .expect(201)
      ).body as { id: string }
    ).id;
    reviewers.larry.id = (await api().post(`/api/events/${eventId}/people`).set(owner).send({ name: 'Larry Davidson', affiliation: 'Yale University', email: reviewers.larry.email }).expect(201)).body.id;
    reviewers.chyrell.id = (await api().post(`/api/events/${eventId}/people`).set(owner).send({ name: 'Chyrell Bellamy', affiliation: 'Yale School of Medicine', email: reviewers.chyrell.email }).expect(201)).body.id;
    await api()
      .patch(`/api/events/${eventId}`)
      .set(owner)
      .send({ committees: { scientific: [{ personId: reviewers.larry.id }, { personId: reviewers.chyrell.id }] } })
      .expect(200);
    await api().post(`/api/events/${eventId}/publish`).set(owner).expect(200);
    await api()
      .put(`/api/events/${eventId}/call`)
      .set(owner)
      .send({
        published: true,
        opensAt,
        closesAt,
        editableUntil: null,
        argument: { fr: 'La pair-aidance en santé mentale : savoirs expérientiels et recherche.', en: 'Peer support in mental health: lived experience and research.' },
        instructions: { fr: 'Un résumé de 3 000 caractères au plus.', en: 'An abstract of at most 3,000 characters.' },
        themes: [
          { key: 'actors', title: { fr: 'Les acteurs et leurs interactions', en: 'The actors and their interactions' } },
          { key: 'recognition', title: { fr: 'La reconnaissance', en: 'Recognition' } },
        ],
        types: [
          { key: 'communication', title: { fr: 'Communication orale', en: 'Paper' }, limit: { unit: 'characters', max: 3000 } },
          { key: 'poster', title: { fr: 'Poster', en: 'Poster' }, limit: { unit: 'words', max: 300 } },
        ],
        fields: { keywords: true, theme: true, format: true },
        questions: [],
        maxProposalsPerSubmitter: 3,
        reviewersPerProposal: 2,
        reviewDeadline,
        anonymousReview: false,
        criteria: [
          { key: 'relevance', label: { fr: 'Pertinence', en: 'Relevance' }, weight: 2 },
          { key: 'clarity', label: { fr: 'Clarté', en: 'Clarity' }, weight: 1 },
        ],
      })
      .expect(200);
  });
  after(async () => {
    await stack?.close();
  });

  it('a visitor sees the call on the event page, reads it and signs up; the link comes by mail', { timeout: 120_000 }, async () => {
    const { page: p, close } = await page('fr-FR');
    try {
      await p.goto(`${t.baseUrl}/events/${slug}`);
      const box = p.getByRole('region', { name: 'Appel à communications' });
      await box.getByText(/L’appel est ouvert jusqu’au/).waitFor();
      // The closing date in the event's zone and in the visitor's (New York).
      await box.getByText(/dans votre fuseau horaire \(America\/New_York\)/).waitFor();
      await checkAccessibility(p, 'event page with its call');
      await box.getByRole('link', { name: 'Lire l’appel et proposer' }).click();

      await p.getByRole('heading', { level: 1, name: 'Appel à communications' }).waitFor();
      await p.getByText('La pair-aidance en santé mentale : savoirs expérientiels et recherche.').waitFor();
      await p.getByRole('region', { name: 'Thèmes' }).getByText('Les acteurs et leurs interactions').waitFor();
      await p.getByRole('region', { name: 'Types de propositions' }).getByText(/Communication orale.*résumé de 3\s000 caractères au plus/).waitFor();
      await checkAccessibility(p, 'call page');
      await screenshot(p, '01-call');

      // Nothing typed: the form says what is missing, on the fields.
      await p.getByRole('button', { name: 'Recevoir mon lien' }).click();
      await p.locator('.error-summary').waitFor();
      await p.getByLabel(/Votre nom/).fill('Camille Lefèvre');
      await p.getByLabel(/Adresse électronique/).fill(submitterEmail);
      await p.getByLabel(/Affiliation/).fill('Université Rennes 2');
      await p.getByRole('button', { name: 'Recevoir mon lien' }).click();
      await p.getByRole('heading', { name: 'Consultez votre messagerie' }).waitFor();
      await checkAccessibility(p, 'call page, signed up');
      linkToken(await mailTo(submitterEmail, () => true));
    } finally {
      await close();
    }
    // The same call in English, for a visitor whose browser speaks English.
    const { page: en, close: closeEn } = await page('en-GB');
    try {
      await en.goto(`${t.baseUrl}/events/${slug}/call`);
      await en.getByRole('heading', { level: 1, name: 'Call for communications' }).waitFor();
      await en.getByText(/The call is open until .* \(Central European Time\) — .* in your time zone \(America\/New_York\)/).waitFor();
      await en.getByRole('region', { name: 'Types of proposals' }).getByText(/Paper — abstract of at most 3,000 characters/).waitFor();
      await en.getByText('Peer support in mental health: lived experience and research.').waitFor();
      await checkAccessibility(en, 'call page in English');
    } finally {
      await closeEn();
    }
  });

  it('the submitter writes a proposal with the live count, is refused over the limit with the count and the limit in French, fixes it and submits', { timeout: 180_000 }, async () => {
    const token = linkToken(await mailTo(submitterEmail, () => true));
    // A phone: the form must work there too.
    const { page: p, close } = await page('fr-FR', { width: 390, height: 844 });
    try {
      await p.goto(`${t.baseUrl}/me#${token}`);
      const section = p.getByRole('region', { name: 'Mes propositions' });
      await section.getByText('Vous n’avez pas encore de proposition.').waitFor();
      await checkAccessibility(p, 'personal space of a submitter');
      await section.getByRole('link', { name: 'Ouvrir mes propositions' }).click();
      await p.getByRole('heading', { level: 1, name: 'Mes propositions' }).waitFor();
      await p.getByRole('button', { name: 'Nouvelle proposition' }).click();
      await p.getByLabel(/Type de proposition/).selectOption('communication');
      await p.getByLabel(/^Titre/).fill(title);
      await checkAccessibility(p, 'my proposals, a new one');
      await p.getByRole('button', { name: 'Créer le brouillon' }).click();
      await p.waitForURL(/\/me\/proposals\/[0-9a-f-]{36}$/);
      proposalId = p.url().split('/').pop()!;
      await p.getByRole('heading', { level: 1, name: title }).waitFor();
      await p.getByText('État : brouillon, non soumise').waitFor();

      await p.getByLabel(/^Thème/).selectOption('actors');
      await p.getByLabel(/Mots-clés/).fill('pair-aidance, recherche participative');
      const abstract = p.getByLabel(/^Résumé/);
      const count = p.locator('#field-abstract-count');
      const sentence = 'Les pairs-aidants participent à la recherche en santé mentale. ';
      const fitting = sentence.repeat(50).slice(0, 2871);
      await abstract.fill(fitting);
      let shown = '';
      const counted = (pattern: RegExp) => async () => pattern.test((shown = (await count.innerText()).trim()));
      await until('the live count', 10_000, counted(/^2\s871 \/ 3\s000 caractères$/)).catch((e: Error) => assert.fail(`${e.message}: "${shown}"`));
      // Over the limit: the count says it in words, not only in colour.
      await abstract.fill(fitting + 'x'.repeat(141));
      await until('the count over the limit', 10_000, counted(/^3\s012 \/ 3\s000 caractères — 12 caractères de trop$/)).catch((e: Error) => assert.fail(`${e.message}: "${shown}"`));
      await checkAccessibility(p, 'proposal, over the limit');
      await screenshot(p, '02-over-the-limit');

      // A co-author who presents with the submitter.
      await p.getByRole('button', { name: 'Ajouter un·e co-auteur·rice' }).click();
      await p.locator('[id="field-authors.1.name"]').fill('Eve Gardien');
      await p.locator('[id="field-authors.1.affiliation"]').fill('Université Rennes 2');
      // A conflict of interest with a member of the committee: tick the name.
      await p.getByRole('group', { name: 'Conflits d’intérêts' }).getByLabel(/Chyrell Bellamy/).check();

      // Submitted over the limit: the API's 422 on the field, with the count and the limit, in French.
      await p.getByRole('button', { name: 'Soumettre la proposition' }).click();
      const fieldError = p.locator('#field-abstract-error');
      await fieldError.waitFor();
      assert.match(await fieldError.innerText(), /Le résumé compte 3\s?012 caractères ; ce type de proposition en accepte au plus 3\s?000\./);
      await p.locator('.error-summary').getByRole('link', { name: /Résumé/ }).waitFor();
      await checkAccessibility(p, 'proposal refused over the limit');
      await screenshot(p, '03-refused');

      await abstract.fill(fitting);
      await until('the count back under the limit', 10_000, async () => !/de trop/.test(await count.innerText()));
      await p.getByRole('button', { name: 'Soumettre la proposition' }).click();
      await p.getByRole('status').filter({ hasText: 'Votre proposition est soumise.' }).waitFor();
      await p.getByText('État : soumise').waitFor();
      await checkAccessibility(p, 'proposal submitted');
      await screenshot(p, '04-submitted');

      const stored = (await api().get(`/api/events/${eventId}/call/proposals`).set(owner).expect(200)).body as { items: Array<{ id: string; state: string; abstract: string; authors: unknown[]; conflictPersonIds: string[]; keywords: string[] }> };
      const mine = stored.items.find((i) => i.id === proposalId)!;
      assert.equal(mine.state, 'submitted');
      assert.equal([...mine.abstract].length, 2871);
      assert.equal(mine.authors.length, 2);
      assert.deepEqual(mine.conflictPersonIds, [reviewers.chyrell.id]);
      assert.deepEqual(mine.keywords, ['pair-aidance', 'recherche participative']);
      await mailTo(submitterEmail, (m) => m.body.includes(title));

      // My proposals says so too.
      await p.getByRole('link', { name: 'Mes propositions' }).first().click();
      await p.getByRole('heading', { level: 1, name: 'Mes propositions' }).waitFor();
      await p.getByText('État : soumise').waitFor();
      await checkAccessibility(p, 'my proposals');

      // A second draft, withdrawn after a confirmation: it stays listed, withdrawn, and can no longer be changed.
      await p.getByRole('button', { name: 'Nouvelle proposition' }).click();
      await p.getByLabel(/Type de proposition/).selectOption('poster');
      await p.getByLabel(/^Titre/).fill('Un poster retiré');
      await p.getByRole('button', { name: 'Créer le brouillon' }).click();
      await p.getByRole('heading', { level: 1, name: 'Un poster retiré' }).waitFor();
      await p.getByRole('button', { name: 'Retirer cette proposition' }).click();
      await p.getByRole('group').getByText('Retirer « Un poster retiré » ?', { exact: false }).waitFor();
      await p.getByRole('button', { name: 'Oui, la retirer' }).click();
      await p.getByRole('status').filter({ hasText: 'La proposition est retirée.' }).waitFor();
      await p.getByText('État : retirée').waitFor();
      await p.getByText('Cette proposition a été retirée : elle ne peut plus être modifiée.').waitFor();
      assert.ok(await p.getByLabel(/^Titre/).isDisabled(), 'read-only once withdrawn');
      await checkAccessibility(p, 'proposal withdrawn');
    } finally {
      await close();
    }
  });

  it('a reviewer assigned automatically reviews in the browser, then sees the other review', { timeout: 180_000 }, async () => {
    // The author declared a conflict with Chyrell: a second reviewer is needed, without a conflict.
    const thirdEmail = `nev.${stamp}@example.org`;
    const third = (await api().post(`/api/events/${eventId}/people`).set(owner).send({ name: 'Nev Jones', affiliation: 'University of Pittsburgh', email: thirdEmail }).expect(201)).body.id as string;
    await api()
      .patch(`/api/events/${eventId}`)
      .set(owner)
      .send({ committees: { scientific: [{ personId: reviewers.larry.id }, { personId: reviewers.chyrell.id }, { personId: third }] } })
      .expect(200);
    const assigning = await api().post(`/api/events/${eventId}/call/assignments/auto`).set(owner).send({ reviewersPerProposal: 2 });
    assert.ok(assigning.status === 200 || assigning.status === 201, `assigned (${assigning.status})`);
    assert.equal((assigning.body as { assigned: number }).assigned, 2);
    const larryMail = await mailTo(reviewers.larry.email, () => true);
    const nevMail = await mailTo(thirdEmail, () => true);

    // Nev reviews through the API first.
    const nev = (await api().post('/api/access').send({ token: linkToken(nevMail) }).expect(200)).body as { accessToken: string };
    await api()
      .put(`/api/me/reviews/${proposalId}`)
      .set({ Authorization: `Bearer ${nev.accessToken}` })
      .send({ scores: { relevance: 4, clarity: 3 }, recommendation: 'accept_as_poster', commentToAuthors: 'Un beau sujet, à resserrer.', commentToCommittee: 'Plutôt en poster.', submit: true })
      .expect(200);

    const { page: p, close } = await page('fr-FR');
    try {
      await p.goto(`${t.baseUrl}/me#${linkToken(larryMail)}`);
      const section = p.getByRole('region', { name: 'Propositions à évaluer' });
      await section.getByText('0 évaluation soumise sur 1.').waitFor();
      await checkAccessibility(p, 'personal space of a reviewer');
      await section.getByRole('link', { name: 'Ouvrir les propositions à évaluer' }).click();
      await p.getByRole('heading', { level: 1, name: 'Propositions à évaluer' }).waitFor();
      await p.getByRole('row', { name: new RegExp(title) }).getByRole('cell', { name: 'à faire' }).waitFor();
      await checkAccessibility(p, 'my reviews');
      await p.getByRole('link', { name: title }).click();
      await p.getByRole('heading', { level: 1, name: title }).waitFor();
      // Not anonymised: the authors are shown; the other reviews only once mine is submitted.
      await p.getByText(/Camille Lefèvre \(Université Rennes 2\)/).waitFor();
      assert.equal(await p.getByRole('heading', { name: 'Les autres évaluations' }).count(), 0);
      await checkAccessibility(p, 'review form');

      await p.getByRole('group', { name: /Pertinence/ }).getByLabel('5 — excellent').check();
      await p.getByRole('group', { name: /Clarté/ }).getByLabel('4').check();
      await p.getByLabel(/^Recommandation/).selectOption('accept');
      await p.getByLabel(/^Commentaire aux auteurs/).fill('Une contribution claire et utile.');
      await p.getByLabel(/^Commentaire confidentiel au comité/).fill('À accepter.');
      await p.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await p.getByRole('status').filter({ hasText: 'Brouillon enregistré.' }).waitFor();
      await p.getByRole('button', { name: 'Soumettre mon évaluation' }).click();
      await p.getByRole('status').filter({ hasText: 'Votre évaluation est soumise.' }).waitFor();
      const others = p.getByRole('region', { name: 'Les autres évaluations' });
      await others.getByText('Un beau sujet, à resserrer.').waitFor();
      await others.getByText(/Accepter en poster/).waitFor();
      await checkAccessibility(p, 'review submitted, the other review shown');
      await screenshot(p, '05-reviewed');
    } finally {
      await close();
    }
    const reviews = (await api().get(`/api/events/${eventId}/call/proposals/${proposalId}/reviews`).set(owner).expect(200)).body as { reviews: Array<{ personId: string; submittedAt: string | null; scores: Record<string, number> }> };
    const larry = reviews.reviews.find((r) => r.personId === reviewers.larry.id)!;
    assert.ok(larry.submittedAt);
    assert.deepEqual(larry.scores, { relevance: 5, clarity: 4 });
  });

  it('after the decision, the submitter confirms in one click from the acceptance mail, and the book of abstracts shows the abstract', { timeout: 180_000 }, async () => {
    await api().put(`/api/events/${eventId}/call/proposals/${proposalId}/decision`).set(owner).send({ decision: 'accepted', message: 'Bravo, à bientôt à Rennes.' }).expect(200);
    const sent = await api().post(`/api/events/${eventId}/call/decisions/send`).set(owner).send({ includeReviewerComments: true });
    assert.ok(sent.status === 200 || sent.status === 201, `decisions sent (${sent.status})`);
    const acceptance = await mailTo(submitterEmail, (m) => /\[/.test(m.subject) && m.body.includes('confirm='));
    const link = acceptance.body.match(/https?:\/\/\S+\/me\?confirm=[^#\s]+#[A-Za-z0-9_-]{43}/)?.[0];
    assert.ok(link, 'the acceptance carries the one-click link');
    const path = link.replace(/^https?:\/\/[^/]+/, '');

    const { page: p, close } = await page('fr-FR');
    try {
      await p.goto(`${t.baseUrl}${path}`);
      const confirm = p.getByRole('region', { name: 'Votre réponse à l’acceptation' });
      await confirm.getByText(/acceptée/).waitFor();
      assert.equal(new URL(p.url()).hash, '', 'the token left the address bar');
      await checkAccessibility(p, 'personal space, the acceptance to confirm');
      await screenshot(p, '06-confirm');
      await confirm.getByRole('button', { name: `Je confirme que je présenterai « ${title} »` }).click();
      await confirm.getByRole('status').filter({ hasText: 'Merci : votre présentation est confirmée.' }).waitFor();
      const stored = (await api().get(`/api/events/${eventId}/call/proposals`).set(owner).expect(200)).body as { items: Array<{ id: string; state: string }> };
      assert.equal(stored.items.find((i) => i.id === proposalId)!.state, 'confirmed');

      // The proposal's page: the decision, the organisers' message, the reviewers' comments.
      await confirm.getByRole('link', { name: title }).click();
      const decision = p.getByRole('region', { name: 'Décision' });
      await decision.getByText('Votre proposition est acceptée.').waitFor();
      await decision.getByText('Bravo, à bientôt à Rennes.').waitFor();
      await decision.getByText('Une contribution claire et utile.').waitFor();
      await decision.getByText('Vous avez confirmé que vous la présenterez.').waitFor();
      await checkAccessibility(p, 'proposal decided and confirmed');

      // The book of abstracts, linked from the event page.
      await p.goto(`${t.baseUrl}/events/${slug}`);
      await p.getByRole('region', { name: 'Appel à communications' }).getByRole('link', { name: 'Livre des résumés' }).click();
      await p.getByRole('heading', { level: 1, name: 'Livre des résumés' }).waitFor();
      const entry = p.getByRole('article', { name: title });
      await entry.getByText(/Les pairs-aidants participent à la recherche en santé mentale\./).first().waitFor();
      await entry.getByText('Camille Lefèvre').first().waitFor();
      await entry.getByText(/Eve Gardien/).waitFor();
      await entry.getByText(/pair-aidance, recherche participative/).waitFor();
      for (const format of ['PDF', 'CSV', 'JSON']) {
        const href = await p.getByRole('link', { name: `Télécharger le ${format}` }).getAttribute('href');
        assert.equal((await p.request.get(`${t.baseUrl}${href}`)).status(), 200, format);
      }
      await checkAccessibility(p, 'book of abstracts');
      await screenshot(p, '07-book');
      assert.deepEqual(consoleErrors.filter((e) => !/status of 422/.test(e)), [], 'no error in the browser console but the expected refusal');
    } finally {
      await close();
    }
  });
});

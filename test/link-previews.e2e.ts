import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { startTestApp, type TestApp } from './support/harness';
import { wavFile } from './support/media';
import { EventsService } from '../apps/api/src/events/events.service';

/**
 * Issue 13, link previews: the public pages of a published event (event, session, person,
 * recording) are sent with their title, description, canonical URL, Open Graph and Twitter tags,
 * and the event page with a schema.org Event, in the HTML the server sends (no browser, no script).
 */

type Auth = { Authorization: string };
type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['node'];
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies and JSON-LD are read as JSON */
type Json = any;

const PUBLIC_URL = 'https://amphi.example.org';
// A 1×1 PNG: the poster is an image, so it is the preview's og:image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The <head> of a page as the tests read it, through a real HTML parser (what a crawler does). */
interface Head {
  lang: string | undefined;
  titles: string[];
  meta: (key: string) => string[];
  canonical: string[];
  jsonLd: Json[];
  /** Every <script> element of the document (to prove no injected one). */
  scripts: Element[];
}

function readHead(html: string): Head {
  const document = parse(html);
  const elements: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) elements.push(node);
    const children = 'childNodes' in node ? node.childNodes : [];
    for (const child of children) walk(child);
    if ('content' in node && node.content) walk(node.content as Node);
  };
  walk(document as Node);
  const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
  const text = (e: Element) => e.childNodes.map((c) => ('value' in c ? c.value : '')).join('');
  const htmlElement = elements.find((e) => e.tagName === 'html')!;
  const inHead = (e: Element): boolean => {
    for (let p: Node | null = e.parentNode as Node | null; p; p = 'parentNode' in p ? (p.parentNode as Node | null) : null) if ('tagName' in p && p.tagName === 'head') return true;
    return false;
  };
  const metas = elements.filter((e) => e.tagName === 'meta' && inHead(e));
  return {
    lang: attr(htmlElement, 'lang'),
    titles: elements.filter((e) => e.tagName === 'title').map(text),
    meta: (key) => metas.filter((m) => attr(m, 'property') === key || attr(m, 'name') === key).map((m) => attr(m, 'content') ?? ''),
    canonical: elements.filter((e) => e.tagName === 'link' && attr(e, 'rel') === 'canonical').map((e) => attr(e, 'href') ?? ''),
    jsonLd: elements.filter((e) => e.tagName === 'script' && attr(e, 'type') === 'application/ld+json').map((e) => JSON.parse(text(e))),
    scripts: elements.filter((e) => e.tagName === 'script'),
  };
}

describe('link previews in the HTML the server sends', () => {
  let t: TestApp;
  let owner: Auth;
  let webDist: string;

  before(async () => {
    // The web app's index.html as its build ships it (same <head>), without building the whole app.
    webDist = mkdtempSync(join(tmpdir(), 'amphi-web-'));
    copyFileSync(join(__dirname, '..', '..', 'apps', 'web', 'index.html'), join(webDist, 'index.html'));
    t = await startTestApp({ WEB_DIST_DIR: webDist, PUBLIC_URL });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    await t?.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  const slug = (base: string) => `${base}-${randomBytes(4).toString('hex')}`;
  async function post(url: string, body: Record<string, unknown>): Promise<Json> {
    const res = await t.http().post(url).set(owner).send(body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }
  async function page(path: string, acceptLanguage?: string): Promise<{ html: string; head: Head }> {
    const req = t.http().get(path);
    if (acceptLanguage) req.set('Accept-Language', acceptLanguage);
    const res = await req.expect(200).expect('Content-Type', /text\/html/);
    return { html: res.text, head: readHead(res.text) };
  }

  it('serves the event, session, person and recording pages with their title, description, Open Graph tags and the event’s schema.org Event, in French and English', async () => {
    const event = await post('/api/events', {
      slug: slug('pair-aidance'),
      title: { fr: 'Pair-aidance et savoirs expérientiels', en: 'Peer support and experiential knowledge' },
      subtitle: { fr: 'Journée d’étude en ligne', en: 'An online study day' },
      description: { fr: 'Une journée pour croiser les savoirs.', en: 'A day to cross knowledges.' },
      mainLanguage: 'fr',
      timeZone: 'Europe/Paris',
      startDate: '2027-03-11',
      endDate: '2027-03-12',
      format: 'hybrid',
      venue: { name: 'Maison de la recherche', address: '4 rue des Irlandais', city: 'Paris', country: 'FR' },
      contact: { name: 'Programme Pair-aidance', url: 'https://pair-aidance.example.org' },
    });
    const gardien = await post(`/api/events/${event.id}/people`, { name: 'Ève Gardien', affiliation: 'Université Rennes 2', title: { fr: 'sociologue', en: 'sociologist' } });
    const session = await post(`/api/events/${event.id}/sessions`, {
      type: 'plenary',
      title: { fr: 'Conférence d’ouverture', en: 'Opening lecture' },
      startsAt: '2027-03-11T09:30',
      endsAt: '2027-03-11T10:30',
      chairs: [gardien.id],
      talks: [],
    });
    const poster = await t.http().post(`/api/events/${event.id}/downloads`).set(owner).attach('file', PNG, 'affiche.png').field('kind', 'poster').field('title.fr', 'Affiche').expect(201);
    const recording = (await t.http().post(`/api/events/${event.id}/sessions/${session.id}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(1, 'noise')).expect(201)).body;
    await t.http().post(`/api/events/${event.id}/recordings/${recording.id}/publish`).set(owner).expect(200);
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
    const posterUrl = `${PUBLIC_URL}/api/public/events/${event.slug}/downloads/${poster.body.id}`;

    // The event page: no Accept-Language (a crawler) gives the event's main language, French.
    const fr = (await page(`/events/${event.slug}`)).head;
    assert.equal(fr.lang, 'fr');
    assert.deepEqual(fr.titles, ['Pair-aidance et savoirs expérientiels · Amphi'], 'one title, the generic one replaced');
    assert.deepEqual(fr.meta('og:title'), ['Pair-aidance et savoirs expérientiels']);
    assert.equal(fr.meta('description').length, 1, 'the generic description is replaced, not doubled');
    assert.match(fr.meta('description')[0], /^11 mars 2027 – 12 mars 2027, en ligne et sur place\. Journée d’étude en ligne$/);
    assert.deepEqual(fr.meta('og:description'), fr.meta('description'));
    assert.deepEqual(fr.canonical, [`${PUBLIC_URL}/events/${event.slug}`]);
    assert.deepEqual(fr.meta('og:url'), [`${PUBLIC_URL}/events/${event.slug}`]);
    assert.deepEqual([fr.meta('og:type'), fr.meta('og:site_name'), fr.meta('og:locale'), fr.meta('og:locale:alternate')], [['website'], ['Amphi'], ['fr_FR'], ['en_GB']]);
    assert.deepEqual(fr.meta('og:image'), [posterUrl]);
    assert.deepEqual(fr.meta('twitter:card'), ['summary_large_image']);
    // The poster the tag names is served.
    await t.http().get(new URL(posterUrl).pathname).expect(200).expect('Content-Type', /image\/png/);

    // The schema.org Event, parsed from the page.
    assert.equal(fr.jsonLd.length, 1);
    const ld = fr.jsonLd[0];
    assert.deepEqual([ld['@context'], ld['@type'], ld.name, ld.inLanguage], ['https://schema.org', 'Event', 'Pair-aidance et savoirs expérientiels', 'fr']);
    assert.match(ld.startDate, /^2027-03-11T00:00(:00(\.000)?)?\+01:00$/, 'the start in the event’s zone, with its offset');
    assert.match(ld.endDate, /^2027-03-1[23]T\d\d:\d\d(:\d\d(\.\d+)?)?\+01:00$/);
    assert.equal(ld.eventAttendanceMode, 'https://schema.org/MixedEventAttendanceMode');
    assert.equal(ld.eventStatus, 'https://schema.org/EventScheduled');
    assert.deepEqual(ld.location, [
      { '@type': 'VirtualLocation', url: `${PUBLIC_URL}/events/${event.slug}` },
      { '@type': 'Place', name: 'Maison de la recherche', address: { '@type': 'PostalAddress', streetAddress: '4 rue des Irlandais', addressLocality: 'Paris', addressCountry: 'FR' } },
    ]);
    assert.deepEqual(ld.organizer, { '@type': 'Organization', name: 'Programme Pair-aidance', url: 'https://pair-aidance.example.org' });
    assert.deepEqual(ld.image, [posterUrl]);
    assert.deepEqual(
      ld.subEvent.map((s: Json) => [s.name, s.startDate, s.url]),
      [['Conférence d’ouverture', session.startsAt, `${PUBLIC_URL}/events/${event.slug}/sessions/${session.id}`]],
    );

    // English, by Accept-Language (en-GB counts) or by ?lang=.
    for (const { path, accept } of [
      { path: `/events/${event.slug}`, accept: 'en-GB,en;q=0.9,de;q=0.5' },
      { path: `/events/${event.slug}?lang=en`, accept: 'fr' },
    ]) {
      const en = (await page(path, accept)).head;
      assert.equal(en.lang, 'en');
      assert.deepEqual(en.meta('og:title'), ['Peer support and experiential knowledge']);
      assert.match(en.meta('og:description')[0], /^March 11, 2027 – March 12, 2027, online and on site\. An online study day$/);
      assert.deepEqual([en.meta('og:locale'), en.meta('og:locale:alternate')], [['en_GB'], ['fr_FR']]);
      assert.equal(en.jsonLd[0].name, 'Peer support and experiential knowledge');
    }
    // A language Amphi does not speak leaves the event's own.
    assert.equal((await page(`/events/${event.slug}`, 'de-DE,de;q=0.9')).head.lang, 'fr');

    // The session page.
    const sessionFr = (await page(`/events/${event.slug}/sessions/${session.id}`, 'fr-FR')).head;
    assert.deepEqual(sessionFr.meta('og:title'), ['Conférence d’ouverture · Pair-aidance et savoirs expérientiels']);
    assert.match(sessionFr.meta('og:description')[0], /^11 mars 2027 (à )?09:30 UTC\+1\. Pair-aidance/);
    assert.deepEqual(sessionFr.canonical, [`${PUBLIC_URL}/events/${event.slug}/sessions/${session.id}`]);
    assert.deepEqual(sessionFr.meta('og:image'), [posterUrl]);
    assert.deepEqual(sessionFr.jsonLd, [], 'the structured data is the event page’s');
    const sessionEn = (await page(`/events/${event.slug}/sessions/${session.id}`, 'en')).head;
    assert.deepEqual([sessionEn.lang, sessionEn.meta('og:title')], ['en', ['Opening lecture · Peer support and experiential knowledge']]);

    // The person page.
    const personEn = (await page(`/events/${event.slug}/people/${gardien.id}`, 'en')).head;
    assert.deepEqual(personEn.meta('og:title'), ['Ève Gardien · Peer support and experiential knowledge']);
    assert.deepEqual(personEn.meta('og:type'), ['profile']);
    assert.match(personEn.meta('og:description')[0], /^sociologist, Université Rennes 2\. Speaker at Peer support/);
    const personFr = (await page(`/events/${event.slug}/people/${gardien.id}`, 'fr')).head;
    assert.match(personFr.meta('og:description')[0], /^sociologue, Université Rennes 2\. Intervenant·e de Pair-aidance/);

    // The recording page: titled after its session.
    const recordingFr = (await page(`/events/${event.slug}/recordings/${recording.id}`)).head;
    assert.deepEqual(recordingFr.meta('og:url'), [`${PUBLIC_URL}/events/${event.slug}/recordings/${recording.id}`]);
    assert.match(recordingFr.meta('og:title')[0], / · Pair-aidance et savoirs expérientiels$/);
    assert.deepEqual(recordingFr.meta('og:type'), ['video.other']);

    // An unknown session, person or recording of a published event: the plain page.
    for (const path of [`/events/${event.slug}/sessions/7a1c2f4e-0000-4000-8000-000000000000`, `/events/${event.slug}/people/42`, `/events/${event.slug}/recordings/%E0%A4%A`]) {
      const plain = (await page(path)).head;
      assert.deepEqual([plain.titles, plain.meta('og:title'), plain.jsonLd], [['Amphi'], [], []], path);
    }
  });

  it('escapes what organisers write: a title with </script><script> and quotes stays text in the tags and in the JSON-LD', async () => {
    const hostile = `A "quoted" </script><script>alert('x')</script> & <b>bold</b> title`;
    const event = await post('/api/events', {
      slug: slug('hostile'),
      title: { en: hostile },
      description: { en: `Line one\u2028line two </script><!-- "` },
      mainLanguage: 'en',
      timeZone: 'America/Montreal',
      startDate: '2027-06-02',
      endDate: '2027-06-02',
      format: 'online',
    });
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
    const { html, head } = await page(`/events/${event.slug}`);
    assert.equal(head.scripts.filter((s) => s.attrs.find((a) => a.name === 'type')?.value !== 'application/ld+json').length, 1, 'only the app’s own module script: nothing injected');
    assert.ok(!html.includes(`<script>alert('x')`), 'no live script tag');
    assert.deepEqual(head.titles, [`${hostile} · Amphi`], 'the title reads as the organiser wrote it');
    assert.deepEqual(head.meta('og:title'), [hostile]);
    assert.equal(head.jsonLd.length, 1);
    assert.equal(head.jsonLd[0].name, hostile, 'the JSON-LD parses back to the same text');
    assert.equal(head.jsonLd[0].description, 'Line one\u2028line two </script><!-- "');
    assert.equal(head.jsonLd[0].eventAttendanceMode, 'https://schema.org/OnlineEventAttendanceMode');
    assert.deepEqual(head.jsonLd[0].location, { '@type': 'VirtualLocation', url: `${PUBLIC_URL}/events/${event.slug}` });
    assert.match(head.jsonLd[0].startDate, /-04:00$/, 'the offset of the event’s zone');
    assert.deepEqual(head.meta('og:image'), [], 'no poster, no image');
    assert.deepEqual(head.meta('twitter:card'), ['summary']);
  });

  it('a crowd opening a shared link at once costs one read of the event', async () => {
    const event = await post('/api/events', {
      slug: slug('foule'),
      title: { fr: 'Colloque très attendu', en: 'Much awaited conference' },
      mainLanguage: 'fr',
      timeZone: 'Europe/Paris',
      startDate: '2027-10-07',
      endDate: '2027-10-08',
      format: 'online',
    });
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
    // Count the reads through the very service the previews use (the real one, only observed).
    const events = t.app.get(EventsService);
    const original = events.requirePublishedBySlug;
    let reads = 0;
    events.requirePublishedBySlug = function (this: EventsService, ...args: Parameters<EventsService['requirePublishedBySlug']>) {
      if (args[0] === event.slug) reads++;
      return original.apply(this, args);
    };
    try {
      const crowd = await Promise.all(Array.from({ length: 40 }, (_, i) => page(`/events/${event.slug}`, i % 2 ? 'en' : 'fr')));
      assert.deepEqual(new Set(crowd.map((c) => c.head.meta('og:title')[0])), new Set(['Colloque très attendu', 'Much awaited conference']), 'each in its language');
      assert.equal(reads, 1, 'forty requests, one read');
    } finally {
      events.requirePublishedBySlug = original;
    }
  });

  it('a draft event’s pages show nothing of it, and neither do unknown events', async () => {
    const secret = 'Projet confidentiel de colloque';
    const draft = await post('/api/events', {
      slug: slug('brouillon'),
      title: { fr: secret },
      description: { fr: 'Pas encore annoncé' },
      mainLanguage: 'fr',
      timeZone: 'Europe/Paris',
      startDate: '2027-09-01',
      endDate: '2027-09-01',
      format: 'in_person',
      venue: { name: 'Salle secrète' },
    });
    const person = await post(`/api/events/${draft.id}/people`, { name: 'Personne Discrète' });
    const session = await post(`/api/events/${draft.id}/sessions`, { type: 'plenary', title: { fr: 'Séance cachée' }, startsAt: '2027-09-01T10:00', endsAt: '2027-09-01T11:00', chairs: [person.id], talks: [] });
    for (const path of [`/events/${draft.slug}`, `/events/${draft.slug}/sessions/${session.id}`, `/events/${draft.slug}/people/${person.id}`, '/events/no-such-event']) {
      const { html, head } = await page(path);
      for (const leak of [secret, 'Pas encore annoncé', 'Salle secrète', 'Personne Discrète', 'Séance cachée', draft.slug]) assert.ok(!html.includes(leak), `${path} shows "${leak}"`);
      assert.deepEqual([head.titles, head.meta('og:title'), head.canonical, head.jsonLd, head.lang], [['Amphi'], [], [], [], 'en'], path);
    }
    // Other pages of the app are the plain page too.
    assert.deepEqual((await page('/organiser/events')).head.titles, ['Amphi']);
  });
});

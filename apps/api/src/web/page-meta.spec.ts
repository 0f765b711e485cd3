import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchPublicPage, previewLanguage, scriptSafeJson, withPageMeta, type PageMeta } from './page-meta';

describe('matchPublicPage', () => {
  it('names the four public pages with a preview, and nothing else', () => {
    assert.deepEqual(matchPublicPage('/events/journee-2027'), { kind: 'event', slug: 'journee-2027' });
    assert.deepEqual(matchPublicPage('/events/journee-2027/'), { kind: 'event', slug: 'journee-2027' });
    assert.deepEqual(matchPublicPage('/events/j/sessions/s1'), { kind: 'session', slug: 'j', id: 's1' });
    assert.deepEqual(matchPublicPage('/events/j/people/p1'), { kind: 'person', slug: 'j', id: 'p1' });
    assert.deepEqual(matchPublicPage('/events/j/recordings/r1'), { kind: 'recording', slug: 'j', id: 'r1' });
    for (const path of ['/', '/me', '/events', '/events/j/register', '/events/j/sessions/s1/live', '/organiser/events/j', '/events/%E0%A4%A']) assert.equal(matchPublicPage(path), null, path);
  });
});

describe('previewLanguage', () => {
  it('takes ?lang=, else French or English from Accept-Language by q-value, else the event’s main language', () => {
    assert.equal(previewLanguage('en', 'fr', 'fr'), 'en');
    assert.equal(previewLanguage(['fr'], 'en', 'en'), 'fr');
    assert.equal(previewLanguage('de', 'en-GB,en;q=0.9', 'fr'), 'en', 'a language Amphi does not speak in ?lang= is ignored');
    assert.equal(previewLanguage(undefined, 'de,en;q=0.5,fr;q=0.8', 'en'), 'fr');
    assert.equal(previewLanguage(undefined, 'fr-CA', 'en'), 'fr');
    assert.equal(previewLanguage(undefined, 'de-DE,de;q=0.9', 'fr'), 'fr', 'neither named: the event’s own language');
    assert.equal(previewLanguage(undefined, 'en;q=0', 'fr'), 'fr', 'q=0 means not this one');
    assert.equal(previewLanguage(undefined, undefined, 'en'), 'en');
  });
});

describe('scriptSafeJson', () => {
  it('leaves nothing that could end or bend a <script> element, and parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script> <!-- & -->', line: 'a\u2028b\u2029c' };
    const json = scriptSafeJson(value);
    assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(json), value);
  });
});

describe('withPageMeta', () => {
  // index.html as Vite builds it: its scripts and stylesheet are in <head> and must stay.
  const built = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="description" content="Amphi: online study days." />
    <title>Amphi</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-abc.css">
  </head>
  <body><div id="root"></div></body>
</html>`;
  const meta: PageMeta = { lang: 'fr', title: 'Journée $& d’étude', description: 'Le 11 mars', url: 'https://a.example/events/j', type: 'website', image: null, jsonLd: { name: '$1' } };

  it('replaces the generic title, description and language, keeps the build’s scripts, and adds the tags at the end of <head>', () => {
    const html = withPageMeta(built, meta);
    assert.match(html, /<html lang="fr">/);
    assert.equal(html.match(/<title>/g)?.length, 1);
    assert.match(html, /<title>Journée \$&amp; d’étude · Amphi<\/title>/, 'no replacement pattern ($&) is expanded');
    assert.equal(html.match(/name="description"/g)?.length, 1);
    assert.match(html, /<meta name="description" content="Le 11 mars" \/>/);
    assert.match(html, /<script type="module" crossorigin src="\/assets\/index-abc.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" crossorigin href="\/assets\/index-abc.css">/);
    assert.match(html, /<script type="application\/ld\+json">\{"name":"\$1"\}<\/script>\n {2}<\/head>/);
    assert.match(html, /<body><div id="root"><\/div><\/body>/);
  });
});

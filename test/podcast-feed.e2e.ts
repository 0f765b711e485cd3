import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createCanvas } from '@napi-rs/canvas';
import { XMLParser } from 'fast-xml-parser';
import { parseFeed } from 'podcast-partytime';
import { itunesCategoriesSourceOfTruth as appleCategories } from 'podcast-partytime/dist/parser/itunes-categories';
import { PODCAST_CATEGORIES, type PodcastSettingsView, type PodcastView, type RecordingAdminView } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent } from './support/live-event';
import { wavFile } from './support/media';
import { until } from './support/wait';
import { uuidV5 } from '../apps/api/src/recordings/podcast/podcast-feed';

/**
 * Issue 15: the event's podcast feed as directories read it. The feed is fetched over HTTP and read
 * by a Podcasting 2.0 parser (podcast-partytime) and by fast-xml-parser, then checked against a
 * written list of Apple Podcasts' requirements and the Podcasting 2.0 tags; every URL it gives is
 * fetched. The episode is a real upload, made into the podcast MP3 by the real ffmpeg job.
 */

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

/** Reads a response body as bytes. */
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** A PNG of width × height (an organiser's artwork). */
const png = (width: number, height: number) => {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#336699';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#ffcc00';
  ctx.fillRect(width / 4, height / 4, width / 2, height / 2);
  return canvas.toBuffer('image/png');
};

describe('the podcast feed, as directories read it', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;
  let ownerEmail: string;
  let work: string;

  before(async () => {
    smtp = await startMailCatcher();
    // No transcriber here: the transcript is typed by the organiser (the transcripts' own tests run the real one).
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', TRANSCRIBER_COMMAND: 'off', RATE_LIMIT_REGISTRATION_PER_IP: '100000', RATE_LIMIT_ACCESS_PER_IP: '100000' });
    const organiser = await t.organiser();
    owner = organiser.auth;
    ownerEmail = organiser.email;
    work = mkdtempSync(join(tmpdir(), 'amphi-podcast-'));
  });
  after(async () => {
    await t.close();
    await smtp.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** The size in pixels of an image, as ffprobe (not the API's own library) reads it. */
  const pixels = (bytes: Buffer, name: string) => {
    const file = join(work, name);
    writeFileSync(file, bytes);
    const stream = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', file], { encoding: 'utf8' })).streams[0];
    return { width: Number(stream.width), height: Number(stream.height), codec: stream.codec_name as string };
  };
  const path = (url: string) => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };

  it('passes Apple Podcasts’ requirements and carries the Podcasting 2.0 tags', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const description = 'Two days on how laboratories shared their notebooks, with the questions of the audience & their answers.';
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ subtitle: { en: 'History of science' }, description: { en: description } }).expect(200);

    // A recording uploaded as WAV, made into the podcast MP3 by the background job.
    const audio = wavFile(4, 'tone');
    const uploaded = (await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/wav').send(audio).expect(201)).body as RecordingAdminView;
    let rec = uploaded;
    await until('the podcast_audio job is done', 90_000, async () => {
      rec = (await t.http().get(`/api/events/${ev.id}/recordings/${uploaded.id}`).set(owner).expect(200)).body;
      const job = rec.jobs.find((j) => j.kind === 'podcast_audio');
      assert.notEqual(job?.status, 'failed', `the podcast_audio job failed: ${JSON.stringify(job?.error)}`);
      return job?.status === 'done';
    });
    const podcastFile = rec.files.find((f) => f.kind === 'podcast');
    assert.ok(podcastFile, 'the podcast file is made');
    assert.ok(rec.probe && rec.durationSeconds, 'the recording is probed');

    // A transcript typed by the organiser; then the speaker's consent and publication.
    await t.http().put(`/api/events/${ev.id}/recordings/${rec.id}/transcript`).set(owner).send({ segments: [{ start: 0, end: 2, text: 'Welcome to this study day.' }, { start: 2, end: 4, text: 'Our first speaker.' }] }).expect(200);
    await t.http().put(`/api/me/recordings/${rec.id}/consent`).set(bearer(await ev.speakerToken())).send({ decision: 'granted' }).expect(200);
    await t.http().post(`/api/events/${ev.id}/recordings/${rec.id}/publish`).set(owner).expect(200);

    const settings = (await t.http().put(`/api/events/${ev.id}/podcast`).set(owner).send({ ownerName: 'Lab of History', ownerEmail: 'podcast@example.org', author: 'Study day team', categories: ['Science/Physics', 'Education'], explicit: false }).expect(200)).body as PodcastSettingsView;
    assert.deepEqual(settings.defaults, { ownerName: false, ownerEmail: false, author: false });

    const first = await t.http().get(`/api/public/events/${ev.slug}/podcast.xml`).expect(200);
    assert.match(first.headers['content-type'], /^application\/rss\+xml; charset=utf-8/);
    const xml = first.text;
    const again = (await t.http().get(`/api/public/events/${ev.slug}/podcast.xml`).expect(200)).text;

    // --- The Podcasting 2.0-aware parser ---
    const feed = parseFeed(xml);
    assert.ok(feed, 'podcast-partytime reads the feed');
    const raw = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => ['item', 'itunes:category', 'podcast:person', 'podcast:transcript'].includes(name) }).parse(xml);
    const channel = raw.rss.channel;

    // --- Apple Podcasts' requirements (https://podcasters.apple.com/support/823-podcast-requirements) ---
    assert.equal(raw.rss['@version'], '2.0', 'RSS 2.0');
    assert.equal(raw.rss['@xmlns:itunes'], 'http://www.itunes.com/dtds/podcast-1.0.dtd', 'the iTunes namespace, exactly');
    assert.equal(feed.title, 'Study day', 'channel <title>');
    assert.equal(feed.description, description, '<description> is the event’s description');
    assert.notEqual(feed.description, feed.title, 'the description is not the title again');
    assert.equal(feed.language, 'en', '<language> is the event’s main language');
    assert.match(feed.link, new RegExp(`/events/${ev.slug}$`), '<link> to the event’s page');
    assert.equal(feed.author, 'Study day team', 'itunes:author');
    assert.deepEqual(feed.owner, { name: 'Lab of History', email: 'podcast@example.org' }, 'itunes:owner with a name and an e-mail');
    assert.equal(channel['itunes:explicit'], 'false', 'itunes:explicit says true or false');
    assert.equal(feed.explicit, false);
    assert.equal(feed.itunesType, 'episodic', 'itunes:type');
    // Categories: from Apple's list, a subcategory nested in its parent.
    const categories = channel['itunes:category'] as Array<Record<string, unknown>>;
    assert.deepEqual(categories.map((c) => c['@text']), ['Science', 'Education']);
    assert.deepEqual([categories[0]['itunes:category']].flat().map((c) => (c as { '@text': string })['@text']), ['Physics'], 'Physics nested in Science');
    const isApples = (parent: string, child?: string) => appleCategories.some((c) => c.name === parent && (child === undefined || c.subCategories.includes(child)));
    for (const c of categories) for (const sub of [c['itunes:category'] ?? []].flat() as Array<{ '@text': string }>) assert.ok(isApples(c['@text'] as string, sub['@text']), `${c['@text']} / ${sub['@text']} is one of Apple's categories`);
    for (const c of categories) assert.ok(isApples(c['@text'] as string), `${c['@text']} is one of Apple's categories`);
    for (const offered of PODCAST_CATEGORIES) assert.ok(isApples(...(offered.split('/') as [string, string?])), `the category offered to organisers ${offered} is one of Apple's`);
    assert.deepEqual(feed.itunesCategory, ['Science > Physics', 'Education'], 'podcast-partytime finds the categories in Apple’s list');
    // Artwork: itunes:image and <image>, an absolute URL ending .png or .jpg, which answers a square image of 1400–3000 px.
    const artworkUrl = feed.itunesImage!;
    assert.ok(artworkUrl, 'itunes:image href');
    assert.match(new URL(artworkUrl).pathname, /\.(png|jpg)$/, 'the artwork URL ends in its extension');
    assert.equal(feed.image?.url, artworkUrl, '<image> is the same artwork');
    const art = await binary(t.http().get(path(artworkUrl))).expect(200);
    assert.match(art.headers['content-type'], /^image\/(png|jpeg)$/);
    assert.ok(art.headers.etag, 'the artwork has an ETag');
    assert.match(art.headers['cache-control'], /max-age=\d+/);
    const size = pixels(art.body as Buffer, 'artwork');
    assert.equal(size.width, size.height, `the artwork is square (${size.width} × ${size.height})`);
    assert.ok(size.width >= 1400 && size.width <= 3000, `the artwork is 1400–3000 px (${size.width})`);
    await t.http().get(path(artworkUrl)).set('If-None-Match', art.headers.etag).expect(304);

    // Episodes.
    assert.equal(feed.items.length, 1, 'one episode: the published recording');
    const [episode] = feed.items;
    const item = raw.rss.channel.item[0];
    assert.equal(episode.title, 'Plenary now', 'episode <title>');
    assert.ok(episode.description && episode.description !== episode.title, 'episode <description>');
    assert.equal(episode.guid, rec.id, 'the guid is the recording’s id');
    assert.equal(item.guid['@isPermaLink'], 'false', 'the guid is not a permalink');
    assert.ok(episode.pubDate && !Number.isNaN(episode.pubDate.getTime()), 'pubDate');
    assert.equal(item['itunes:episodeType'], 'full');
    assert.equal(item['itunes:explicit'], 'false');
    assert.equal(episode.duration, rec.durationSeconds, 'itunes:duration is the probe’s duration');
    assert.equal(item['itunes:duration'], String(Math.round(rec.probe!.durationSeconds)), 'itunes:duration in seconds');
    // The enclosure: the podcast MP3, with its exact length, answering 200 with that type and length.
    assert.equal(episode.enclosure.type, 'audio/mpeg', 'the enclosure is the podcast MP3');
    assert.equal(episode.enclosure.length, podcastFile.size, 'the enclosure’s length is the file’s');
    const enclosure = await binary(t.http().get(path(episode.enclosure.url))).expect(200);
    assert.match(enclosure.headers['content-type'], /^audio\/mpeg/);
    assert.equal(Number(enclosure.headers['content-length']), episode.enclosure.length, 'Content-Length equals the advertised length');
    assert.equal((enclosure.body as Buffer).length, episode.enclosure.length);
    assert.equal((await t.http().head(path(episode.enclosure.url)).expect(200)).headers['accept-ranges'], 'bytes', 'byte ranges (Apple requires them)');
    // Stable GUIDs: unique, and the same on a second fetch.
    const guids = (x: string) => [...x.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((m) => m[1]);
    assert.equal(new Set(guids(xml)).size, guids(xml).length, 'GUIDs are unique');
    assert.deepEqual(guids(again), guids(xml), 'GUIDs are stable across fetches');
    assert.equal(parseFeed(again)?.guid, feed.guid, 'podcast:guid is stable');

    // --- The Podcasting 2.0 namespace (https://podcastindex.org/namespace/1.0) ---
    assert.equal(raw.rss['@xmlns:podcast'], 'https://podcastindex.org/namespace/1.0');
    const self = channel['atom:link'];
    const selfUrl = [self].flat().find((l: Record<string, string>) => l['@rel'] === 'self')?.['@href'] as string;
    assert.match(selfUrl, new RegExp(`/api/public/events/${ev.slug}/podcast.xml$`), 'atom:link rel=self');
    assert.equal(feed.guid, uuidV5(selfUrl.replace(/^https?:\/\//, ''), 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6'), 'podcast:guid is the UUIDv5 of the feed URL without its scheme');
    assert.match(feed.guid!, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(feed.locked, false, 'podcast:locked no');
    assert.equal(feed.podcastOwner, 'podcast@example.org');
    // Chapters: their URL answers JSON chapters.
    assert.equal(episode.podcastChapters?.type, 'application/json+chapters');
    const chapters = await t.http().get(path(episode.podcastChapters!.url)).buffer(true).expect(200);
    assert.equal(JSON.parse(chapters.text).version, '1.2.0');
    // Transcript: WebVTT, answered as text/vtt.
    const transcripts = episode.podcastTranscripts ?? [];
    assert.equal(transcripts.length, 1, 'one podcast:transcript');
    assert.equal(transcripts[0].type, 'text/vtt');
    assert.equal(transcripts[0].language, 'en');
    const vtt = await t.http().get(path(transcripts[0].url)).buffer(true).expect(200);
    assert.match(vtt.headers['content-type'], /^text\/vtt/);
    assert.match(vtt.text, /^WEBVTT/);
    assert.match(vtt.text, /Welcome to this study day\./);
    // People: the chair as host, the speaker as guest, each linking to their public page.
    const people = episode.podcastPeople ?? [];
    assert.deepEqual(people.map((p) => [p.name, p.role, p.group]).sort(), [['Eve Gardien', 'Host', 'Cast'], ['Lise Demailly', 'Guest', 'Cast']], 'roles and group of the Podcast Taxonomy (the parser maps them onto its list)');
    assert.deepEqual((item['podcast:person'] as Array<Record<string, string>>).map((p) => [p['#text'], p['@role'], p['@group']]), [['Eve Gardien', 'host', 'cast'], ['Lise Demailly', 'guest', 'cast']], 'written in lower case, as the namespace’s examples');
    const speaker = people.find((p) => p.name === 'Lise Demailly')!;
    assert.match(speaker.href ?? '', new RegExp(`/events/${ev.slug}/people/${ev.speakerId}$`));

    // The subscribe page's facts agree with the feed.
    const page = (await t.http().get(`/api/public/events/${ev.slug}/podcast`).expect(200)).body as PodcastView;
    assert.deepEqual([page.title, page.description, page.language, page.author, page.episodes], ['Study day', description, 'en', 'Study day team', 1]);
    assert.equal(page.feedUrl, selfUrl);
    assert.equal(path(`http://x${page.artworkUrl}`), path(artworkUrl));
    await t.http().get('/api/public/events/no-such-event/podcast').expect(404);
    await t.http().get('/api/public/events/no-such-event/podcast/artwork').expect(404);
  });

  it('takes the owner from the event and the author from its title until organisers set them; null goes back to the default; refuses bad fields one by one', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    let view = (await t.http().get(`/api/events/${ev.id}/podcast`).set(owner).expect(200)).body as PodcastSettingsView;
    assert.deepEqual(view.defaults, { ownerName: true, ownerEmail: true, author: true });
    assert.equal(view.author, 'Study day');
    assert.deepEqual([view.categories, view.explicit], [['Science', 'Education'], false]);
    assert.deepEqual([view.ownerName, view.ownerEmail], [ownerEmail.split('@')[0], ownerEmail], 'the organiser who owns the event is the default owner');
    assert.equal(view.artwork.generated, true);
    assert.deepEqual([view.artwork.width, view.artwork.height, view.artwork.contentType], [3000, 3000, 'image/png']);

    // The event's contact comes first.
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ contact: { name: 'Secretariat', email: 'contact@example.org' } }).expect(200);
    view = (await t.http().get(`/api/events/${ev.id}/podcast`).set(owner).expect(200)).body;
    assert.deepEqual([view.ownerName, view.ownerEmail], ['Secretariat', 'contact@example.org']);

    view = (await t.http().put(`/api/events/${ev.id}/podcast`).set(owner).send({ author: 'The <team> & co', explicit: true, categories: ['Society & Culture/Philosophy', 'History', 'Society & Culture'] }).expect(200)).body;
    assert.deepEqual([view.author, view.explicit, view.defaults.author, view.ownerName], ['The <team> & co', true, false, 'Secretariat']);
    const xml = (await t.http().get(`/api/public/events/${ev.slug}/podcast.xml`).expect(200)).text;
    assert.equal(parseFeed(xml)?.explicit, true);
    assert.equal(parseFeed(xml)?.author, 'The <team> & co', 'escaped in the XML, read back as typed');
    assert.deepEqual(parseFeed(xml)?.itunesCategory, ['Society & Culture > Philosophy', 'History'], 'a parent given alone and with a child is written once');
    view = (await t.http().put(`/api/events/${ev.id}/podcast`).set(owner).send({ author: null }).expect(200)).body;
    assert.deepEqual([view.author, view.defaults.author, view.explicit], ['Study day', true, true]);

    const bad = await t.http().put(`/api/events/${ev.id}/podcast`).set(owner).set('Accept-Language', 'fr').send({ ownerEmail: 'not an address', author: '', categories: ['Cooking'], explicit: 'yes' }).expect(422);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
    assert.deepEqual(Object.keys(bad.body.fields).sort(), ['author', 'categories.0', 'explicit', 'ownerEmail']);
    await t.http().put(`/api/events/${ev.id}/podcast`).set(owner).send({ categories: [] }).expect(422);
    await t.http().put(`/api/events/${ev.id}/podcast`).set(owner).send({ categories: ['Science', 'History', 'Arts', 'Technology'] }).expect(422);
    await t.http().put(`/api/events/${ev.id}/podcast`).set(owner).send({ colour: 'red' }).expect(422);

    // Scoping: another organiser sees nothing of it.
    const stranger = (await t.organiser()).auth;
    await t.http().get(`/api/events/${ev.id}/podcast`).set(stranger).expect(404);
    await t.http().put(`/api/events/${ev.id}/podcast`).set(stranger).send({ explicit: false }).expect(404);
    await t.http().put(`/api/events/${ev.id}/podcast/artwork`).set(stranger).set('content-type', 'image/png').send(png(1400, 1400)).expect(404);
    await t.http().delete(`/api/events/${ev.id}/podcast/artwork`).set(stranger).expect(404);
    await t.http().get(`/api/events/${ev.id}/podcast/artwork`).set(stranger).expect(404);
    await t.http().get(`/api/events/${ev.id}/podcast`).expect(401);
  });

  it('takes a square JPEG or PNG of 1400–3000 px as artwork, refuses anything else in the reader’s language, and goes back to the generated one', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const upload = (bytes: Buffer, type = 'image/png') => t.http().put(`/api/events/${ev.id}/podcast/artwork`).set(owner).set('content-type', type).set('Accept-Language', 'fr');
    const refused = async (bytes: Buffer, reason: string, type?: string) => {
      const res = await upload(bytes, type).send(bytes).expect(422);
      assert.equal(res.body.code, 'ARTWORK_NOT_ACCEPTED');
      assert.equal(res.body.details.reason, reason);
      assert.deepEqual([res.body.details.min, res.body.details.max], [1400, 3000]);
      assert.match(res.body.message, /Les applications de podcast refusent cette illustration/);
      return res.body;
    };
    const notSquare = await refused(png(1600, 1400), 'not_square');
    assert.deepEqual([notSquare.details.width, notSquare.details.height], [1600, 1400]);
    assert.match(notSquare.message, /1600 × 1400 pixels, et elle doit être carrée/);
    const small = await refused(png(1000, 1000), 'too_small');
    assert.match(small.message, /au moins 1400 × 1400/);
    await refused(Buffer.from('this is not an image, whatever its type says'), 'type');
    await refused(wavFile(1, 'noise'), 'type', 'image/jpeg');
    await refused(png(1400, 1400).subarray(0, 40), 'type'); // a truncated PNG: its header says 1400 × 1400
    const whole = png(1400, 1400);
    await refused(whole.subarray(0, whole.length - 30), 'type'); // its end missing
    assert.equal(((await t.http().get(`/api/events/${ev.id}/podcast`).set(owner).expect(200)).body as PodcastSettingsView).artwork.generated, true, 'nothing refused was kept');

    // The generated artwork, before any upload: a 3000 px square PNG drawn from the title, the same on every request.
    const generated = await binary(t.http().get(`/api/events/${ev.id}/podcast/artwork`).set(owner)).expect(200);
    assert.equal(generated.headers['content-type'], 'image/png');
    assert.deepEqual(pixels(generated.body as Buffer, 'generated'), { width: 3000, height: 3000, codec: 'png' });
    const generatedAgain = await binary(t.http().get(`/api/public/events/${ev.slug}/podcast/artwork`)).expect(200);
    assert.equal(generatedAgain.headers.etag, generated.headers.etag);
    assert.ok((generatedAgain.body as Buffer).equals(generated.body as Buffer), 'drawn once, then served from storage');

    // Accepted: a 1400 × 1400 PNG, whatever Content-Type the browser gave.
    const image = png(1400, 1400);
    const accepted = (await upload(image, 'application/octet-stream').send(image).expect(200)).body as PodcastSettingsView;
    assert.deepEqual([accepted.artwork.generated, accepted.artwork.width, accepted.artwork.height, accepted.artwork.contentType], [false, 1400, 1400, 'image/png']);
    const feed = parseFeed((await t.http().get(`/api/public/events/${ev.slug}/podcast.xml`).expect(200)).text)!;
    const served = await binary(t.http().get(path(feed.itunesImage!))).expect(200);
    assert.ok((served.body as Buffer).equals(image), 'the feed’s artwork is the uploaded image');
    assert.notEqual(served.headers.etag, generated.headers.etag);
    const page = (await t.http().get(`/api/public/events/${ev.slug}/podcast`).expect(200)).body as PodcastView;
    assert.equal(page.artworkUrl.split('?')[0], new URL(feed.itunesImage!).pathname);

    // A JPEG is taken too (the type read from its bytes, whatever Content-Type says); a truncated one is not.
    const canvas = createCanvas(2000, 2000);
    canvas.getContext('2d').fillRect(0, 0, 1000, 1000);
    const jpeg = canvas.toBuffer('image/jpeg');
    await refused(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'type', 'image/jpeg');
    const asJpeg = (await upload(jpeg, 'image/png').send(jpeg).expect(200)).body as PodcastSettingsView;
    assert.deepEqual([asJpeg.artwork.width, asJpeg.artwork.contentType], [2000, 'image/jpeg']);
    const jpegFeed = parseFeed((await t.http().get(`/api/public/events/${ev.slug}/podcast.xml`).expect(200)).text)!;
    assert.match(new URL(jpegFeed.itunesImage!).pathname, /\/podcast\/artwork\.jpg$/);
    const servedJpeg = await binary(t.http().get(path(jpegFeed.itunesImage!))).expect(200);
    assert.equal(servedJpeg.headers['content-type'], 'image/jpeg');
    assert.deepEqual(pixels(servedJpeg.body as Buffer, 'uploaded.jpg'), { width: 2000, height: 2000, codec: 'mjpeg' });

    // Removed: the generated one again.
    const removed = (await t.http().delete(`/api/events/${ev.id}/podcast/artwork`).set(owner).expect(200)).body as PodcastSettingsView;
    assert.equal(removed.artwork.generated, true);
    const back = await binary(t.http().get(`/api/public/events/${ev.slug}/podcast/artwork`)).expect(200);
    assert.ok((back.body as Buffer).equals(generated.body as Buffer));
    await t.http().delete(`/api/events/${ev.id}/podcast/artwork`).set(owner).expect(200);
  });
});

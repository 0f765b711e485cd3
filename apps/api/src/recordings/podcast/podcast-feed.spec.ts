import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCanvas } from '@napi-rs/canvas';
import { itunesCategories, podcastFeed, podcastGuid, uuidV5 } from './podcast-feed';
import { wholeJpeg, wholePng } from './artwork';
import type { Event } from '../../events/event.entity';

describe('the podcast feed’s pieces', () => {
  it('podcast:guid is the UUIDv5 the Podcasting 2.0 namespace gives for its own example feed', () => {
    // https://podcastindex.org/namespace/1.0#guid: "mp3s.nashownotes.com/pc20rss.xml" → 917393e3-….
    assert.equal(podcastGuid('https://mp3s.nashownotes.com/pc20rss.xml'), '917393e3-1b1e-5cef-ace4-edaa54e1f810');
    assert.equal(podcastGuid('http://mp3s.nashownotes.com/pc20rss.xml/'), '917393e3-1b1e-5cef-ace4-edaa54e1f810', 'scheme and trailing slashes left out');
    // RFC 9562's namespaces: what Python's uuid.uuid5(NAMESPACE_DNS, 'www.example.com') gives.
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('nests each subcategory in its parent, each parent once', () => {
    assert.deepEqual(itunesCategories(['Science/Physics', 'Education', 'Science', 'Science/Chemistry']), [{ text: 'Science', subcats: [{ text: 'Physics' }, { text: 'Chemistry' }] }, { text: 'Education' }]);
  });

  it('leaves out the characters XML cannot hold, and escapes the rest', () => {
    const event = { slug: 's', mainLanguage: 'fr', title: { fr: 'A ]]> B & <c> \u0001' }, subtitle: null, description: { fr: 'x\u000by\ud800z 😀' } } as unknown as Event;
    const xml = podcastFeed(event, [], new Map(), { ownerName: 'O & co', ownerEmail: 'o@example.org', author: '<A>', categories: ['Society & Culture/Philosophy'], explicit: false, artworkUrl: 'https://example.org/a.png?v=1&w=2' }, 'https://example.org');
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|\ud800(?![\udc00-\udfff])/);
    assert.match(xml, /<title><!\[CDATA\[A \]\]\]\]><!\[CDATA\[> B & <c> \]\]><\/title>/);
    assert.match(xml, /<description><!\[CDATA\[xyz 😀\]\]><\/description>/);
    assert.match(xml, /<itunes:category text="Society &amp; Culture">/);
    assert.match(xml, /<itunes:image href="https:\/\/example.org\/a.png\?v=1&amp;w=2"\/>/);
    assert.match(xml, /<itunes:author>&lt;A&gt;<\/itunes:author>/);
  });

  it('takes a PNG or a JPEG only whole', () => {
    const canvas = createCanvas(64, 64);
    canvas.getContext('2d').fillRect(0, 0, 32, 32);
    const png = canvas.toBuffer('image/png');
    const jpeg = canvas.toBuffer('image/jpeg');
    assert.equal(wholePng(png), true);
    assert.equal(wholePng(png.subarray(0, png.length - 1)), false);
    const corrupt = Buffer.from(png);
    corrupt[40] ^= 0xff; // a byte of a chunk: its CRC no longer matches
    assert.equal(wholePng(corrupt), false);
    assert.equal(wholeJpeg(jpeg), true);
    assert.equal(wholeJpeg(Buffer.concat([jpeg, Buffer.from('appended by a camera')])), true);
    assert.equal(wholeJpeg(jpeg.subarray(0, jpeg.length - 2)), false);
    assert.equal(wholeJpeg(png), false);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { pickKeywords, type EventView, type PersonPublicView, type RecordingAdminView } from '@amphi/contracts';
import { freshDatabase, startTestApp, type TestApp } from './support/harness';
import { wavFile } from './support/media';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options';
import { MIGRATIONS } from '../apps/api/src/database/migrations';
import { BilingualContent1795300000000 } from '../apps/api/src/database/migrations/1795300000000-BilingualContent';
import { DEMO_EVENTS } from '../apps/api/src/demo/demo-events';
import { MAIL_TEXTS } from '../apps/api/src/mail/mail-templates';

/**
 * Issue 12, bilingual content wherever a person reads it: keywords, a person's title, committee
 * roles, chapters, the .ics and the mails exist in French and English and fall back to the event's
 * main language; rows written before they were bilingual are converted by the migration.
 */

type Auth = { Authorization: string };
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON */
type Json = any;

/** An .ics as one string per content line (RFC 5545 folds lines at 75 octets). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('bilingual content, end to end', () => {
  let t: TestApp;
  let owner: Auth;

  before(async () => {
    t = await startTestApp();
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    await t?.close();
  });

  const slug = (base: string) => `${base}-${randomBytes(4).toString('hex')}`;

  async function createEvent(body: Record<string, unknown>): Promise<Json> {
    const res = await t
      .http()
      .post('/api/events')
      .set(owner)
      .send({ slug: slug('content'), title: { fr: 'Journée d’étude', en: 'Study day' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2027-03-11', endDate: '2027-03-12', format: 'online', ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }
  const addPerson = async (eventId: string, body: Record<string, unknown>): Promise<Json> => {
    const res = await t.http().post(`/api/events/${eventId}/people`).set(owner).send(body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };

  it('serves keywords, a person’s title and committee roles in both languages; readers fall back to the main language; the old plain forms are refused', async () => {
    const event = await createEvent({ keywords: { fr: ['pair-aidance', 'santé mentale'], en: ['peer support', 'mental health'] } });
    const gardien = await addPerson(event.id, { name: 'Ève Gardien', title: { fr: 'sociologue', en: 'sociologist' } });
    const klein = await addPerson(event.id, { name: 'Alexandre Klein', title: { fr: 'historien' } });
    await t
      .http()
      .patch(`/api/events/${event.id}`)
      .set(owner)
      .send({ committees: { scientific: [{ personId: gardien.id, role: { fr: 'présidente', en: 'chair' } }, { personId: klein.id }] } })
      .expect(200);
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);

    const view = (await t.http().get(`/api/public/events/${event.slug}`).expect(200)).body as EventView;
    assert.deepEqual(view.keywords, { fr: ['pair-aidance', 'santé mentale'], en: ['peer support', 'mental health'] });
    assert.deepEqual(pickKeywords(view.keywords, 'en', view.mainLanguage), ['peer support', 'mental health']);
    assert.deepEqual(pickKeywords(view.keywords, 'fr', view.mainLanguage), ['pair-aidance', 'santé mentale']);
    const [first, second] = view.committees.scientific;
    assert.deepEqual([first.person.title, first.role], [{ fr: 'sociologue', en: 'sociologist' }, { fr: 'présidente', en: 'chair' }]);
    assert.deepEqual([second.person.title, second.role], [{ fr: 'historien' }, null], 'no role is made up for a member');
    const person = (await t.http().get(`/api/public/events/${event.slug}/people/${gardien.id}`).expect(200)).body as PersonPublicView;
    assert.deepEqual(person.title, { fr: 'sociologue', en: 'sociologist' });

    // Keywords in the main language only: an English reader gets them, the main language being the fallback.
    await t.http().patch(`/api/events/${event.id}`).set(owner).send({ keywords: { fr: ['pair-aidance'] } }).expect(200);
    const frOnly = (await t.http().get(`/api/public/events/${event.slug}`).expect(200)).body as EventView;
    assert.deepEqual(frOnly.keywords, { fr: ['pair-aidance'] });
    assert.deepEqual(pickKeywords(frOnly.keywords, 'en', frOnly.mainLanguage), ['pair-aidance']);
    assert.deepEqual(pickKeywords({ en: ['peer'], fr: [] }, 'fr', 'fr'), ['peer'], 'else whichever language has some');
    // A title can be changed per language, and removed.
    const retitled = (await t.http().patch(`/api/events/${event.id}/people/${klein.id}`).set(owner).send({ title: { fr: 'historien', en: 'historian' } }).expect(200)).body;
    assert.deepEqual(retitled.title, { fr: 'historien', en: 'historian' });
    assert.equal((await t.http().patch(`/api/events/${event.id}/people/${klein.id}`).set(owner).send({ title: null }).expect(200)).body.title, null);

    // The shapes before issue 12 are refused, naming the field.
    const oldKeywords = await t.http().patch(`/api/events/${event.id}`).set(owner).send({ keywords: ['santé'] });
    assert.equal(oldKeywords.status, 422, JSON.stringify(oldKeywords.body));
    assert.match(JSON.stringify(oldKeywords.body), /keywords/);
    const oldTitle = await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: 'Lise Demailly', title: 'sociologue' });
    assert.equal(oldTitle.status, 422, JSON.stringify(oldTitle.body));
    assert.match(JSON.stringify(oldTitle.body), /title/);
    assert.equal((await t.http().patch(`/api/events/${event.id}`).set(owner).send({ keywords: { de: ['Gesundheit'] } })).status, 422);
    assert.equal((await t.http().patch(`/api/events/${event.id}`).set(owner).send({ keywords: { fr: [''] } })).status, 422);
  });

  it('writes the .ics in the language asked for, every word of its own included, and in the main language without one', async () => {
    const event = await createEvent({ format: 'online' });
    const chair = await addPerson(event.id, { name: 'Ève Gardien' });
    const speaker = await addPerson(event.id, { name: 'Lise Demailly' });
    const panelist = await addPerson(event.id, { name: 'Baptiste Godrie' });
    const session = async (body: Record<string, unknown>) => {
      const res = await t.http().post(`/api/events/${event.id}/sessions`).set(owner).send(body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    await session({
      type: 'plenary',
      title: { fr: 'Plénière d’ouverture', en: 'Opening plenary' },
      description: { fr: 'Ouverture de la journée.', en: 'Opening of the day.' },
      startsAt: '2027-03-11T09:30',
      endsAt: '2027-03-11T10:30',
      chairs: [chair.id],
      talks: [{ title: { fr: 'L’expertise des pairs', en: 'Peer expertise' }, speakers: [speaker.id], plannedMinutes: 45 }],
    });
    await session({ type: 'round_table', title: { fr: 'Table ronde des pairs', en: 'Peers’ round table' }, startsAt: '2027-03-12T14:00', endsAt: '2027-03-12T15:30', chairs: [chair.id], panelists: [panelist.id] });
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
    const ics = async (query: string) => unfold((await t.http().get(`/api/public/events/${event.slug}/programme.ics${query}`).expect(200)).text);

    const fr = await ics('?lang=fr');
    assert.match(fr, /^LOCATION:En ligne\r$/m);
    assert.match(fr, /Présidence\u00a0: Ève Gardien/);
    assert.match(fr, /• L’expertise des pairs \(Lise Demailly\)/);
    assert.match(fr, /Table ronde\u00a0: Baptiste Godrie/);
    assert.match(fr, /^CATEGORIES:Plénière\r$/m);
    assert.match(fr, /^CATEGORIES:Table ronde\r$/m);
    for (const english of ['Online', 'Chair', 'Panel', 'Plenary', 'Round table', 'Opening', 'Peer expertise', 'plenary', 'round_table'])
      assert.equal(fr.includes(english), false, `no "${english}" in the French calendar:\n${fr}`);

    const en = await ics('?lang=en');
    assert.match(en, /^LOCATION:Online\r$/m);
    assert.match(en, /Chair: Ève Gardien/);
    assert.match(en, /Panelists: Baptiste Godrie/);
    assert.match(en, /^CATEGORIES:Plenary\r$/m);
    for (const french of ['En ligne', 'Présidence', 'Plénière', 'Table ronde', 'expertise des pairs', 'Ouverture'])
      assert.equal(en.includes(french), false, `no "${french}" in the English calendar:\n${en}`);

    const main = await ics('');
    assert.match(main, /^LOCATION:En ligne\r$/m, 'without lang, the main language (French)');
    assert.match(main, /Présidence\u00a0: Ève Gardien/);

    // A hybrid event names its venue and says it is also online, in the language asked for.
    await t.http().patch(`/api/events/${event.id}`).set(owner).send({ format: 'hybrid', venue: { name: 'MSHB', city: 'Rennes' } }).expect(200);
    assert.match(await ics('?lang=fr'), /^LOCATION:MSHB\\, Rennes \(et en ligne\)\r$/m);
    assert.match(await ics('?lang=en'), /^LOCATION:MSHB\\, Rennes \(and online\)\r$/m);
  });

  it('gives chapters their titles in every language, the kind as a code; the podcast’s chapters speak the recording’s language, else the main one', async () => {
    const event = await createEvent({});
    const speaker = await addPerson(event.id, { name: 'Lise Demailly' });
    const other = await addPerson(event.id, { name: 'Nicolas Chambon' });
    const created = await t
      .http()
      .post(`/api/events/${event.id}/sessions`)
      .set(owner)
      .send({
        type: 'plenary',
        title: { fr: 'Plénière', en: 'Plenary' },
        startsAt: '2027-03-11T09:30',
        endsAt: '2027-03-11T11:30',
        chairs: [other.id],
        talks: [
          { title: { fr: 'L’expertise des pairs', en: 'Peer expertise' }, speakers: [speaker.id], plannedMinutes: 45 },
          { title: { fr: 'Savoirs situés' }, speakers: [other.id], plannedMinutes: 45 },
        ],
        recorded: true,
      });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
    const rec = (await t.http().post(`/api/events/${event.id}/sessions/${created.body.id}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(1, 'silence')).expect(201)).body as RecordingAdminView;
    assert.deepEqual(
      rec.chapters.map((c) => [c.startSeconds, c.kind, c.title]),
      [
        [0, 'talk', { fr: 'L’expertise des pairs', en: 'Peer expertise' }],
        [2700, 'talk', { fr: 'Savoirs situés' }],
      ],
    );
    await t.http().post(`/api/events/${event.id}/recordings/${rec.id}/consent-exception`).set(owner).send({ reason: 'Consent given in writing on the day (form kept by the secretariat).' }).expect(200);
    await t.http().post(`/api/events/${event.id}/recordings/${rec.id}/publish`).set(owner).expect(200);
    const chapters = async () => JSON.parse((await t.http().get(`/api/public/events/${event.slug}/recordings/${rec.id}/chapters.json`).buffer(true).expect(200)).text).chapters.map((c: Json) => c.title);
    await t.http().patch(`/api/events/${event.id}/recordings/${rec.id}`).set(owner).send({ language: 'en' }).expect(200);
    assert.deepEqual(await chapters(), ['Peer expertise', 'Savoirs situés'], 'in English, the French-only title falls back to the main language');
    await t.http().patch(`/api/events/${event.id}/recordings/${rec.id}`).set(owner).send({ language: 'fr' }).expect(200);
    assert.deepEqual(await chapters(), ['L’expertise des pairs', 'Savoirs situés']);
  });

  it('has every mail sentence in French and in English', () => {
    const keys = (tree: object, prefix = ''): string[] =>
      Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
    const fr = keys(MAIL_TEXTS.fr).sort();
    const en = keys(MAIL_TEXTS.en).sort();
    assert.ok(en.length > 20);
    assert.deepEqual(fr, en, 'i18next would fill a missing French sentence with the English one');
  });

  it('ships demo data whose keywords, titles and committee roles exist in both languages', () => {
    for (const demo of DEMO_EVENTS) {
      assert.ok(demo.event.keywords?.fr?.length && demo.event.keywords.en?.length, `${demo.event.slug}: keywords in both languages`);
      for (const p of demo.people) if (p.title) assert.ok(p.title.fr && p.title.en, `${demo.event.slug}: ${p.name}'s title in both languages`);
      for (const m of [...(demo.committees?.organising ?? []), ...(demo.committees?.scientific ?? [])]) if (m.role) assert.ok(m.role.fr && m.role.en, `${demo.event.slug}: a committee role in both languages`);
    }
  });
});

describe('the migration to bilingual content', () => {
  it('converts rows written before it: keywords and titles under the event’s main language, the demo’s English-only role in both', async () => {
    const databaseUrl = await freshDatabase();
    const mine = MIGRATIONS.indexOf(BilingualContent1795300000000);
    assert.ok(mine > 0);
    // The database as it was before this migration, with rows in the old shapes.
    const before = new DataSource({ ...dataSourceOptions(databaseUrl, 2), migrations: MIGRATIONS.slice(0, mine) });
    await before.initialize();
    try {
      await before.runMigrations();
    } finally {
      await before.destroy();
    }
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const ids: Record<string, string> = {};
    try {
      const event = async (key: string, mainLanguage: string, keywords: string[]) => {
        const row = await db.query(
          `INSERT INTO event (slug, status, title, main_language, time_zone, start_date, end_date, format, keywords, published_at)
           VALUES ($1, 'published', $2, $3, 'Europe/Paris', '2019-11-14', '2019-11-15', 'online', $4, now()) RETURNING id`,
          [slug(key), JSON.stringify({ fr: 'Colloque', en: 'Conference' }), mainLanguage, keywords],
        );
        ids[key] = row.rows[0].id;
      };
      const slug = (key: string) => `old-${key}`;
      await event('fr', 'fr', ['santé', 'handicap']);
      await event('en', 'en', ['peer support']);
      await event('none', 'fr', []);
      const person = async (key: string, eventKey: string, title: string | null) => {
        ids[key] = (await db.query(`INSERT INTO person (event_id, name, title) VALUES ($1, $2, $3) RETURNING id`, [ids[eventKey], key, title])).rows[0].id;
      };
      await person('gardien', 'fr', 'Sociologue, maîtresse de conférences');
      await person('davidson', 'en', 'Psychiatrist');
      await person('klein', 'fr', null);
      await person('blank', 'fr', '');
      await db.query(`INSERT INTO committee_member (event_id, committee, person_id, position, role) VALUES ($1, 'scientific', $2, 0, $3), ($1, 'scientific', $4, 1, $5)`, [
        ids.fr,
        ids.gardien,
        JSON.stringify({ en: 'member' }),
        ids.klein,
        JSON.stringify({ fr: 'présidente' }),
      ]);
    } finally {
      await db.end();
    }

    // The app starts on that database and applies the rest.
    const app = await startTestApp({}, databaseUrl);
    try {
      const get = async (key: string) => (await app.http().get(`/api/public/events/old-${key}`).expect(200)).body as EventView;
      const fr = await get('fr');
      assert.deepEqual(fr.keywords, { fr: ['santé', 'handicap'] });
      assert.deepEqual((await get('en')).keywords, { en: ['peer support'] });
      assert.deepEqual((await get('none')).keywords, {});
      assert.deepEqual(
        fr.committees.scientific.map((m) => [m.person.name, m.person.title, m.role]),
        [
          ['gardien', { fr: 'Sociologue, maîtresse de conférences' }, { en: 'member', fr: 'membre' }],
          ['klein', null, { fr: 'présidente' }],
        ],
      );
      const person = async (eventKey: string, key: string) => (await app.http().get(`/api/public/events/old-${eventKey}/people/${ids[key]}`).expect(200)).body as PersonPublicView;
      assert.deepEqual((await person('en', 'davidson')).title, { en: 'Psychiatrist' });
      assert.equal((await person('fr', 'blank')).title, null, 'an empty title becomes none');
      // New rows take the new shapes.
      const column = await app.app.get(DataSource).query(`SELECT data_type, column_default FROM information_schema.columns WHERE table_name = 'event' AND column_name = 'keywords'`);
      assert.equal(column[0].data_type, 'jsonb');
    } finally {
      await app.close();
    }
  });
});

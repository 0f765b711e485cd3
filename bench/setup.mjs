// Shared by the benchmarks that need attendees with access tokens (bench/qa.mjs, bench/join.mjs):
// the organiser (from ORGANISER_EMAIL/ORGANISER_PASSWORD given to startAmphi) logs in, creates an
// online event in UTC from yesterday to tomorrow with one plenary from now − 5 min to now + 3 h,
// opens registration and publishes; adds the attendees through POST /api/events/:id/registrations
// (as an organiser does), reads their personal links from the mailbox folder and exchanges each at
// POST /api/access (as a browser does).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { call, load } from './lib.mjs';

/** The organiser the benchmarks start Amphi with (ORGANISER_EMAIL, ORGANISER_PASSWORD). */
export const ORGANISER = { email: 'bench@example.org', password: 'bench-password-1' };

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (n, digits = 1) => +n.toFixed(digits);

/** An organiser's API client; a refusal throws with the answer. */
export async function organiserApi(base) {
  const login = await call(`${base}/api/auth/login`, 'POST', ORGANISER);
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const headers = { authorization: `Bearer ${login.body.accessToken}` };
  return async (method, path, body) => {
    const r = await call(`${base}/api${path}`, method, body, headers);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
}

/** An online event from yesterday to tomorrow (UTC) with one plenary running now, open and published. */
export async function createSession(api, { slug, title }) {
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const minute = (offset) => new Date(Date.now() + offset * 60_000).toISOString().slice(0, 16);
  const event = await api('POST', '/events', { slug, title: { en: title }, mainLanguage: 'en', timeZone: 'UTC', startDate: day(-1), endDate: day(1), format: 'online' });
  const chair = await api('POST', `/events/${event.id}/people`, { name: 'Bench Chair' });
  const session = await api('POST', `/events/${event.id}/sessions`, { type: 'plenary', title: { en: 'Bench plenary' }, startsAt: minute(-5), endsAt: minute(180), chairs: [chair.id] });
  await api('PATCH', `/events/${event.id}`, { registration: { open: true } });
  await api('POST', `/events/${event.id}/publish`);
  return { eventId: event.id, sessionId: session.id };
}

/** Waits (bounded) until the mailbox folder holds a personal link for each address; answers address → token. */
export async function readLinks(mailbox, emails, timeoutMs) {
  const wanted = new Set(emails);
  const links = new Map();
  const read = new Set();
  const deadline = now() + timeoutMs;
  while (links.size < wanted.size && now() < deadline) {
    const names = (await readdir(mailbox)).filter((n) => n.endsWith('.json') && !read.has(n));
    for (const name of names) {
      const mail = JSON.parse(await readFile(join(mailbox, name), 'utf8'));
      const address = /[^\s<>]+@[^\s<>]+/.exec(mail.to)?.[0];
      const token = /\/me#([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
      if (wanted.has(address) && token) links.set(address, token);
      read.add(name);
    }
    if (links.size < wanted.size) await sleep(250);
  }
  if (links.size < wanted.size) throw new Error(`only ${links.size} of ${wanted.size} personal links in the mailbox after ${timeoutMs / 1000} s`);
  return links;
}

/**
 * `count` attendees of a session running now (in an event named by `slug` and `title`), each with
 * an access token; answers the organiser's API client, the event and session ids, the tokens (in
 * the order of the attendees) and the time each step took.
 */
export async function setUpAttendees(amphi, count, { slug, title }) {
  const api = await organiserApi(amphi.base);
  const { eventId, sessionId } = await createSession(api, { slug, title });
  const emails = Array.from({ length: count }, (_, i) => `attendee-${i}@example.org`);
  const steps = {};
  let started = now();
  const added = await load(count, 50, (i) => api('POST', `/events/${eventId}/registrations`, { name: `Attendee ${i}`, email: emails[i], language: 'en', privacyConsent: true }));
  if (added.results.some((r) => r.status !== 'confirmed')) throw new Error('an added registration is not confirmed');
  steps.registrations_s = round((now() - started) / 1000);
  started = now();
  const links = await readLinks(amphi.mailbox, emails, 60_000 + count * 50);
  steps.mails_s = round((now() - started) / 1000);
  started = now();
  const grants = await load(count, 20, (i) => call(`${amphi.base}/api/access`, 'POST', { token: links.get(emails[i]) }));
  const refused = grants.results.find((r) => r.status !== 200);
  if (refused) throw new Error(`POST /api/access: ${refused.status} ${JSON.stringify(refused.body)}`);
  steps.access_s = round((now() - started) / 1000);
  return { api, eventId, sessionId, tokens: grants.results.map((r) => r.body.accessToken), steps };
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import { ERRORS_NAMESPACE, ErrorCode, errorTexts, type ErrorBody, type ProgrammeConflict } from '@amphi/contracts';
import { ApiError } from './api';
import { conflictText, errorText, fieldErrorTexts, fieldIssuesOf, labelFor, waitText, type Translate } from './error-text';
import webEn from './locales/errors.web.en.json';
import webFr from './locales/errors.web.fr.json';
import { englishWordsIn } from '../../../test/support/english-words';

// The web app's own i18next set-up of the `errors` namespace (i18n.ts): the shared catalogue plus the web's few texts.
const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  lng: 'fr',
  fallbackLng: 'en',
  ns: [ERRORS_NAMESPACE],
  defaultNS: ERRORS_NAMESPACE,
  interpolation: { escapeValue: false },
  resources: {
    en: { [ERRORS_NAMESPACE]: { ...errorTexts.en, web: webEn } },
    fr: { [ERRORS_NAMESPACE]: { ...errorTexts.fr, web: webFr } },
  },
});
const fr = i18n.getFixedT('fr', ERRORS_NAMESPACE) as unknown as Translate;
const en = i18n.getFixedT('en', ERRORS_NAMESPACE) as unknown as Translate;

const body = (statusCode: number, code: string, details?: unknown, extra: Partial<ErrorBody> = {}): ErrorBody =>
  ({ statusCode, code, message: 'An English message the web app never shows', ...(details === undefined ? {} : { details }), ...extra }) as ErrorBody;
const failure = (b: ErrorBody, retryAfter: number | null = null) => new ApiError(b.statusCode, b, retryAfter);

const assertFrench = (text: string) => {
  assert.deepEqual(englishWordsIn(text), [], `English words in “${text}”`);
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T|YYYY|An English message/, text);
};

describe('error-text: every failure in the reader’s language', () => {
  it('a rate limit says how long to wait, from Retry-After or details, in words', () => {
    const text = errorText(failure(body(429, 'RATE_LIMITED', { retryAfterSeconds: 120 }), 120), fr, 'fr');
    assert.equal(text, 'Trop de tentatives : réessayez dans 2 minutes.');
    assert.equal(errorText(body(429, 'RATE_LIMITED', { retryAfterSeconds: 45 }), en, 'en'), 'Too many attempts: try again in 45 seconds.');
    // A 429 without a body (a proxy) still says how long, from its Retry-After.
    assert.equal(errorText(new ApiError(429, null, 7200), fr, 'fr'), 'Trop de tentatives : réessayez dans 2 heures.');
    assert.equal(waitText(61, 'fr'), 'dans 2 minutes');
  });

  it('a server fault quotes its request id; an unknown code says its status, never the English message', () => {
    const text = errorText(failure(body(500, 'INTERNAL', undefined, { requestId: 'req-7f3a' })), fr, 'fr');
    assert.match(text, /req-7f3a/);
    assertFrench(text);
    const unknown = errorText(failure(body(409, 'SOMETHING_NEWER_THAN_THIS_APP')), fr, 'fr');
    assert.equal(unknown, webFr.status['409']);
  });

  it('no answer at all is the network, a timeout is no answer', () => {
    assert.equal(errorText(new TypeError('Failed to fetch'), fr, 'fr'), webFr.network);
    assert.equal(errorText(new Error('operation has timed out'), fr, 'fr'), webFr.noAnswer);
  });

  it('times in details are written in the viewer’s zone, never ISO', () => {
    const text = errorText(failure(body(409, 'REGISTRATION_CLOSED', { closedAt: '2027-01-21T17:00:00Z', timeZone: 'America/New_York' })), fr, 'fr', { zone: 'Europe/Paris' });
    assert.match(text, /21 janvier 2027 à 18:00/);
    assertFrench(text);
    // An answer from before the precise codes (409 CONFLICT with details.registration) reads the same.
    const legacy = errorText(failure(body(409, 'CONFLICT', { registration: 'closed', closedAt: '2027-01-21T18:00:00+01:00' })), fr, 'fr', { zone: 'Europe/Paris' });
    assert.equal(legacy, text);
  });

  it('a replaced link, a room not open yet, a live refusal: their own French texts', () => {
    assert.equal(errorText(failure(body(401, 'LINK_REPLACED')), fr, 'fr'), errorTexts.fr.code.LINK_REPLACED);
    const now = Date.parse('2026-12-01T10:00:00Z');
    const room = errorText(failure(body(403, 'LIVE_NOT_OPEN', { state: 'scheduled', opensAt: '2026-12-01T10:12:00Z' })), fr, 'fr', { now });
    assert.match(room, /^La salle n’est pas encore ouverte : elle ouvre aujourd’hui à \d\d:12 \(dans 12 minutes\)\.$/);
    assert.equal(errorText({ code: 'NOT_ALLOWED', message: 'x', details: { capability: 'vote' } }, fr, 'fr'), errorTexts.fr.code.NOT_ALLOWED_vote);
  });

  it('every code of the contracts has a French text of its own (not the status fallback, not English)', () => {
    for (const code of Object.values(ErrorCode)) {
      const text = errorText(failure(body(400, code)), fr, 'fr');
      assert.notEqual(text, webFr.status['400'], code);
      assert.notEqual(text, errorText(failure(body(400, code)), en, 'en'), code);
    }
  });
});

describe('error-text: field errors with the form’s labels', () => {
  const labels = { 'talks.1': 'Intervention 2', 'talks.1.title': 'Intervention 2 — Titre', startDate: 'Premier jour' };

  it('issues become the catalogue’s French texts by path; a date never names a format', () => {
    const error = failure(
      body(422, 'VALIDATION_FAILED', undefined, {
        fields: { 'talks.1.title': 'give the text in French, English or both', startDate: 'must be a date as YYYY-MM-DD' },
        issues: [
          { path: ['talks', 1, 'title'], code: 'text_missing' },
          { path: ['startDate'], code: 'invalid_format', params: { format: 'date' } },
        ],
      }),
    );
    const texts = fieldErrorTexts(error, fr, 'fr');
    assert.deepEqual(Object.keys(texts), ['talks.1.title', 'startDate']);
    assert.equal(texts['talks.1.title'], errorTexts.fr.field.text_missing);
    assert.equal(texts.startDate, errorTexts.fr.field.invalid_format_date);
    for (const text of Object.values(texts)) assertFrench(text);
    assert.equal(labelFor('talks.1.title', labels), 'Intervention 2 — Titre');
    // A path without a label of its own is named by its nearest labelled parent, never shown raw.
    assert.equal(labelFor('talks.1.plannedMinutes', labels), 'Intervention 2');
    assert.equal(labelFor('venue.url', labels), null);
  });

  it('an API that gives only the English `fields` map: our own words, not its English', () => {
    const error = failure(body(422, 'VALIDATION_FAILED', undefined, { fields: { 'registration.categories.2.key': 'Too small: expected string to have >=1 characters', name: 'required' } }));
    assert.deepEqual(fieldIssuesOf(error).map((i) => i.path), [['registration', 'categories', 2, 'key'], ['name']]);
    const texts = fieldErrorTexts(error, fr, 'fr');
    assert.equal(texts.name, errorTexts.fr.field.required);
    assertFrench(texts['registration.categories.2.key']);
  });
});

describe('error-text: programme conflicts written from their details', () => {
  it('a stage overlap names the other session and its times in the event’s zone', () => {
    const conflict: ProgrammeConflict = {
      kind: 'stage_overlap',
      sessionTitle: 'Table ronde',
      startsAt: '2027-01-22T09:30:00+01:00',
      endsAt: '2027-01-22T10:30:00+01:00',
      otherSessionId: '00000000-0000-4000-8000-000000000002',
      otherSessionTitle: 'Ouverture',
      otherStartsAt: '2027-01-22T09:00:00+01:00',
      otherEndsAt: '2027-01-22T10:00:00+01:00',
      stage: 'main',
    };
    const text = conflictText(conflict, fr, 'fr', 'Europe/Paris');
    assert.match(text, /« Table ronde » .*09:30.* chevauche « Ouverture » .*09:00.* sur la scène « main »/);
    assertFrench(text);
  });

  it('what an older API did not say comes from the page (the person’s name)', () => {
    const conflict = { kind: 'person_overlap', personId: 'p1', sessionTitle: 'A', startsAt: '2027-01-22T09:00:00+01:00', endsAt: '2027-01-22T10:00:00+01:00' } as ProgrammeConflict;
    assert.match(conflictText(conflict, fr, 'fr', 'Europe/Paris', { personName: 'Camille Martin' }), /^Camille Martin serait/);
  });
});

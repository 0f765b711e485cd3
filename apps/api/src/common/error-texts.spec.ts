import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, FieldIssueCode, errorTextVariables, errorTexts, type ErrorBody } from '@amphi/contracts';
import { DomainError, NotFound, ProgrammeConflicts, ValidationFailed } from './domain-errors';
import { renderErrorMessage, renderFieldIssue } from './error-texts';
import { requestLanguage, socketLanguage } from './language';

const LANGUAGES = ['en', 'fr'] as const;
const variablesOf = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]);
/** A code's texts: its own key and its variants (contexts `_cancelled`, plurals `_one`). */
const textsOf = (lang: 'en' | 'fr', code: string) => Object.entries(errorTexts[lang].code as Record<string, string>).filter(([key]) => key === code || key.startsWith(`${code}_`));

describe('the error catalogue', () => {
  it('has a text for every code in French and English', () => {
    for (const code of Object.values(ErrorCode))
      for (const lang of LANGUAGES) assert.equal(typeof (errorTexts[lang].code as Record<string, string>)[code], 'string', `${lang}: no text for ${code}`);
  });

  it('has the same keys in both languages (French may add plural forms)', () => {
    for (const section of Object.keys(errorTexts.en) as Array<keyof typeof errorTexts.en>) {
      const en = Object.keys(errorTexts.en[section]);
      const fr = Object.keys(errorTexts.fr[section]).filter((k) => !k.endsWith('_many'));
      assert.deepEqual(fr.sort(), en.sort(), section);
    }
  });

  it('has a text for every field issue code in both languages', () => {
    for (const code of Object.values(FieldIssueCode))
      for (const lang of LANGUAGES) assert.equal(typeof (errorTexts[lang].field as Record<string, string>)[code], 'string', `${lang}: no text for ${code}`);
  });

  it('uses, in each code’s texts, only variables its details carry (or the renderer derives)', () => {
    for (const code of Object.values(ErrorCode)) {
      const allowed = new Set<string>(errorTextVariables[code]);
      for (const lang of LANGUAGES) for (const [key, text] of textsOf(lang, code)) for (const v of variablesOf(text)) assert.ok(allowed.has(v), `${lang} ${key}: {{${v}}} is not in ErrorDetails['${code}']`);
    }
  });

  it('says the same variables in French as in English, so no fact is lost in translation', () => {
    for (const section of ['code', 'conflict', 'field', 'rule', 'recordingBlocker'] as const)
      for (const [key, en] of Object.entries(errorTexts.en[section] as Record<string, string>)) {
        const fr = (errorTexts.fr[section] as Record<string, string>)[key];
        assert.deepEqual(new Set(variablesOf(fr)), new Set(variablesOf(en)), `${section}.${key}`);
      }
  });
});

describe('rendering an error in the request’s language', () => {
  it('picks French or English from Accept-Language by q-values, ?lang first, English otherwise', () => {
    assert.equal(requestLanguage('fr-FR,fr;q=0.9,en;q=0.8'), 'fr');
    assert.equal(requestLanguage('en;q=0.5, fr-CA;q=0.7'), 'fr');
    assert.equal(requestLanguage('de, en;q=0.3, fr;q=0.2'), 'en');
    assert.equal(requestLanguage('de-DE'), 'en');
    assert.equal(requestLanguage('fr;q=0, en'), 'en');
    assert.equal(requestLanguage(undefined), 'en');
    assert.equal(requestLanguage('en', 'fr'), 'fr');
    assert.equal(socketLanguage({ auth: { language: 'fr' }, headers: { 'accept-language': 'en' } }), 'fr');
    assert.equal(socketLanguage({ auth: {}, headers: { 'accept-language': 'fr-BE' } }), 'fr');
  });

  it('writes times in the event’s zone, named, never as UTC ISO', () => {
    const details = { opensAt: '2030-01-21T10:20:00+01:00', timeZone: 'Europe/Paris' };
    assert.equal(renderErrorMessage(ErrorCode.RegistrationNotOpen, details, 'en'), 'Registration opens on 21 January 2030 at 10:20 (Europe/Paris).');
    assert.equal(renderErrorMessage(ErrorCode.RegistrationNotOpen, details, 'fr'), 'Les inscriptions ouvrent le 21 janvier 2030 à 10:20 (Europe/Paris).');
    // Without a zone: UTC, and said so.
    assert.match(renderErrorMessage(ErrorCode.RegistrationNotOpen, { opensAt: '2030-01-21T09:20:00Z' }, 'fr'), /21 janvier 2030 à 09:20 \(UTC\)/);
  });

  it('chooses the variant the details call for', () => {
    assert.equal(renderErrorMessage(ErrorCode.LinkRevoked, { reason: 'cancelled' }, 'fr'), errorTexts.fr.code.LINK_REVOKED_cancelled);
    assert.equal(renderErrorMessage(ErrorCode.NotFound, { resource: 'session' }, 'en'), 'This session does not exist.');
    assert.equal(renderErrorMessage(ErrorCode.RateLimited, { retryAfterSeconds: 42 }, 'fr'), 'Trop de tentatives : veuillez réessayer dans 42 secondes.');
    // An hour-long limit in words, rounded up, not "3600 seconds".
    assert.equal(renderErrorMessage(ErrorCode.RateLimited, { retryAfterSeconds: 3540 }, 'en'), 'Too many attempts: please try again in 59 minutes.');
    assert.equal(renderErrorMessage(ErrorCode.RateLimited, { retryAfterSeconds: 3600 * 2 }, 'fr'), 'Trop de tentatives : veuillez réessayer dans 2 heures.');
    assert.equal(renderErrorMessage(ErrorCode.RemovedFromSession, { reason: 'Propos déplacés' }, 'fr'), 'La présidence de séance vous a retiré de cette séance : « Propos déplacés ».');
  });

  it('lists programme conflicts with their facts, in each language', () => {
    const error = new ProgrammeConflicts(
      [
        {
          kind: 'stage_overlap',
          sessionTitle: 'Atelier',
          startsAt: '2019-11-14T10:30:00+01:00',
          endsAt: '2019-11-14T12:00:00+01:00',
          otherSessionTitle: 'Plénière',
          otherStartsAt: '2019-11-14T09:30:00+01:00',
          otherEndsAt: '2019-11-14T11:00:00+01:00',
          stage: 'main',
        },
      ],
      'Europe/Paris',
    );
    const fr = error.toBody('fr');
    assert.equal(fr.message, 'Le programme comporte un conflit : « Atelier » (14 novembre 2019 à 10:30 (Europe/Paris) – 14 novembre 2019 à 12:00 (Europe/Paris)) chevauche « Plénière » (14 novembre 2019 à 09:30 (Europe/Paris) – 14 novembre 2019 à 11:00 (Europe/Paris)) sur la scène « main ».');
    assert.match(error.toBody('en').message, /^The programme has a conflict: “Atelier” \(14 November 2019 at 10:30/);
    assert.deepEqual(fr.details, error.toBody('en').details);
  });

  it('keeps code, details and issues identical across languages; only message and fields change', () => {
    const errors: DomainError[] = [
      new NotFound('event'),
      new ValidationFailed([{ path: ['talks', 1, 'title', 'en'], code: 'too_long', params: { maximum: 300 } }]),
      new DomainError(429, ErrorCode.RateLimited, { retryAfterSeconds: 30 }),
    ];
    for (const error of errors) {
      const [en, fr]: ErrorBody[] = [error.toBody('en'), error.toBody('fr')];
      assert.deepEqual([fr.statusCode, fr.code, fr.details, fr.issues], [en.statusCode, en.code, en.details, en.issues]);
      assert.notEqual(fr.message, en.message);
    }
    assert.deepEqual({ ...errors[1].toBody('fr').fields }, { 'talks.1.title.en': 'Au plus 300 caractères.' });
  });

  it('words field issues with their params, and rules by their key', () => {
    assert.equal(renderFieldIssue({ path: ['startDate'], code: 'date_out_of_range', params: { min: '1900-01-01', max: '2199-12-31' } }, 'fr'), 'Une date entre le 1 janvier 1900 et le 31 décembre 2199.');
    assert.equal(renderFieldIssue({ path: ['timeZone'], code: 'invalid_format', params: { format: 'time_zone' } }, 'en'), 'A time zone such as Europe/Paris.');
    assert.equal(renderFieldIssue({ path: ['chairs'], code: 'rule', params: { rule: 'chair_required' } }, 'fr'), errorTexts.fr.rule.chair_required);
    assert.equal(renderFieldIssue({ path: ['x'], code: 'rule', params: { rule: 'no_such_rule' } }, 'fr'), errorTexts.fr.rule.invalid);
  });
});

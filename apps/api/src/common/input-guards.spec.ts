import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StandardSchemaValidationPipe } from '@nestjs/common';
import { loginSchema } from '@amphi/contracts';
import { forbiddenCharacterAt, inputGuardError, inputGuardIssues, isPrototypeKey } from './input-guards';
import { NotFound, ValidationFailed } from './domain-errors';

describe('inputGuardIssues', () => {
  it('finds nothing in ordinary input, accents and emoji included', () => {
    assert.deepEqual(inputGuardIssues({ name: 'Éloïse Ngô 🎓', talks: [{ title: { fr: 'Société' } }], n: 3, ok: true, none: null }), []);
    assert.deepEqual(inputGuardIssues('a slug'), []);
    assert.deepEqual(inputGuardIssues(undefined), []);
  });

  it('names every string that holds a NUL, with its position, at any depth', () => {
    const issues = inputGuardIssues({ name: 'a\u0000b', talks: [{ title: { en: 'ok' } }, { title: { en: '\u0000' } }], keywords: ['x', 'y\u0000'] });
    assert.deepEqual(issues, [
      { path: ['name'], code: 'forbidden_character', params: { position: 1 } },
      { path: ['talks', 1, 'title', 'en'], code: 'forbidden_character', params: { position: 0 } },
      { path: ['keywords', 1], code: 'forbidden_character', params: { position: 1 } },
    ]);
    assert.deepEqual(inputGuardIssues('\u0000'), [{ path: [], code: 'forbidden_character', params: { position: 0 } }]);
  });

  it('refuses lone surrogates but not a surrogate pair', () => {
    assert.equal(forbiddenCharacterAt('ok 🎓'), -1);
    assert.equal(forbiddenCharacterAt('ab\uD800'), 2);
    assert.equal(forbiddenCharacterAt('\uDC00ab'), 0);
    assert.equal(forbiddenCharacterAt('x\uD800\u0000'), 1);
    assert.equal(forbiddenCharacterAt('xy\u0000'), 2);
  });

  it('refuses prototype keys as unknown fields, as JSON.parse creates them', () => {
    const body = JSON.parse('{"email":"a@b.org","__proto__":{"admin":true},"constructor":1,"nested":{"toString":"x","prototype":2,"hasOwnProperty":3}}');
    const issues = inputGuardIssues(body);
    assert.deepEqual(
      issues.map((i) => [i.path.join('.'), i.code]).sort(),
      [
        ['__proto__', 'unknown_field'],
        ['constructor', 'unknown_field'],
        ['nested.hasOwnProperty', 'unknown_field'],
        ['nested.prototype', 'unknown_field'],
        ['nested.toString', 'unknown_field'],
      ],
    );
    assert.equal(isPrototypeKey('valueOf'), true);
    assert.equal(isPrototypeKey('title'), false);
  });

  it('refuses a key that holds a NUL (a map stored as jsonb)', () => {
    assert.deepEqual(inputGuardIssues({ labels: { 'a\u0000': 'x' } }), [{ path: ['labels', 'a\u0000'], code: 'forbidden_character', params: { position: 1 } }]);
  });

  it('walks a deeply nested body without overflowing the stack, and leaves Buffers alone', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    assert.equal(inputGuardIssues(deep).length, 1);
    assert.deepEqual(inputGuardIssues(Buffer.from([0, 0, 0])), []);
    const sparse: unknown[] = [];
    sparse[4_294_967_294] = 'a\u0000';
    assert.deepEqual(inputGuardIssues(sparse)[0].path, [4_294_967_294]);
  });

  it('catches what Nest’s pipe lets through: it deletes `constructor` and `__proto__` before the schema sees them', async () => {
    const body = () => JSON.parse('{"email":"a@b.org","password":"0123456789","constructor":1,"__proto__":{"admin":true}}');
    // The reason this guard exists: Nest's own pipe strips both keys silently and the login schema then accepts the body.
    const accepted = await new StandardSchemaValidationPipe().transform(body(), { type: 'body', schema: loginSchema } as never);
    assert.deepEqual(accepted, { email: 'a@b.org', password: '0123456789' });
    assert.deepEqual(
      inputGuardIssues(body()).map((i) => [i.path.join('.'), i.code]),
      [
        ['constructor', 'unknown_field'],
        ['__proto__', 'unknown_field'],
      ],
    );
  });
});

describe('inputGuardError', () => {
  it('answers 404 for a path parameter (it names nothing) and 422 naming the field otherwise', () => {
    const issues = inputGuardIssues('a\u0000');
    assert.ok(inputGuardError(issues, { type: 'param', data: 'slug' }) instanceof NotFound);
    const query = inputGuardError(issues, { type: 'query', data: 'sessionId' });
    assert.ok(query instanceof ValidationFailed);
    assert.deepEqual(query.issues, [{ path: ['sessionId'], code: 'forbidden_character', params: { position: 1 } }]);
    const body = inputGuardError(inputGuardIssues({ name: 'a\u0000' }), { type: 'body' });
    assert.equal(body.statusCode, 422);
    assert.deepEqual(body.issues?.map((i) => i.path), [['name']]);
    assert.match(body.toBody('fr').fields?.name ?? '', /caractère/, 'the field is named in the request’s language');
  });
});

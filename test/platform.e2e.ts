import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/harness';

describe('the platform surface', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('answers health 200 when the database answers', async () => {
    const res = await t.http().get('/api/health').expect(200);
    assert.deepEqual(res.body, { status: 'ok', database: 'up' });
  });

  it('publishes OpenAPI at /api/openapi.json and Swagger UI at /api/docs', async () => {
    const spec = await t.http().get('/api/openapi.json').expect(200);
    assert.equal(spec.body.info.title, 'Amphi API');
    assert.ok(spec.body.paths['/api/events/{eventId}/sessions'], 'documents the programme endpoints');
    const body = spec.body.paths['/api/events']['post'].requestBody.content['application/json'].schema;
    assert.ok(body.properties.slug && body.properties.timeZone, 'request bodies are described from the shared schemas');
    const ui = await t.http().get('/api/docs').expect(200);
    assert.match(ui.text, /swagger/i);
  });

  it('answers every error in one shape, never a 500', async () => {
    const unknown = await t.http().get('/api/nothing-here').expect(404);
    assert.equal(unknown.body.code, 'UNKNOWN_ENDPOINT');
    const badJson = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{oops').expect(400);
    assert.equal(badJson.body.code, 'MALFORMED_JSON');
    const invalid = await t.http().post('/api/auth/login').send({ email: 'not-an-email', extra: true }).expect(422);
    assert.deepEqual(Object.keys(invalid.body.fields).sort(), ['email', 'extra', 'password']);
    assert.equal(invalid.body.fields.extra, 'This field is not expected.');
    assert.ok(invalid.body.issues.some((i: { path: string[]; code: string }) => i.path.join('.') === 'extra' && i.code === 'unknown_field'));
  });

  it('serves a page at / that points to the API', async () => {
    const res = await t.http().get('/').expect(200);
    assert.match(res.text, /\/api\/docs/);
  });
});

describe('login rate limits', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '3', RATE_LIMIT_LOGIN_PER_IP: '50' });
  });
  after(() => t.close());

  it('refuses the attempt past the limit for one e-mail with 429 and Retry-After, and leaves other accounts alone', async () => {
    const alice = await t.organiser('alice@example.org', 'alice password 1'); // logs in once, which does not count (issue 13)
    for (let i = 0; i < 3; i++) await t.http().post('/api/auth/login').send({ email: alice.email, password: 'wrong password' }).expect(401);
    const limited = await t.http().post('/api/auth/login').send({ email: alice.email, password: 'alice password 1' }).expect(429);
    assert.equal(limited.body.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0, 'says when to try again');
    assert.equal(limited.body.details.retryAfterSeconds, Number(limited.headers['retry-after']), 'and says it in the body too');
    const bob = await t.organiser('bob@example.org', 'bob password 12');
    assert.ok(bob.auth.Authorization.startsWith('Bearer '));
  });
});

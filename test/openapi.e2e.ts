import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type TestApp } from './support/harness';

/**
 * Issue 12: the OpenAPI document at /api/openapi.json is valid (checked by a well-kept validator,
 * @apidevtools/swagger-parser, against the OpenAPI 3.0 JSON Schema) and honest: every operation
 * documents its error responses with the shared body, optional parameters are optional, uploads
 * have a body, and formats say what the API checks. The fuzzer (test/fuzz.e2e.ts) trusts it.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is read as JSON */
type Json = any;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;

  before(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/api/openapi.json').expect(200)).body;
  });
  after(() => t.close());

  const operations = (): Array<{ path: string; method: string; op: Json }> =>
    Object.entries(doc.paths).flatMap(([path, item]: [string, Json]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })));
  /** The schema at `pointer` in the request body of an operation, with $refs followed. */
  const resolve = (schema: Json): Json => (schema?.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()]) : schema);
  const bodySchema = (path: string, method: string): Json => resolve(doc.paths[path][method].requestBody.content['application/json'].schema);

  it('is valid OpenAPI (swagger-parser validates it against the specification’s schema and resolves every $ref)', async () => {
    // validate() dereferences in place: give it a copy.
    const api = await SwaggerParser.validate(structuredClone(doc));
    assert.ok(api.info.title);
    assert.ok(operations().length > 50, `documents the whole API (${operations().length} operations)`);
  });

  it('has one Error schema matching the error body, and every operation documents its errors with it', () => {
    const error = doc.components.schemas.Error;
    assert.deepEqual(error.required, ['statusCode', 'code', 'message']);
    for (const field of ['statusCode', 'code', 'message', 'fields', 'issues', 'details', 'requestId']) assert.ok(error.properties[field], `Error.${field}`);
    assert.deepEqual(error.properties.issues.items.required, ['path', 'code']);
    const missing: string[] = [];
    for (const { path, method, op } of operations()) {
      const errorRef = (status: string) => {
        const response = op.responses[status]?.$ref ? doc.components.responses[op.responses[status].$ref.split('/').pop()] : op.responses[status];
        return response?.content?.['application/json']?.schema?.$ref;
      };
      for (const status of ['400', '429', '500', '503', 'default']) if (errorRef(status) !== '#/components/schemas/Error') missing.push(`${method} ${path} ${status}`);
      if (op.security?.length) for (const status of ['401', '403']) if (errorRef(status) !== '#/components/schemas/Error') missing.push(`${method} ${path} ${status}`);
      if ((op.parameters ?? []).some((p: Json) => p.in === 'path') && !errorRef('404')) missing.push(`${method} ${path} 404`);
      if (op.requestBody && !errorRef('422')) missing.push(`${method} ${path} 422`);
    }
    assert.deepEqual(missing, []);
  });

  it('marks optional query parameters optional and validates ids as uuids', () => {
    const recordingsQuery = doc.paths['/api/events/{eventId}/recordings'].get.parameters.find((p: Json) => p.name === 'sessionId');
    assert.equal(recordingsQuery.required, false);
    assert.equal(recordingsQuery.schema.format, 'uuid');
    const personQuery = doc.paths['/api/public/events/{slug}/recordings'].get.parameters.find((p: Json) => p.name === 'personId');
    assert.equal(personQuery.required, false);
    assert.equal(personQuery.schema.format, 'uuid');
    const eventId = doc.paths['/api/events/{eventId}'].get.parameters.find((p: Json) => p.name === 'eventId');
    assert.equal(eventId.schema.format, 'uuid');
  });

  it('describes the recording upload’s body', () => {
    const body = doc.paths['/api/events/{eventId}/sessions/{sessionId}/recordings'].post.requestBody;
    assert.ok(body?.required);
    assert.deepEqual(body.content['audio/mpeg'].schema, { type: 'string', format: 'binary' });
  });

  it('gives formats for e-mail, date and uuid, refuses {} for bilingual texts, and says time zones are IANA names', () => {
    assert.equal(bodySchema('/api/auth/login', 'post').properties.email.format, 'email');
    const event = bodySchema('/api/events', 'post');
    assert.equal(event.properties.startDate.format, 'date');
    assert.ok(new RegExp(event.properties.startDate.pattern).test('2030-02-28'));
    for (const day of ['0000-01-01', '9999-12-31', '2031-02-29', '2030-13-01']) assert.ok(!new RegExp(event.properties.startDate.pattern).test(day), `the date pattern refuses ${day}`);
    assert.equal(resolve(event.properties.title).minProperties, 1);
    assert.match(event.properties.timeZone.description, /IANA/);
    assert.ok(new RegExp(event.properties.timeZone.pattern).test('America/Argentina/Buenos_Aires'));
    const session = bodySchema('/api/events/{eventId}/sessions', 'post');
    const startsAt = new RegExp(session.properties.startsAt.pattern);
    for (const ok of ['2019-11-14T09:30', '2019-11-14T09:30:00+01:00', '2019-11-14T23:59:59.999Z']) assert.ok(startsAt.test(ok), ok);
    for (const bad of ['0000-00-00T00:00', '2019-11-14T24:00', '2019-02-30T10:00', '9999-12-31T10:00']) assert.ok(!startsAt.test(bad), bad);
    const person = bodySchema('/api/events/{eventId}/people', 'post');
    assert.equal(person.properties.email.format, 'email');
  });

  it('answers TRACE (and other methods a path does not take) 405 with the error body and Allow, in the reader’s language', async () => {
    const trace = await t.http().trace('/api/events').expect(405);
    assert.equal(trace.body.code, 'METHOD_NOT_ALLOWED');
    assert.match(trace.headers.allow, /GET/);
    assert.match(trace.headers.allow, /POST/);
    assert.match(trace.body.message, /TRACE/);
    const put = await t.http().put('/api/public/events').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(405);
    assert.match(put.body.message, /n’accepte pas/);
    // A path the API does not have stays a 404.
    assert.equal((await t.http().trace('/api/nothing-here')).status, 404);
    assert.equal((await t.http().get('/api/public/events')).status, 200);
  });
});

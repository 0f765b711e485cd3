import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionSchema, loginSchema, type CreateSessionInput } from '@amphi/contracts';
import { createValidationPipe, issuesToFields, parseOrThrow } from './validation';
import { ValidationFailed } from './domain-errors';

const CHAIR = '0b5c2f0e-3c1a-4d3e-9a53-4f1d2f7b8a10';
const SPEAKER = '6f1e6a52-8a1f-4b8e-b9a3-2f5d7c9e0d21';

/** A session every rule accepts; each test spoils one part of it. */
const validSession = () => ({
  type: 'plenary',
  title: { en: 'Citizens in a changing society', fr: 'Citoyens dans une société en mutation' },
  startsAt: '2019-11-14T09:30',
  endsAt: '2019-11-14T11:00',
  chairs: [CHAIR],
  talks: [{ title: { en: 'Elements for a culture of participation' }, speakers: [SPEAKER], plannedMinutes: 40 }],
});

/** The field messages for `input` against the session schema, as the API answers them. */
function sessionFields(input: unknown): Record<string, string> {
  const result = createSessionSchema.safeParse(input);
  assert.equal(result.success, false, 'the input should be refused');
  return issuesToFields(result.error!.issues, input);
}

describe('issuesToFields', () => {
  it('finds nothing to say about a valid session', () => {
    assert.equal(createSessionSchema.safeParse(validSession()).success, true);
  });

  it('keys nested fields by their dotted path', () => {
    const input = validSession();
    input.talks.push({ title: { en: 'Second talk' }, speakers: [SPEAKER], plannedMinutes: 12.5 });
    (input.talks[0] as Record<string, unknown>).plannedMinutes = 'forty';
    input.talks[0].speakers = ['not-a-uuid'];
    const fields = sessionFields(input);
    assert.deepEqual(Object.keys(fields).sort(), ['talks.0.plannedMinutes', 'talks.0.speakers.0', 'talks.1.plannedMinutes']);
    assert.match(fields['talks.0.plannedMinutes'], /expected number/);
    assert.equal(fields['talks.0.speakers.0'], 'must be the id of a person of this event');
    assert.equal(fields['talks.1.plannedMinutes'], 'a whole number of minutes');
  });

  it('reports each unknown key as an unknown field at its own path', () => {
    const input = { ...validSession(), room: 'B', colour: 'red' };
    (input.talks[0] as Record<string, unknown>).duration = 40;
    (input.title as Record<string, unknown>).de = 'Bürger';
    assert.deepEqual(sessionFields(input), {
      room: 'unknown field',
      colour: 'unknown field',
      'talks.0.duration': 'unknown field',
      'title.de': 'unknown field',
    });
  });

  it('says "required" for every missing field, whatever its type', () => {
    const input: Record<string, unknown> = { chairs: [CHAIR], talks: [{ speakers: [] }] };
    assert.deepEqual(sessionFields(input), {
      type: 'required', // an enum: zod 4 says "Invalid option: expected one of ..." for a missing key
      title: 'required',
      startsAt: 'required',
      endsAt: 'required',
      'talks.0.title': 'required',
      'talks.0.plannedMinutes': 'required',
    });
  });

  it('says "required" for missing login fields', () => {
    const result = loginSchema.safeParse({});
    assert.equal(result.success, false);
    assert.deepEqual(issuesToFields(result.error!.issues, {}), { email: 'required', password: 'required' });
  });

  it('keeps the schema message for a field that is present but wrong, even null', () => {
    const fields = sessionFields({ ...validSession(), type: 'lecture', startsAt: null, endsAt: '14 Nov 2019' });
    assert.match(fields.type, /^Invalid option: expected one of "plenary"/);
    assert.match(fields.startsAt, /expected string, received null/);
    assert.match(fields.endsAt, /^must be an ISO-8601 date-time/);
  });

  it('keeps the message of a rule about a missing field rather than saying "required"', () => {
    const { chairs: _chairs, ...withoutChairs } = validSession();
    assert.deepEqual(sessionFields(withoutChairs), { chairs: 'a session other than a break needs at least one chair' });
  });

  it('joins several messages for one field', () => {
    const fields = sessionFields({ ...validSession(), chairs: [CHAIR, CHAIR, 'x'] });
    assert.deepEqual(Object.keys(fields).sort(), ['chairs', 'chairs.2']);
    assert.equal(fields.chairs, 'lists a person twice');
    const both = issuesToFields([
      { message: 'too short', path: ['password'] },
      { message: 'too common', path: ['password'] },
    ]);
    assert.deepEqual(both, { password: 'too short; too common' });
  });

  it('names the body itself when it is not an object', () => {
    assert.deepEqual(Object.keys(sessionFields('a plenary')), ['(body)']);
  });
});

describe('the validation pipe and parseOrThrow', () => {
  it('answers 422 with one message per field, "required" for a missing enum', async () => {
    const pipe = createValidationPipe();
    const { type: _type, ...body } = { ...validSession(), room: 'B' };
    await assert.rejects(pipe.transform(body, { type: 'body', schema: createSessionSchema }), (error: unknown) => {
      assert.ok(error instanceof ValidationFailed);
      assert.equal(error.statusCode, 422);
      assert.deepEqual(error.fields, { type: 'required', room: 'unknown field' });
      return true;
    });
  });

  it('answers the parsed value, with defaults, when the input is valid', async () => {
    const pipe = createValidationPipe();
    const parsed = (await pipe.transform(validSession(), { type: 'body', schema: createSessionSchema })) as unknown as CreateSessionInput;
    assert.equal(parsed.stage, 'main');
    assert.deepEqual(parsed.panelists, []);
  });

  it('parseOrThrow says "required" the same way', () => {
    assert.throws(
      () => parseOrThrow(createSessionSchema, { ...validSession(), type: undefined }),
      (error: unknown) => error instanceof ValidationFailed && error.fields?.type === 'required',
    );
  });
});

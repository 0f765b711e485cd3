import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionSchema, loginSchema, type CreateSessionInput, type FieldIssue } from '@amphi/contracts';
import { renderFields } from './error-texts';
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

/** The field issues for `input` against the session schema, keyed by dotted path, as the API answers them. */
function sessionIssues(input: unknown): Record<string, Array<Pick<FieldIssue, 'code' | 'params'>>> {
  const result = createSessionSchema.safeParse(input);
  assert.equal(result.success, false, 'the input should be refused');
  const byPath: Record<string, Array<Pick<FieldIssue, 'code' | 'params'>>> = {};
  for (const issue of issuesToFields(result.error!.issues, input)) {
    const key = issue.path.join('.') || '(body)';
    (byPath[key] ??= []).push({ code: issue.code, ...(issue.params ? { params: issue.params } : {}) });
  }
  return byPath;
}

describe('issuesToFields', () => {
  it('finds nothing to say about a valid session', () => {
    assert.equal(createSessionSchema.safeParse(validSession()).success, true);
  });

  it('gives nested fields their path as an array, with a code and its params instead of zod’s English', () => {
    const input = validSession();
    input.talks.push({ title: { en: 'Second talk' }, speakers: [SPEAKER], plannedMinutes: 12.5 });
    (input.talks[0] as Record<string, unknown>).plannedMinutes = 'forty';
    input.talks[0].speakers = ['not-a-uuid'];
    const result = createSessionSchema.safeParse(input);
    const issues = issuesToFields(result.error!.issues, input);
    assert.deepEqual(
      issues.map((i) => i.path).sort((a, b) => a.join('.').localeCompare(b.join('.'))),
      [['talks', 0, 'plannedMinutes'], ['talks', 0, 'speakers', 0], ['talks', 1, 'plannedMinutes']],
    );
    assert.deepEqual(sessionIssues(input), {
      'talks.0.plannedMinutes': [{ code: 'invalid_type', params: { expected: 'number' } }],
      'talks.0.speakers.0': [{ code: 'invalid_format', params: { format: 'uuid' } }],
      'talks.1.plannedMinutes': [{ code: 'not_integer' }],
    });
  });

  it('reports each unknown key as an unknown field at its own path', () => {
    const input = { ...validSession(), room: 'B', colour: 'red' };
    (input.talks[0] as Record<string, unknown>).duration = 40;
    (input.title as Record<string, unknown>).de = 'Bürger';
    assert.deepEqual(sessionIssues(input), {
      room: [{ code: 'unknown_field' }],
      colour: [{ code: 'unknown_field' }],
      'talks.0.duration': [{ code: 'unknown_field' }],
      'title.de': [{ code: 'unknown_field' }],
    });
  });

  it('says "required" for every missing field, whatever its type', () => {
    const input: Record<string, unknown> = { chairs: [CHAIR], talks: [{ speakers: [] }] };
    const required = [{ code: 'required' }];
    assert.deepEqual(sessionIssues(input), {
      type: required, // an enum: zod 4 says "Invalid option: expected one of ..." for a missing key
      title: required,
      startsAt: required,
      endsAt: required,
      'talks.0.title': required,
      'talks.0.plannedMinutes': required,
    });
  });

  it('says "required" for missing login fields', () => {
    const result = loginSchema.safeParse({});
    assert.equal(result.success, false);
    assert.deepEqual(issuesToFields(result.error!.issues, {}), [
      { path: ['email'], code: 'required' },
      { path: ['password'], code: 'required' },
    ]);
  });

  it('tells a present but wrong field by what is wrong, even null', () => {
    const issues = sessionIssues({ ...validSession(), type: 'lecture', startsAt: null, endsAt: '14 Nov 2019' });
    assert.equal(issues.type[0].code, 'invalid_option');
    assert.ok((issues.type[0].params?.options as string[]).includes('plenary'));
    assert.deepEqual(issues.startsAt, [{ code: 'invalid_type', params: { expected: 'string' } }]);
    assert.deepEqual(issues.endsAt, [{ code: 'invalid_format', params: { format: 'date_time' } }]);
  });

  it('keeps the rule of a refinement about a missing field rather than saying "required"', () => {
    const { chairs: _chairs, ...withoutChairs } = validSession();
    assert.deepEqual(sessionIssues(withoutChairs), { chairs: [{ code: 'rule', params: { rule: 'chair_required' } }] });
  });

  it('keeps several issues for one field, and renders them in French and English without the path', () => {
    const issues = sessionIssues({ ...validSession(), chairs: [CHAIR, CHAIR, 'x'] });
    assert.deepEqual(Object.keys(issues).sort(), ['chairs', 'chairs.2']);
    assert.deepEqual(issues.chairs, [{ code: 'duplicate' }]);
    const both: FieldIssue[] = [
      { path: ['password'], code: 'too_short', params: { minimum: 10 } },
      { path: ['password'], code: 'rule', params: { rule: 'invalid' } },
    ];
    assert.deepEqual({ ...renderFields(both, 'en') }, { password: 'At least 10 characters. This value is not accepted.' });
    assert.deepEqual({ ...renderFields(both, 'fr') }, { password: 'Au moins 10 caractères. Cette valeur n’est pas acceptée.' });
  });

  it('names the body itself when it is not an object', () => {
    assert.deepEqual(Object.keys(sessionIssues('a plenary')), ['(body)']);
  });
});

describe('the validation pipe and parseOrThrow', () => {
  it('answers 422 with one issue per field, "required" for a missing enum', async () => {
    const pipe = createValidationPipe();
    const { type: _type, ...body } = { ...validSession(), room: 'B' };
    await assert.rejects(pipe.transform(body, { type: 'body', schema: createSessionSchema }), (error: unknown) => {
      assert.ok(error instanceof ValidationFailed);
      assert.equal(error.statusCode, 422);
      assert.deepEqual(
        [...(error.issues ?? [])].sort((a, b) => a.path.join('.').localeCompare(b.path.join('.'))),
        [
          { path: ['room'], code: 'unknown_field' },
          { path: ['type'], code: 'required' },
        ],
      );
      assert.deepEqual({ ...error.toBody('fr').fields }, { room: 'Ce champ n’est pas attendu.', type: 'Obligatoire.' });
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
      (error: unknown) => error instanceof ValidationFailed && error.issues?.some((i) => i.path.join('.') === 'type' && i.code === 'required') === true,
    );
  });
});

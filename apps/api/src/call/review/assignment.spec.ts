import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { autoAssign, seededRandom, type Assignment, type AutoAssignInput } from './assignment';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);
const key = (a: Assignment) => `${a.proposalId}:${a.personId}`;

/** Checks the rules on an answer, independently of how it was computed. */
function check(input: AutoAssignInput, result: ReturnType<typeof autoAssign>) {
  const perProposal = new Map<string, string[]>();
  let violations = 0;
  for (const a of result.assignments) {
    if (input.conflicts.has(key(a))) violations++;
    perProposal.set(a.proposalId, [...(perProposal.get(a.proposalId) ?? []), a.personId]);
  }
  for (const [, people] of perProposal) assert.equal(new Set(people).size, people.length, 'a reviewer twice on a proposal');
  const loads = new Map(input.reviewers.map((r) => [r.id, 0]));
  for (const a of result.assignments) if (loads.has(a.personId)) loads.set(a.personId, loads.get(a.personId)! + 1);
  assert.deepEqual([...loads].sort(), [...result.loads].sort(), 'the loads answered are the loads of the assignments');
  const values = [...loads.values()];
  return { violations, perProposal, spread: Math.max(...values) - Math.min(...values) };
}

describe('autoAssign', () => {
  it('gives every proposal k reviewers with loads even (10 proposals, 4 reviewers, k = 2: 5 each)', () => {
    const input: AutoAssignInput = { proposals: ids('p', 10).map((id) => ({ id, themeKey: null })), reviewers: ids('r', 4).map((id) => ({ id, themeKeys: [] })), k: 2, conflicts: new Set() };
    const result = autoAssign(input);
    const { violations, perProposal, spread } = check(input, result);
    assert.equal(violations, 0);
    assert.equal(result.assignments.length, 20);
    for (const p of input.proposals) assert.equal(perProposal.get(p.id)?.length, 2);
    assert.deepEqual([...result.loads.values()], [5, 5, 5, 5]);
    assert.equal(spread, 0);
    assert.equal(result.maxMinusMin, 0);
    assert.deepEqual(result.shortOf, []);
  });

  it('never assigns a pair in conflict, and still balances when the conflicts push work onto a few', () => {
    // r001 and r002 conflict with half the proposals each: the greedy start would overload r003, r004.
    const proposals = ids('p', 12).map((id) => ({ id, themeKey: null }));
    const conflicts = new Set<string>();
    proposals.forEach((p, i) => conflicts.add(`${p.id}:${i % 2 ? 'r001' : 'r002'}`));
    const input: AutoAssignInput = { proposals, reviewers: ids('r', 4).map((id) => ({ id, themeKeys: [] })), k: 2, conflicts };
    const result = autoAssign(input);
    const { violations, perProposal, spread } = check(input, result);
    assert.equal(violations, 0);
    for (const p of proposals) assert.equal(perProposal.get(p.id)?.length, 2);
    assert.ok(spread <= 1, `spread ${spread}`);
  });

  it('reports in shortOf a proposal in conflict with almost everyone, with how many are missing', () => {
    const proposals = ids('p', 6).map((id) => ({ id, themeKey: null }));
    const reviewers = ids('r', 5).map((id) => ({ id, themeKeys: [] }));
    // p001 conflicts with all but r005; p002 with everyone.
    const conflicts = new Set([...['r001', 'r002', 'r003', 'r004'].map((r) => `p001:${r}`), ...reviewers.map((r) => `p002:${r.id}`)]);
    const input: AutoAssignInput = { proposals, reviewers, k: 3, conflicts };
    const result = autoAssign(input);
    const { violations, perProposal } = check(input, result);
    assert.equal(violations, 0);
    assert.deepEqual(perProposal.get('p001'), ['r005']);
    assert.equal(perProposal.get('p002'), undefined);
    assert.deepEqual(
      [...result.shortOf].sort((a, b) => a.proposalId.localeCompare(b.proposalId)),
      [
        { proposalId: 'p001', missing: 2 },
        { proposalId: 'p002', missing: 3 },
      ],
    );
    for (const p of ['p003', 'p004', 'p005', 'p006']) assert.equal(perProposal.get(p)?.length, 3);
  });

  it('keeps the existing assignments, counts them towards k and in the loads, and completes the rest', () => {
    const proposals = ids('p', 6).map((id) => ({ id, themeKey: null }));
    const reviewers = ids('r', 3).map((id) => ({ id, themeKeys: [] }));
    const existing = [
      { proposalId: 'p001', personId: 'r001' },
      { proposalId: 'p002', personId: 'r001' },
      { proposalId: 'p003', personId: 'r001' },
    ];
    const input: AutoAssignInput = { proposals, reviewers, k: 2, conflicts: new Set(), existing };
    const result = autoAssign(input);
    const { perProposal, spread } = check(input, result);
    for (const e of existing) assert.ok(result.assignments.some((a) => key(a) === key(e)), `kept ${key(e)}`);
    assert.equal(result.added.length, 9);
    assert.ok(!result.added.some((a) => existing.some((e) => key(e) === key(a))));
    for (const p of proposals) assert.equal(perProposal.get(p.id)?.length, 2);
    assert.deepEqual([...result.loads.values()], [4, 4, 4]);
    assert.equal(spread, 0);
  });

  it('prefers the reviewers of the proposal’s theme with byTheme, and ignores themes without it', () => {
    const proposals = [...ids('h', 10).map((id) => ({ id, themeKey: 'health' })), ...ids('e', 10).map((id) => ({ id, themeKey: 'education' }))];
    const reviewers = [
      { id: 'ann', themeKeys: ['health'] },
      { id: 'ben', themeKeys: ['health'] },
      { id: 'cat', themeKeys: ['education'] },
      { id: 'dan', themeKeys: ['education'] },
    ];
    const themed = autoAssign({ proposals, reviewers, k: 2, conflicts: new Set(), byTheme: true });
    const themeOf = new Map(proposals.map((p) => [p.id, p.themeKey]));
    const matched = (r: ReturnType<typeof autoAssign>) => r.assignments.filter((a) => reviewers.find((x) => x.id === a.personId)!.themeKeys.includes(themeOf.get(a.proposalId)!)).length;
    assert.equal(matched(themed), 40, 'every assignment on the reviewer’s theme');
    assert.equal(themed.maxMinusMin, 0);
    const plain = autoAssign({ proposals, reviewers, k: 2, conflicts: new Set(), byTheme: false });
    assert.ok(matched(plain) < 40);
    assert.equal(plain.maxMinusMin, 0);
  });

  it('puts balance before themes: a theme with one reviewer does not overload them', () => {
    const proposals = ids('h', 12).map((id) => ({ id, themeKey: 'health' }));
    const reviewers = [{ id: 'ann', themeKeys: ['health'] }, ...ids('r', 3).map((id) => ({ id, themeKeys: [] as string[] }))];
    const result = autoAssign({ proposals, reviewers, k: 1, conflicts: new Set(), byTheme: true });
    assert.deepEqual([...result.loads.values()], [3, 3, 3, 3]);
  });

  it('is deterministic for the same input and seed, whatever the input’s order', () => {
    const proposals = ids('p', 40).map((id, i) => ({ id, themeKey: ['a', 'b', 'c'][i % 3] }));
    const reviewers = ids('r', 7).map((id, i) => ({ id, themeKeys: [['a', 'b', 'c'][i % 3]] }));
    const conflicts = new Set(['p003:r001', 'p010:r004', 'p020:r007']);
    const a = autoAssign({ proposals, reviewers, k: 2, conflicts, byTheme: true, seed: 'event-1' });
    const b = autoAssign({ proposals: [...proposals].reverse(), reviewers: [...reviewers].reverse(), k: 2, conflicts, byTheme: true, seed: 'event-1' });
    assert.deepEqual(a.assignments.map(key).sort(), b.assignments.map(key).sort());
    assert.deepEqual(a.assignments, autoAssign({ proposals, reviewers, k: 2, conflicts, byTheme: true, seed: 'event-1' }).assignments);
  });

  it('assigns 500 proposals to 40 reviewers, 3 each, with 5 % conflicts: max − min ≤ 1 and no violation', () => {
    const random = seededRandom('unit-500');
    const themes = ['health', 'education', 'work', 'citizenship'];
    const proposals = ids('p', 500).map((id, i) => ({ id, themeKey: themes[i % 4] }));
    const reviewers = ids('r', 40).map((id, i) => ({ id, themeKeys: [themes[i % 4], themes[(i + 1) % 4]] }));
    const conflicts = new Set<string>();
    for (const p of proposals) for (const r of reviewers) if (random() < 0.05) conflicts.add(`${p.id}:${r.id}`);
    for (const byTheme of [false, true]) {
      const input: AutoAssignInput = { proposals, reviewers, k: 3, conflicts, byTheme };
      const started = performance.now();
      const result = autoAssign(input);
      const ms = performance.now() - started;
      const { violations, perProposal, spread } = check(input, result);
      assert.equal(violations, 0);
      assert.ok(spread <= 1, `spread ${spread}`);
      assert.equal(result.maxMinusMin, spread);
      assert.deepEqual(result.shortOf, []);
      for (const p of proposals) assert.equal(perProposal.get(p.id)?.length, 3);
      assert.ok(ms < 2000, `${ms} ms`);
    }
  });

  it('balances as far as the conflicts allow when perfect balance is impossible', () => {
    // Only r001 may review p001..p006 (everyone else conflicts): r001 must carry 6 with k = 1.
    const proposals = ids('p', 8).map((id) => ({ id, themeKey: null }));
    const reviewers = ids('r', 4).map((id) => ({ id, themeKeys: [] }));
    const conflicts = new Set<string>();
    for (const p of proposals.slice(0, 6)) for (const r of ['r002', 'r003', 'r004']) conflicts.add(`${p.id}:${r}`);
    const input: AutoAssignInput = { proposals, reviewers, k: 1, conflicts };
    const result = autoAssign(input);
    const { violations } = check(input, result);
    assert.equal(violations, 0);
    assert.equal(result.loads.get('r001'), 6);
    assert.equal(result.assignments.length, 8);
  });

  it('answers nothing to do without reviewers or with k = 0', () => {
    const proposals = ids('p', 3).map((id) => ({ id, themeKey: null }));
    assert.deepEqual(autoAssign({ proposals, reviewers: [], k: 2, conflicts: new Set() }).shortOf.map((s) => s.missing), [2, 2, 2]);
    assert.equal(autoAssign({ proposals, reviewers: [{ id: 'r', themeKeys: [] }], k: 0, conflicts: new Set() }).assignments.length, 0);
  });
});

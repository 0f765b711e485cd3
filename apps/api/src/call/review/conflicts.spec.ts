import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { conflictKey, conflictsOf, detectConflicts, normaliseText, sameAffiliation, samePerson, type ConflictInput, type ConflictProposal, type ConflictReviewer } from './conflicts';

const reviewer = (personId: string, name: string, affiliation: string | null = null, email: string | null = null): ConflictReviewer => ({ personId, name, affiliation, email });
const proposal = (id: string, authors: ConflictProposal['authors'], conflictPersonIds: string[] = []): ConflictProposal => ({ id, authors, conflictPersonIds });

describe('normaliseText and sameAffiliation', () => {
  it('ignores case, accents, punctuation and runs of spaces', () => {
    assert.equal(normaliseText('Univ. Lyon 2'), 'univ lyon 2');
    assert.equal(normaliseText('  Université   Lumière-Lyon 2 '), 'universite lumiere lyon 2');
    assert.ok(sameAffiliation('Univ. Lyon 2', 'univ lyon 2'));
    assert.ok(sameAffiliation('École des hautes études en sciences sociales', 'ECOLE DES HAUTES ETUDES EN SCIENCES SOCIALES'));
    assert.ok(sameAffiliation('CNRS (UMR 5600)', 'cnrs umr 5600'));
  });

  it('never matches an empty or missing affiliation, not even with another empty one', () => {
    assert.equal(sameAffiliation('', ''), false);
    assert.equal(sameAffiliation(null, null), false);
    assert.equal(sameAffiliation(' . ', '-'), false);
    assert.equal(sameAffiliation('Univ. Lyon 2', 'Univ. Lyon 3'), false);
  });
});

describe('samePerson', () => {
  it('compares by e-mail when both have one, whatever the names', () => {
    assert.ok(samePerson({ name: 'Eve Gardien', email: 'Eve.Gardien@Example.org' }, { name: 'E. Gardien', email: 'eve.gardien@example.org' }));
    assert.equal(samePerson({ name: 'Eve Gardien', email: 'eve@a.org' }, { name: 'Eve Gardien', email: 'eve@b.org' }), false);
  });

  it('compares normalised names when one has no e-mail', () => {
    assert.ok(samePerson({ name: 'Joëlle  Zask' }, { name: 'joelle zask', email: 'jz@example.org' }));
    assert.equal(samePerson({ name: '' }, { name: '' }), false);
  });
});

describe('detectConflicts', () => {
  const alice = reviewer('alice', 'Alice Martin', 'Univ. Lyon 2', 'alice@lyon2.fr');
  const bruno = reviewer('bruno', 'Bruno Petit', 'EHESS', 'bruno@ehess.fr');
  const chloe = reviewer('chloe', 'Chloé Durand', null, null);
  const david = reviewer('david', 'David Roux', '', 'david@example.org');

  const input: ConflictInput = {
    reviewers: [alice, bruno, chloe, david],
    proposals: [
      // An author of Lyon 2 (written differently): same affiliation as Alice; declared by the authors with Bruno.
      proposal('p1', [{ name: 'Zoé Bernard', email: 'zoe@example.org', affiliation: 'univ lyon 2' }], ['bruno', 'not-a-reviewer']),
      // Chloé wrote it (no e-mail: by her name), with Yann.
      proposal('p2', [{ name: 'chloe durand', affiliation: 'Université de Lille' }, { name: 'Yann Moreau', email: 'yann@example.org' }]),
      // Yann again: Chloé co-authored p2 with him, so she has a conflict with p3 too.
      proposal('p3', [{ name: 'Yann Moreau', email: 'YANN@example.org', affiliation: '' }]),
      // Nobody's.
      proposal('p4', [{ name: 'Inès Leroy', email: 'ines@example.org', affiliation: 'Sorbonne' }]),
    ],
    declaredByReviewers: [
      { proposalId: 'p4', personId: 'david' },
      { proposalId: 'p1', personId: 'bruno' },
      { proposalId: 'p-gone', personId: 'david' },
    ],
  };
  const conflicts = detectConflicts(input);

  it('finds each source, in the contracts’ order, and nothing else', () => {
    assert.deepEqual(Object.fromEntries(conflicts), {
      [conflictKey('p1', 'alice')]: ['same_affiliation'],
      [conflictKey('p1', 'bruno')]: ['declared_by_author', 'declared_by_reviewer'],
      [conflictKey('p2', 'chloe')]: ['is_author'],
      [conflictKey('p3', 'chloe')]: ['co_author'],
      [conflictKey('p4', 'david')]: ['declared_by_reviewer'],
    });
  });

  it('never makes an empty affiliation a conflict (David and Yann both have none)', () => {
    assert.equal(conflicts.has(conflictKey('p3', 'david')), false);
  });

  it('ignores declarations about people outside the committee or proposals outside the call', () => {
    assert.equal([...conflicts.keys()].some((k) => k.includes('not-a-reviewer') || k.includes('p-gone')), false);
  });

  it('finds a reviewer who is an author by e-mail, and their co-authors through another proposal', () => {
    const eve = reviewer('eve', 'Eve Gardien', 'Université Rennes 2', 'eve@rennes2.fr');
    const result = detectConflicts({
      reviewers: [eve],
      proposals: [
        proposal('q1', [{ name: 'E. Gardien', email: 'Eve@Rennes2.fr' }, { name: 'Tom Lambert' }]),
        proposal('q2', [{ name: 'tom lambert', affiliation: 'IRD' }]),
        proposal('q3', [{ name: 'Tom Lambertini' }]),
      ],
      declaredByReviewers: [],
    });
    assert.deepEqual(Object.fromEntries(result), { [conflictKey('q1', 'eve')]: ['is_author'], [conflictKey('q2', 'eve')]: ['co_author'] });
  });

  it('does not call the reviewer their own co-author', () => {
    const eve = reviewer('eve', 'Eve Gardien', null, 'eve@rennes2.fr');
    const result = detectConflicts({
      reviewers: [eve],
      proposals: [proposal('q1', [{ name: 'Eve Gardien', email: 'eve@rennes2.fr' }]), proposal('q2', [{ name: 'Eve Gardien', email: 'eve@rennes2.fr' }])],
      declaredByReviewers: [],
    });
    assert.deepEqual(Object.fromEntries(result), { [conflictKey('q1', 'eve')]: ['is_author'], [conflictKey('q2', 'eve')]: ['is_author'] });
  });

  it('answers one pair with conflictsOf', () => {
    assert.deepEqual(conflictsOf(input, 'p3', 'chloe'), ['co_author']);
    assert.deepEqual(conflictsOf(input, 'p4', 'alice'), []);
  });
});

/**
 * Automatic assignment of reviewers to proposals (pure: plain data in, assignments out, no I/O).
 *
 * The rules, in order of precedence:
 * 1. never a pair in conflict, never the same reviewer twice on a proposal;
 * 2. each proposal gets k reviewers, counting those it already has; when fewer conflict-free
 *    reviewers exist, it gets them all and is reported in `shortOf` with how many are missing;
 * 3. loads (existing assignments included) balanced: max − min ≤ 1 whenever that is possible;
 * 4. with `byTheme`, reviewers of the proposal's theme are preferred.
 *
 * The method. Proposals with the fewest eligible reviewers go first, each to the least-loaded
 * eligible reviewers (with `byTheme`, those of its theme first while they are under the even share).
 * Then a repair pass: while some reviewer carries two more than another, an assignment moves along
 * a chain of reviewers X0 → X1 → … → Xm (X0 gives one of its new proposals to X1, which gives one of
 * its own to X2, …), found by a breadth-first search from the most loaded to one with at least two
 * fewer. Each move lowers the sum of the squared loads, so the pass ends; when no chain exists the
 * loads are as even as the conflicts allow (the loads form a polymatroid's base: a base with no such
 * chain minimises the largest load and maximises the smallest at once). Existing assignments never move.
 *
 * Deterministic: ties are broken by an order of the reviewers and proposals drawn from `seed`, never Math.random.
 */

export interface AssignmentProposal {
  id: string;
  themeKey: string | null;
}
export interface AssignmentReviewer {
  id: string;
  themeKeys: string[];
}
export interface Assignment {
  proposalId: string;
  personId: string;
}
export interface AutoAssignInput {
  proposals: AssignmentProposal[];
  reviewers: AssignmentReviewer[];
  k: number;
  /** Pairs in conflict, as conflictKey(proposalId, personId) = "proposalId:personId". */
  conflicts: { has(key: string): boolean };
  /** Assignments to keep: they count towards k and in the loads, and never move. */
  existing?: Assignment[];
  byTheme?: boolean;
  /** The tie-breaking order's seed (the same input and seed give the same answer). */
  seed?: string | number;
  /** Bound on the repair pass's moves (a safety net; the pass ends on its own). */
  maxRepairMoves?: number;
}
export interface AutoAssignResult {
  /** Every assignment: the kept ones, then the new ones. */
  assignments: Assignment[];
  /** Only the new ones. */
  added: Assignment[];
  /** Load of every reviewer (existing assignments included). */
  loads: Map<string, number>;
  maxMinusMin: number;
  shortOf: Array<{ proposalId: string; missing: number }>;
}

const pairKey = (proposalId: string, personId: string) => `${proposalId}:${personId}`;

/** A small, well-mixed 32-bit generator (mulberry32) seeded from a string: a stable order for ties. */
export function seededRandom(seed: string | number): () => number {
  let h = 1779033703 ^ String(seed).length;
  for (const ch of String(seed)) {
    h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rank per id in a seeded shuffle of the ids sorted (the input's order does not matter). */
function seededRanks(ids: string[], random: () => number): Map<string, number> {
  const order = [...ids].sort();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return new Map(order.map((id, i) => [id, i]));
}

export function autoAssign(input: AutoAssignInput): AutoAssignResult {
  const k = Math.max(0, Math.floor(input.k));
  const random = seededRandom(input.seed ?? 'amphi');
  const reviewerRank = seededRanks(
    input.reviewers.map((r) => r.id),
    random,
  );
  const proposalRank = seededRanks(
    input.proposals.map((p) => p.id),
    random,
  );
  const reviewers = [...new Map(input.reviewers.map((r) => [r.id, r])).values()].sort((a, b) => reviewerRank.get(a.id)! - reviewerRank.get(b.id)!);
  const themesOf = new Map(reviewers.map((r) => [r.id, new Set(r.themeKeys)]));
  const proposals = [...new Map(input.proposals.map((p) => [p.id, p])).values()];
  const themeOf = new Map(proposals.map((p) => [p.id, p.themeKey]));
  const matchesTheme = (proposalId: string, personId: string) => {
    const theme = themeOf.get(proposalId);
    return !!input.byTheme && theme != null && themesOf.get(personId)!.has(theme);
  };

  const load = new Map(reviewers.map((r) => [r.id, 0]));
  /** Reviewers on each proposal (kept and new). */
  const on = new Map(proposals.map((p) => [p.id, new Set<string>()]));
  const kept: Assignment[] = [];
  const keptKeys = new Set<string>();
  for (const a of input.existing ?? []) {
    const key = pairKey(a.proposalId, a.personId);
    if (keptKeys.has(key)) continue;
    keptKeys.add(key);
    kept.push({ proposalId: a.proposalId, personId: a.personId });
    on.get(a.proposalId)?.add(a.personId);
    if (load.has(a.personId)) load.set(a.personId, load.get(a.personId)! + 1);
  }

  const eligible = new Map<string, string[]>();
  for (const p of proposals) {
    const already = on.get(p.id)!;
    eligible.set(
      p.id,
      reviewers.filter((r) => !already.has(r.id) && !input.conflicts.has(pairKey(p.id, r.id))).map((r) => r.id),
    );
  }
  const need = new Map(proposals.map((p) => [p.id, Math.max(0, k - on.get(p.id)!.size)]));

  // The even share, to let theme preference work without letting anyone run ahead.
  const total = [...load.values()].reduce((a, b) => a + b, 0) + proposals.reduce((sum, p) => sum + Math.min(need.get(p.id)!, eligible.get(p.id)!.length), 0);
  const share = reviewers.length ? Math.ceil(total / reviewers.length) : 0;

  /** New assignments: per reviewer, the proposals they got in this run (the only ones that may move). */
  const added = new Map(reviewers.map((r) => [r.id, new Set<string>()]));
  const shortOf: Array<{ proposalId: string; missing: number }> = [];

  const order = [...proposals].sort((a, b) => eligible.get(a.id)!.length - need.get(a.id)! - (eligible.get(b.id)!.length - need.get(b.id)!) || proposalRank.get(a.id)! - proposalRank.get(b.id)!);
  for (const p of order) {
    const wanted = need.get(p.id)!;
    if (wanted === 0) continue;
    const candidates = eligible.get(p.id)!;
    const ranked = [...candidates].sort((a, b) => {
      if (input.byTheme) {
        // Of their theme first while under the even share; then the least loaded.
        const ta = matchesTheme(p.id, a) && load.get(a)! < share ? 0 : 1;
        const tb = matchesTheme(p.id, b) && load.get(b)! < share ? 0 : 1;
        if (ta !== tb) return ta - tb;
      }
      return load.get(a)! - load.get(b)! || (matchesTheme(p.id, b) ? 1 : 0) - (matchesTheme(p.id, a) ? 1 : 0) || reviewerRank.get(a)! - reviewerRank.get(b)!;
    });
    const chosen = ranked.slice(0, wanted);
    for (const personId of chosen) {
      on.get(p.id)!.add(personId);
      added.get(personId)!.add(p.id);
      load.set(personId, load.get(personId)! + 1);
    }
    if (chosen.length < wanted) shortOf.push({ proposalId: p.id, missing: wanted - chosen.length });
  }

  repair({ reviewers: reviewers.map((r) => r.id), load, on, added, conflicts: input.conflicts, matchesTheme, maxMoves: input.maxRepairMoves ?? 100_000 });

  const newAssignments: Assignment[] = [];
  for (const p of [...proposals].sort((a, b) => proposalRank.get(a.id)! - proposalRank.get(b.id)!))
    for (const r of reviewers) if (added.get(r.id)!.has(p.id)) newAssignments.push({ proposalId: p.id, personId: r.id });
  const values = [...load.values()];
  return {
    assignments: [...kept, ...newAssignments],
    added: newAssignments,
    loads: load,
    maxMinusMin: values.length ? Math.max(...values) - Math.min(...values) : 0,
    shortOf: shortOf.sort((a, b) => proposalRank.get(a.proposalId)! - proposalRank.get(b.proposalId)!),
  };
}

interface RepairState {
  reviewers: string[];
  load: Map<string, number>;
  on: Map<string, Set<string>>;
  added: Map<string, Set<string>>;
  conflicts: { has(key: string): boolean };
  matchesTheme: (proposalId: string, personId: string) => boolean;
  maxMoves: number;
}

/**
 * Moves new assignments along chains of reviewers until no reviewer carries two more than another,
 * or no chain can (the conflicts forbid it). Each step: BFS from the most loaded reviewers to any
 * reviewer carrying at least two fewer than the chain's start.
 */
function repair(s: RepairState): void {
  let moves = 0;
  while (moves < s.maxMoves) {
    const loads = s.reviewers.map((r) => s.load.get(r)!);
    if (loads.length === 0) return;
    const max = Math.max(...loads);
    const min = Math.min(...loads);
    if (max - min <= 1) return;
    // From every load level down, so that when the most loaded cannot shed, the least loaded can still gain.
    const chain = findChain(s, max) ?? findChainTo(s, min);
    if (!chain) return;
    for (const { proposalId, from, to } of chain) {
      s.added.get(from)!.delete(proposalId);
      s.added.get(to)!.add(proposalId);
      s.on.get(proposalId)!.delete(from);
      s.on.get(proposalId)!.add(to);
    }
    const start = chain[0].from;
    const end = chain[chain.length - 1].to;
    s.load.set(start, s.load.get(start)! - 1);
    s.load.set(end, s.load.get(end)! + 1);
    moves += chain.length;
  }
}

interface Move {
  proposalId: string;
  from: string;
  to: string;
}

/** The moves X → Y possible now: one of X's new proposals that Y may take (free of conflict, not on it yet); a theme-keeping one first. */
function edge(s: RepairState, from: string, to: string): Move | null {
  let fallback: Move | null = null;
  for (const proposalId of s.added.get(from)!) {
    if (s.on.get(proposalId)!.has(to) || s.conflicts.has(pairKey(proposalId, to))) continue;
    const move = { proposalId, from, to };
    if (s.matchesTheme(proposalId, to) || !s.matchesTheme(proposalId, from)) return move;
    fallback ??= move;
  }
  return fallback;
}

/** A chain from a reviewer with load `max` to one with load ≤ max − 2 (BFS: the shortest). */
function findChain(s: RepairState, max: number): Move[] | null {
  const sources = s.reviewers.filter((r) => s.load.get(r) === max);
  return bfs(s, sources, (r) => s.load.get(r)! <= max - 2, 'forward');
}

/** A chain from a reviewer with load ≥ min + 2 to one with load `min`. */
function findChainTo(s: RepairState, min: number): Move[] | null {
  const targets = s.reviewers.filter((r) => s.load.get(r) === min);
  return bfs(s, targets, (r) => s.load.get(r)! >= min + 2, 'backward');
}

function bfs(s: RepairState, starts: string[], isGoal: (r: string) => boolean, direction: 'forward' | 'backward'): Move[] | null {
  const via = new Map<string, Move | null>(starts.map((r) => [r, null]));
  const queue = [...starts];
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i];
    for (const other of s.reviewers) {
      if (via.has(other)) continue;
      const move = direction === 'forward' ? edge(s, current, other) : edge(s, other, current);
      if (!move) continue;
      via.set(other, move);
      if (isGoal(other)) {
        // Walk back to a start; forward chains read start → goal, backward ones goal → start.
        const moves: Move[] = [];
        for (let at: string = other; via.get(at); ) {
          const m = via.get(at)!;
          moves.push(m);
          at = direction === 'forward' ? m.from : m.to;
        }
        return direction === 'forward' ? moves.reverse() : moves;
      }
      queue.push(other);
    }
  }
  return null;
}

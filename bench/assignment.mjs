#!/usr/bin/env node
// npm run bench:assignment [-- PROPOSALS [REVIEWERS [K [CONFLICT_RATE]]]]
// The automatic assignment of reviewers (apps/api/src/call/review/assignment.ts, compiled by
// `npm run build` into dist/apps/api/call/review/assignment.js): PROPOSALS (default 500) proposals
// on 4 themes, REVIEWERS (default 40) reviewers with two themes each, K (default 3) reviewers per
// proposal, CONFLICT_RATE (default 0.05) of the pairs in conflict, drawn by a seeded generator
// (BENCH_SEED, default "amphi-bench"): the same run every time.
//
// The baseline, in the same run, on the same input: a naive greedy that gives each proposal the
// first K reviewers in the committee's order that are free of conflict (no balancing), as one would
// write it without thinking of loads. Both answers are checked here, independently of the code that
// made them: conflicts violated (a pair in conflict assigned), a reviewer twice on a proposal,
// proposals without K reviewers, and the spread of the loads (max − min). Each is timed as the
// median of BENCH_RUNS (default 5) runs, after one warm-up.
//
// Prints a table, then, as its last line, the JSON of Amphi's algorithm:
// {"ms":…, "max_minus_min":…, "conflicts_violated":…}. Targets: 0 violated, max_minus_min ≤ 1, under 2 s.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib.mjs';

const PROPOSALS = Number(process.argv[2] ?? process.env.BENCH_PROPOSALS ?? 500);
const REVIEWERS = Number(process.argv[3] ?? process.env.BENCH_REVIEWERS ?? 40);
const K = Number(process.argv[4] ?? process.env.BENCH_K ?? 3);
const CONFLICT_RATE = Number(process.argv[5] ?? process.env.BENCH_CONFLICT_RATE ?? 0.05);
const SEED = process.env.BENCH_SEED ?? 'amphi-bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THEMES = ['health', 'education', 'work', 'citizenship'];

const modulePath = join(root, 'dist/apps/api/call/review/assignment.js');
if (!existsSync(modulePath)) {
  console.error(`${modulePath} is missing: run \`npm run bench:assignment\`, which builds it first.`);
  process.exit(1);
}
const { autoAssign, seededRandom } = (await import(modulePath)).default ?? (await import(modulePath));

// --- The input, the same for both -----------------------------------------------------------------
const random = seededRandom(SEED);
const pad = (i) => String(i + 1).padStart(4, '0');
const proposals = Array.from({ length: PROPOSALS }, (_, i) => ({ id: `proposal-${pad(i)}`, themeKey: THEMES[Math.floor(random() * THEMES.length)] }));
const reviewers = Array.from({ length: REVIEWERS }, (_, i) => ({ id: `reviewer-${pad(i)}`, themeKeys: [THEMES[i % THEMES.length], THEMES[(i + 1) % THEMES.length]] }));
const conflicts = new Set();
for (const p of proposals) for (const r of reviewers) if (random() < CONFLICT_RATE) conflicts.add(`${p.id}:${r.id}`);

// --- The baseline: the first K conflict-free reviewers in order -------------------------------------
function naiveGreedy({ proposals, reviewers, k, conflicts }) {
  const assignments = [];
  for (const p of proposals) {
    let given = 0;
    for (const r of reviewers) {
      if (given === k) break;
      if (conflicts.has(`${p.id}:${r.id}`)) continue;
      assignments.push({ proposalId: p.id, personId: r.id });
      given++;
    }
  }
  return { assignments };
}

// --- Checks, independent of either algorithm --------------------------------------------------------
function measure(assignments) {
  const loads = new Map(reviewers.map((r) => [r.id, 0]));
  const perProposal = new Map(proposals.map((p) => [p.id, new Set()]));
  let violated = 0;
  let duplicates = 0;
  for (const a of assignments) {
    if (conflicts.has(`${a.proposalId}:${a.personId}`)) violated++;
    const on = perProposal.get(a.proposalId);
    if (on.has(a.personId)) duplicates++;
    on.add(a.personId);
    loads.set(a.personId, loads.get(a.personId) + 1);
  }
  const values = [...loads.values()];
  const themeOf = new Map(proposals.map((p) => [p.id, p.themeKey]));
  const themesOf = new Map(reviewers.map((r) => [r.id, r.themeKeys]));
  const onTheme = assignments.filter((a) => themesOf.get(a.personId).includes(themeOf.get(a.proposalId))).length;
  return {
    assignments: assignments.length,
    conflicts_violated: violated,
    duplicates,
    short: [...perProposal.values()].filter((s) => s.size < K).length,
    min_load: Math.min(...values),
    max_load: Math.max(...values),
    max_minus_min: Math.max(...values) - Math.min(...values),
    on_theme: `${Math.round((onTheme / Math.max(1, assignments.length)) * 100)} %`,
  };
}

function timed(run) {
  run(); // warm-up
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    result = run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)] * 10) / 10, result };
}

const input = { proposals, reviewers, k: K, conflicts };
const baseline = timed(() => naiveGreedy(input));
const amphi = timed(() => autoAssign({ ...input, byTheme: false, seed: SEED }));
const amphiThemed = timed(() => autoAssign({ ...input, byTheme: true, seed: SEED }));

const rows = [
  { algorithm: 'baseline: first free reviewers', ms: baseline.ms, ...measure(baseline.result.assignments) },
  { algorithm: 'Amphi autoAssign', ms: amphi.ms, ...measure(amphi.result.assignments) },
  { algorithm: 'Amphi autoAssign, byTheme', ms: amphiThemed.ms, ...measure(amphiThemed.result.assignments) },
];
console.log(`${PROPOSALS} proposals on ${THEMES.length} themes, ${REVIEWERS} reviewers, k = ${K}, ${conflicts.size} pairs in conflict (${((conflicts.size / (PROPOSALS * REVIEWERS)) * 100).toFixed(1)} %), median of ${RUNS} runs`);
console.table(rows);
const mine = rows[1];
const ok = mine.conflicts_violated === 0 && mine.duplicates === 0 && mine.short === 0 && mine.max_minus_min <= 1 && mine.ms < 2000;
console.log(ok ? 'Targets met: 0 violated, max − min ≤ 1, under 2 s.' : 'TARGETS MISSED: see the table.');
console.log(JSON.stringify({ ms: mine.ms, max_minus_min: mine.max_minus_min, conflicts_violated: mine.conflicts_violated }));
if (!ok) process.exitCode = 1;
